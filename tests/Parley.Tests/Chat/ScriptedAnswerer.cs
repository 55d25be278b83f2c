using System.Collections.Concurrent;
using Parley.Features.Knowledge;

namespace Parley.Tests.Chat;

/// <summary>
/// Stands in for the knowledge base: the kind of answer is chosen by a marker in the message — <c>[handoff]</c>, <c>[unknown]</c>,
/// <c>[clarify]</c>, <c>[greeting]</c>, <c>[fail]</c> (throws) — and anything else is an <see cref="ChatAnswerKind.Answer"/> citing
/// <see cref="SourceId"/>. It remembers every question, so tests can see what the chat passed on.
/// </summary>
public sealed class ScriptedAnswerer : IChatAnswerer
{
    public const string Engine = "scripted";
    public const string SourceId = "faq-prices";

    public static readonly ScriptedAnswerer Instance = new();

    private readonly ConcurrentQueue<ChatQuestion> _questions = new();

    public IReadOnlyList<ChatQuestion> QuestionsFor(string workspaceId) => _questions.Where(q => q.WorkspaceId == workspaceId).ToList();

    public Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        _questions.Enqueue(question);
        var text = question.Message.ToLowerInvariant();
        var language = question.Language ?? (text.Contains("hello", StringComparison.Ordinal) ? "en" : "pl");
        ChatAnswer Reply(ChatAnswerKind kind, IReadOnlyList<ChatSource>? sources = null) =>
            new($"{kind} reply to: {question.Message}", language, Engine, sources ?? [], kind, kind == ChatAnswerKind.Answer ? 0.9 : 0.2);

        if (text.Contains("[fail]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The knowledge base is down.");
        }

        return Task.FromResult(
            text.Contains("[handoff]", StringComparison.Ordinal) ? Reply(ChatAnswerKind.Handoff)
            : text.Contains("[unknown]", StringComparison.Ordinal) ? Reply(ChatAnswerKind.Unknown)
            : text.Contains("[clarify]", StringComparison.Ordinal) ? Reply(ChatAnswerKind.Clarify)
            : text.Contains("[greeting]", StringComparison.Ordinal) ? Reply(ChatAnswerKind.Greeting)
            : Reply(ChatAnswerKind.Answer, [new ChatSource(SourceId, "faq", "Prices")]));
    }
}

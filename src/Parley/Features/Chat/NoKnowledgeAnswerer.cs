using Parley.Features.Ai.Engine;
using Parley.Features.Knowledge;

namespace Parley.Features.Chat;

/// <summary>
/// What answers when no knowledge base is installed (no <see cref="IChatAnswerer"/> registered): every question is
/// <see cref="ChatAnswerKind.Unknown"/> — collected for the owner — and the visitor is told, in their language, that a person
/// will answer. Not registered as <see cref="IChatAnswerer"/>, so any real answerer takes precedence whatever the order.
/// </summary>
public sealed class NoKnowledgeAnswerer(BuiltinLanguageEngine engine) : IChatAnswerer
{
    public const string Engine = "none";

    /// <summary>Below this, a detected language is a guess; the page's language is trusted instead.</summary>
    private const double DetectionConfidence = 0.5;

    public Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        var language = LanguageOf(question.Message, question.Language);
        return Task.FromResult(new ChatAnswer(ChatPhrases.Get("person_will_answer", language), language, Engine, [], ChatAnswerKind.Unknown, 0));
    }

    private string LanguageOf(string message, string? known)
    {
        var guess = engine.Detector.Detect(message);
        if (guess.Confidence >= DetectionConfidence && ChatPhrases.Languages.Contains(guess.Code))
        {
            return guess.Code;
        }

        return ChatPhrases.Normalize(known) is { } page && ChatPhrases.Languages.Contains(page) ? page : "pl";
    }
}

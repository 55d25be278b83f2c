namespace Parley.Features.Knowledge;

/// <summary>
/// The seam between the chat (conversations, widget, hand-off) and the knowledge base (entries, search, answering).
/// The chat stores and delivers; the answerer decides what to say and whether a person is needed.
/// </summary>
public interface IChatAnswerer
{
    Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken);
}

/// <summary>A visitor's message with the conversation so far (oldest first) and the language already known, if any.</summary>
public sealed record ChatQuestion(string WorkspaceId, string Message, string? Language, IReadOnlyList<ChatTurn> History);

/// <summary>One earlier message; <paramref name="Role"/> is <c>visitor</c>, <c>bot</c> or <c>agent</c>.</summary>
public sealed record ChatTurn(string Role, string Text);

/// <summary>
/// What to answer. <see cref="ChatAnswerKind.Handoff"/> means a person should take over (asked for, or the visitor is frustrated);
/// <see cref="ChatAnswerKind.Clarify"/> and <see cref="ChatAnswerKind.Unknown"/> mean the knowledge base had no confident answer.
/// </summary>
public sealed record ChatAnswer(
    string Response,
    string Language,
    string Engine,
    IReadOnlyList<ChatSource> Sources,
    ChatAnswerKind Kind,
    double Confidence);

/// <summary>A knowledge entry an answer used: its id, its kind (<c>faq</c>, <c>packages</c>, …) and a title to show.</summary>
public sealed record ChatSource(string Id, string Kind, string Title);

public enum ChatAnswerKind
{
    Answer,
    Greeting,
    Thanks,
    Goodbye,
    Clarify,
    Handoff,
    Unknown,
}

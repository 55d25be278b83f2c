namespace Parley.Integrations.Smtp;

/// <summary>An email to send on behalf of a workspace. Plain text is required; HTML is optional.</summary>
public sealed record OutgoingEmail(
    string WorkspaceId,
    string To,
    string? ToName,
    string Subject,
    string TextBody,
    string Purpose,
    string? ReferenceId = null,
    string? HtmlBody = null,
    string? ReplyTo = null);

/// <summary>
/// Queues emails: stored as <c>pending</c> and sent by the outbox job with retries and backoff, never lost and never sent
/// twice. <see cref="Add"/> joins the caller's unit of work (saved with the caller's changes); <see cref="EnqueueAsync"/> saves at once.
/// </summary>
public interface IEmailOutbox
{
    /// <summary>Adds the message to the current database context without saving; returns its id.</summary>
    string Add(OutgoingEmail email);

    /// <summary>Adds and saves the message; returns its id.</summary>
    Task<string> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

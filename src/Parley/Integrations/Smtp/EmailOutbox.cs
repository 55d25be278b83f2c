using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Quartz;

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
/// twice. <see cref="Add"/> joins the caller's unit of work (saved with the caller's changes; call <see cref="NudgeAsync"/>
/// after saving); <see cref="EnqueueAsync"/> saves at once.
/// </summary>
public interface IEmailOutbox
{
    /// <summary>Adds the message to the current database context without saving; returns its id.</summary>
    string Add(OutgoingEmail email);

    /// <summary>Adds and saves the message, then asks the outbox job to run; returns its id.</summary>
    Task<string> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>Asks the outbox job to run now rather than at its next interval.</summary>
    Task NudgeAsync(CancellationToken cancellationToken);

    /// <summary>Delivery state of messages by id (of the current workspace), for features that show it.</summary>
    Task<IReadOnlyDictionary<string, EmailDelivery>> DeliveriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}

/// <summary>Where one message stands: <see cref="Status"/> is one of <see cref="EmailStatuses"/>.</summary>
public sealed record EmailDelivery(string Id, string To, string Status, int Attempts, string? LastError, DateTime? SentAt);

internal sealed partial class EmailOutbox(ParleyDb db, TimeProvider clock, ISchedulerFactory schedulers, ILogger<EmailOutbox> logger) : IEmailOutbox
{
    public string Add(OutgoingEmail email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Platform.Ids.New();
        var message = new EmailMessage
        {
            Id = id,
            MessageId = $"{id}@parley.mail",
            WorkspaceId = email.WorkspaceId,
            ToAddress = email.To.Trim(),
            ToName = email.ToName,
            ReplyToAddress = email.ReplyTo,
            Subject = email.Subject.Length <= 500 ? email.Subject : email.Subject[..500],
            TextBody = email.TextBody,
            HtmlBody = email.HtmlBody,
            Purpose = email.Purpose,
            ReferenceId = email.ReferenceId,
            Status = EmailStatuses.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.Add(message);
        return message.Id;
    }

    public async Task<string> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var id = Add(email);
        await db.SaveChangesAsync(cancellationToken);
        await NudgeAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyDictionary<string, EmailDelivery>> DeliveriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, EmailDelivery>();
        }

        return await db.Set<EmailMessage>().AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new EmailDelivery(m.Id, m.ToAddress, m.Status, m.Attempts, m.LastError, m.SentAt))
            .ToDictionaryAsync(m => m.Id, StringComparer.Ordinal, cancellationToken);
    }

    public async Task NudgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(EmailOutboxJob.Key, cancellationToken);
        }
        catch (SchedulerException e)
        {
            // The interval trigger still picks the message up.
            LogNudgeFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not nudge the email outbox job: {Reason}")]
    private static partial void LogNudgeFailed(ILogger logger, string reason);
}

/// <summary>Drains the outbox; one run at a time per cluster.</summary>
[DisallowConcurrentExecution]
public sealed class EmailOutboxJob(EmailDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("email-outbox", "email");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await dispatcher.DispatchDueAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;

namespace Parley.Integrations.Smtp;

/// <summary>
/// Sends due outbox messages of every workspace. Each message is claimed (<c>pending → sending</c>, one winner) before the
/// SMTP call and settled after it: <c>sent</c>; <c>pending</c> again with a doubled wait; or <c>failed</c> when the server
/// refused it for good or the attempts ran out. A message left in <c>sending</c> by a process that died is marked failed
/// with "delivery unknown" — it may have gone out, so it is not resent without a person deciding to.
/// </summary>
public sealed partial class EmailDispatcher(
    ParleyDb db,
    EmailSettingsService settings,
    SmtpSender sender,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<EmailDispatcher> logger)
{
    /// <summary>Sends what is due now; returns how many messages were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var outbox = db.Set<EmailMessage>().IgnoreQueryFilters();
        var stuckBefore = now.AddMinutes(-o.SendingTimeoutMinutes);
        await outbox.Where(m => m.Status == EmailStatuses.Sending && m.SendingStartedAt < stuckBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Failed)
                .SetProperty(m => m.LastError, "Interrupted while sending: delivery unknown. Retry it by hand if it did not arrive."), cancellationToken);

        var due = await outbox.AsNoTracking().Where(m => m.Status == EmailStatuses.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(o.BatchSize).ToListAsync(cancellationToken);
        var attempted = 0;
        foreach (var id in due)
        {
            if (await SendOneAsync(id, o, cancellationToken))
            {
                attempted++;
            }
        }

        return attempted;
    }

    private async Task<bool> SendOneAsync(string id, EmailOptions o, CancellationToken cancellationToken)
    {
        var outbox = db.Set<EmailMessage>().IgnoreQueryFilters();
        var started = clock.GetUtcNow().UtcDateTime;
        var claimed = await outbox.Where(m => m.Id == id && m.Status == EmailStatuses.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Sending)
                .SetProperty(m => m.SendingStartedAt, started)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        var message = await outbox.AsNoTracking().FirstAsync(m => m.Id == id, cancellationToken);
        var config = await settings.GetEffectiveAsync(message.WorkspaceId, cancellationToken);
        var result = config is null
            ? new SmtpResult(false, "No SMTP server is configured: set one in the email settings (or Smtp:* on the server).", false)
            : await sender.SendAsync(config, message, cancellationToken);

        // Recorded whatever happens to the caller: the attempt has been made.
        var now = clock.GetUtcNow().UtcDateTime;
        var settled = outbox.Where(m => m.Id == id && m.Status == EmailStatuses.Sending);
        if (result.Sent)
        {
            await settled.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Sent).SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            return true;
        }

        var error = result.Error is { Length: > 1000 } long1 ? long1[..1000] : result.Error;
        if (result.Permanent || message.Attempts >= o.MaxAttempts)
        {
            await settled.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Failed).SetProperty(m => m.LastError, error), CancellationToken.None);
            LogFailed(logger, id, message.Attempts, error ?? "?");
        }
        else
        {
            var next = now + Backoff(message.Attempts, o);
            await settled.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Pending).SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, error), CancellationToken.None);
        }

        return true;
    }

    /// <summary>Wait before the next attempt after <paramref name="attempts"/> failed ones: base, 2×base, 4×base… up to the maximum.</summary>
    public static TimeSpan Backoff(int attempts, EmailOptions o) =>
        TimeSpan.FromSeconds(Math.Min(o.RetryMaxSeconds, o.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, int attempts, string error);
}

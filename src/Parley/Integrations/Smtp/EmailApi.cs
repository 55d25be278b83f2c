using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Integrations.Smtp;

public sealed record EmailSettingsRequest(string? Host, int? Port, string? Security, string? Username, string? Password, string? FromAddress, string? FromName)
    : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("host", Host))
        {
            v.Length("host", Host, 1, 255);
            if (Uri.CheckHostName(Host!.Trim()) == UriHostNameType.Unknown)
            {
                v.Add("host", "host must be a host name or an IP address.");
            }
        }

        if (Port is null or < 1 or > 65535)
        {
            v.Add("port", "port must be 1–65535 (usually 587 with STARTTLS, 465 with SSL, 25 without).");
        }

        v.OneOf("security", Security ?? SmtpSecurityModes.Auto, SmtpSecurityModes.All);
        v.Length("username", Username, 0, 256);
        v.Length("password", Password, 0, 500);
        v.Email("from_address", FromAddress);
        v.Length("from_name", FromName, 0, 200);
    }
}

public sealed record EmailTestRequest(string? To) : IValidatable
{
    public void Validate(Validator v) => v.Email("to", To);
}

public sealed record EmailTestResult(bool Sent, string To, string Source, string? Host, string? Error);

public sealed record OutboxMessageView(string Id, string To, string Subject, string Purpose, string? ReferenceId, string Status, int Attempts,
    DateTime NextAttemptAt, string? LastError, DateTime CreatedAt, DateTime? SentAt);

public static class EmailApi
{
    public static IEndpointRouteBuilder MapEmail(this IEndpointRouteBuilder routes)
    {
        var email = routes.MapGroup("/api/v1/email").WithTags("Email").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy).RequireAuthorization(Policies.Admin);
        email.MapGet("/settings", GetAsync).WithName("GetEmailSettings")
            .WithSummary("The SMTP server this workspace sends through: its own (source: workspace), the server's (server) or none. The password is never returned.");
        email.MapPut("/settings", UpdateAsync).WithName("UpdateEmailSettings")
            .WithSummary("Use the workspace's own SMTP server: host, port, security (auto | starttls | ssl | none), username, password, from_address, from_name.")
            .WithDescription("password: null or left out keeps the stored one, \"\" removes it; it is stored encrypted.").ProducesProblem(400);
        email.MapDelete("/settings", ResetAsync).WithName("ResetEmailSettings")
            .WithSummary("Forget the workspace's own SMTP server: the server-wide Smtp:* configuration applies again.");
        email.MapPost("/test", TestAsync).WithName("TestEmail")
            .WithSummary("Send a test email now (not through the outbox) with the effective settings; answers whether the SMTP server accepted it and why not.")
            .ProducesProblem(400);
        email.MapGet("/outbox", ListOutboxAsync).WithName("ListEmailOutbox")
            .WithSummary("Emails of this workspace, newest first, with their delivery state (pending | sending | sent | failed), attempts and last error. ?status= filters.")
            .ProducesProblem(400);
        email.MapPost("/outbox/{messageId}/retry", RetryAsync).WithName("RetryEmail")
            .WithSummary("Queue a failed email again (its attempts start over).").ProducesProblem(404).ProducesProblem(409);
        return routes;
    }

    private static async Task<Ok<EmailSettingsView>> GetAsync(EmailSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetViewAsync(cancellationToken));

    private static async Task<Ok<EmailSettingsView>> UpdateAsync(EmailSettingsRequest request, EmailSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.UpdateAsync(new EmailSettingsUpdate(request.Host!, request.Port!.Value, request.Security ?? SmtpSecurityModes.Auto,
            request.Username, request.Password, request.FromAddress!, request.FromName), cancellationToken));

    private static async Task<NoContent> ResetAsync(EmailSettingsService settings, CancellationToken cancellationToken)
    {
        await settings.ResetAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EmailTestResult>> TestAsync(EmailTestRequest request, EmailSettingsService settings, SmtpSender sender,
        IWorkspaceContext current, TimeProvider clock, CancellationToken cancellationToken)
    {
        var config = await settings.GetEffectiveAsync(current.WorkspaceId!, cancellationToken);
        if (config is null)
        {
            return TypedResults.Ok(new EmailTestResult(false, request.To!, EmailSettingsSources.None, null, "No SMTP server is configured."));
        }

        var id = Ids.New();
        var message = new EmailMessage
        {
            Id = id,
            MessageId = $"{id}@parley.mail",
            WorkspaceId = current.WorkspaceId!,
            ToAddress = request.To!,
            Subject = "Parley: test email",
            TextBody = "This is a test email from Parley. If you can read it, sending email works.",
            Purpose = "test",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await sender.SendAsync(config, message, cancellationToken);
        return TypedResults.Ok(new EmailTestResult(result.Sent, request.To!, config.Source, config.Host, result.Error));
    }

    private static async Task<Results<Ok<IReadOnlyList<OutboxMessageView>>, ProblemHttpResult>> ListOutboxAsync(string? status, [AsParameters] Page page,
        ParleyDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (status is not null && !EmailStatuses.All.Contains(status))
        {
            return Problems.Validation("status", $"status must be one of: {string.Join(", ", EmailStatuses.All)}.");
        }

        var messages = db.Set<EmailMessage>().AsNoTracking().Where(m => status == null || m.Status == status);
        var total = await messages.CountAsync(cancellationToken);
        var items = await messages.OrderByDescending(m => m.CreatedAt).Apply(page)
            .Select(m => new OutboxMessageView(m.Id, m.ToAddress, m.Subject, m.Purpose, m.ReferenceId, m.Status, m.Attempts, m.NextAttemptAt, m.LastError,
                m.CreatedAt, m.SentAt))
            .ToListAsync(cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(string messageId, ParleyDb db, IEmailOutbox outbox, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retried = await db.Set<EmailMessage>().Where(m => m.Id == messageId && m.Status == EmailStatuses.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatuses.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        if (retried == 1)
        {
            await outbox.NudgeAsync(cancellationToken);
            return TypedResults.NoContent();
        }

        return await db.Set<EmailMessage>().AnyAsync(m => m.Id == messageId, cancellationToken)
            ? Problems.Conflict("EMAIL_NOT_FAILED", "Only a failed email can be retried.")
            : Problems.NotFound("EMAIL_NOT_FOUND", $"No email with id '{messageId}' in this workspace.");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Secrets;
using Parley.Platform.Tenancy;

namespace Parley.Integrations.Smtp;

/// <summary>A workspace's SMTP settings as shown: the password only as <c>password_set</c>. <c>source</c>: workspace, server or none.</summary>
public sealed record EmailSettingsView(string Source, string? Host, int? Port, string? Security, string? Username, bool PasswordSet,
    string? FromAddress, string? FromName, DateTime? UpdatedAt);

/// <summary>New settings; <c>password</c> null keeps the stored one, "" removes it.</summary>
public sealed record EmailSettingsUpdate(string Host, int Port, string Security, string? Username, string? Password, string FromAddress, string? FromName);

public static class EmailSettingsSources
{
    public const string Workspace = "workspace";
    public const string Server = "server";
    public const string None = "none";
}

/// <summary>Per-workspace SMTP settings (password encrypted), falling back to the server-wide <c>Smtp:*</c> configuration.</summary>
public sealed class EmailSettingsService(ParleyDb db, IWorkspaceContext current, ISecretProtector secrets, IOptions<SmtpOptions> server, TimeProvider clock)
{
    public async Task<EmailSettingsView> GetViewAsync(CancellationToken cancellationToken)
    {
        var own = await db.Set<WorkspaceSmtpSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (own is not null)
        {
            return new EmailSettingsView(EmailSettingsSources.Workspace, own.Host, own.Port, own.Security, own.Username, own.PasswordProtected is not null,
                own.FromAddress, own.FromName, own.UpdatedAt);
        }

        var s = server.Value;
        return string.IsNullOrWhiteSpace(s.Host)
            ? new EmailSettingsView(EmailSettingsSources.None, null, null, null, null, false, null, null, null)
            : new EmailSettingsView(EmailSettingsSources.Server, s.Host, s.Port, s.Security, NullIfEmpty(s.Username), s.Password.Length > 0,
                NullIfEmpty(s.FromAddress), NullIfEmpty(s.FromName), null);
    }

    public async Task<EmailSettingsView> UpdateAsync(EmailSettingsUpdate update, CancellationToken cancellationToken)
    {
        var own = await db.Set<WorkspaceSmtpSettings>().FirstOrDefaultAsync(cancellationToken);
        if (own is null)
        {
            own = new WorkspaceSmtpSettings { WorkspaceId = current.WorkspaceId!, Host = update.Host, FromAddress = update.FromAddress };
            db.Add(own);
        }

        own.Host = update.Host.Trim();
        own.Port = update.Port;
        own.Security = update.Security;
        own.Username = NullIfEmpty(update.Username?.Trim());
        own.FromAddress = update.FromAddress.Trim();
        own.FromName = NullIfEmpty(update.FromName?.Trim());
        if (update.Password is not null)
        {
            own.PasswordProtected = update.Password.Length == 0 ? null : secrets.Protect(update.Password);
        }

        own.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return await GetViewAsync(cancellationToken);
    }

    /// <summary>Removes the workspace's own settings: the server-wide configuration applies again.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken) =>
        await db.Set<WorkspaceSmtpSettings>().ExecuteDeleteAsync(cancellationToken);

    /// <summary>The SMTP server for a workspace (any workspace: the outbox job serves all), or null when none is configured.</summary>
    public async Task<SmtpConfig?> GetEffectiveAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var s = server.Value;
        var timeout = TimeSpan.FromSeconds(s.TimeoutSeconds);
        var own = await db.Set<WorkspaceSmtpSettings>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(x => x.WorkspaceId == workspaceId, cancellationToken);
        if (own is not null)
        {
            var password = own.PasswordProtected is null ? null : secrets.Unprotect(own.PasswordProtected);
            return new SmtpConfig(own.Host, own.Port, own.Security, own.Username, password, own.FromAddress, own.FromName, EmailSettingsSources.Workspace, timeout);
        }

        return string.IsNullOrWhiteSpace(s.Host) || string.IsNullOrWhiteSpace(s.FromAddress)
            ? null
            : new SmtpConfig(s.Host, s.Port, s.Security, NullIfEmpty(s.Username), NullIfEmpty(s.Password), s.FromAddress, NullIfEmpty(s.FromName),
                EmailSettingsSources.Server, timeout);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

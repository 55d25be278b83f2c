using Parley.Features.ApiKeys;
using Parley.Features.Workspaces;
using Parley.Platform.Telemetry;
using Quartz;

namespace Parley.Features.Accounts;

/// <summary>Deletes credentials nobody can use any more: expired or long-used refresh tokens, stale invitations, long-revoked API keys.</summary>
[DisallowConcurrentExecution]
public sealed partial class PurgeExpiredCredentialsJob(
    TokenService tokens, ApiKeyService keys, MemberService members, ParleyMetrics metrics, ILogger<PurgeExpiredCredentialsJob> logger) : IJob
{
    public static readonly JobKey Key = new("purge-credentials", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await RunAsync(cancellationToken);
        metrics.JobRuns.Add(1, new KeyValuePair<string, object?>("job", Key.Name));
        LogPurged(logger, result.RefreshTokens, result.Invitations, result.ApiKeys);
    }

    public async Task<PurgeResult> RunAsync(CancellationToken cancellationToken)
    {
        var refreshTokens = await tokens.PurgeAsync(cancellationToken);
        var invitations = await members.PurgeStaleInvitationsAsync(cancellationToken);
        var apiKeys = await keys.PurgeRevokedAsync(cancellationToken);
        return new PurgeResult(refreshTokens, invitations, apiKeys);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {RefreshTokens} refresh tokens, {Invitations} invitations, {ApiKeys} API keys")]
    private static partial void LogPurged(ILogger logger, int refreshTokens, int invitations, int apiKeys);
}

public sealed record PurgeResult(int RefreshTokens, int Invitations, int ApiKeys);

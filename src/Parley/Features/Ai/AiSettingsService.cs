using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Errors;
using Parley.Platform.Secrets;
using Parley.Platform.Tenancy;

namespace Parley.Features.Ai;

/// <summary>What a workspace's AI calls actually use: its override where set, the global configuration otherwise.</summary>
public sealed record EffectiveAiSettings(string Provider, string Endpoint, string Model, string? ApiKey, long MonthlyTokenBudget, TimeSpan Timeout);

/// <summary>The settings as shown to people: the key is never returned, only whether one is set.</summary>
public sealed record AiSettingsView(string Provider, string Endpoint, string Model, bool ApiKeySet, long MonthlyTokenBudget, long TokensUsedThisMonth, bool Inherited);

public sealed record AiSettingsUpdate(string? Provider, string? Endpoint, string? Model, string? ApiKey, long? MonthlyTokenBudget) : IValidatable
{
    public void Validate(Validator v)
    {
        v.OneOf("provider", Provider, AiProviders.All);
        if (Endpoint is not null && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            v.Add("endpoint", "endpoint must be an absolute http(s) URL such as https://api.openai.com/v1.");
        }

        v.Length("model", Model, 1, 200);
        v.Length("api_key", ApiKey, 0, 500);
        if (MonthlyTokenBudget is < 0)
        {
            v.Add("monthly_token_budget", "monthly_token_budget must be 0 or more.");
        }
    }
}

public sealed class AiSettingsService(ParleyDb db, IWorkspaceContext current, ISecretProtector secrets, IOptions<AiOptions> options, TimeProvider clock)
{
    public async Task<EffectiveAiSettings> GetEffectiveAsync(CancellationToken cancellationToken)
    {
        var global = options.Value;
        var own = await db.Set<WorkspaceAiSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var key = own?.ApiKeyProtected is { } sealedKey ? secrets.Unprotect(sealedKey) : null;
        return new EffectiveAiSettings(
            own?.Provider ?? global.Provider,
            own?.Endpoint ?? global.Endpoint,
            own?.Model ?? global.Model,
            key ?? (string.IsNullOrEmpty(global.ApiKey) ? null : global.ApiKey),
            own?.MonthlyTokenBudget ?? global.MonthlyTokenBudget,
            TimeSpan.FromSeconds(global.TimeoutSeconds));
    }

    public async Task<AiSettingsView> GetViewAsync(CancellationToken cancellationToken)
    {
        var own = await db.Set<WorkspaceAiSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var effective = await GetEffectiveAsync(cancellationToken);
        return new AiSettingsView(effective.Provider, effective.Endpoint, effective.Model, effective.ApiKey is not null,
            effective.MonthlyTokenBudget, await TokensUsedThisMonthAsync(cancellationToken), own is null);
    }

    /// <summary>Fields left null keep their value; an empty <c>api_key</c> removes the workspace's key.</summary>
    public async Task<AiSettingsView> UpdateAsync(AiSettingsUpdate update, CancellationToken cancellationToken)
    {
        var own = await GetOrCreateOwnAsync(cancellationToken);
        own.Provider = update.Provider ?? own.Provider;
        own.Endpoint = update.Endpoint ?? own.Endpoint;
        own.Model = update.Model ?? own.Model;
        own.MonthlyTokenBudget = update.MonthlyTokenBudget ?? own.MonthlyTokenBudget;
        if (update.ApiKey is not null)
        {
            own.ApiKeyProtected = update.ApiKey.Length == 0 ? null : secrets.Protect(update.ApiKey);
        }

        own.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return await GetViewAsync(cancellationToken);
    }

    /// <summary>The workspace's own (tracked) settings row, added when it has none yet.</summary>
    public async Task<WorkspaceAiSettings> GetOrCreateOwnAsync(CancellationToken cancellationToken)
    {
        var own = await db.Set<WorkspaceAiSettings>().FirstOrDefaultAsync(cancellationToken);
        if (own is null)
        {
            own = new WorkspaceAiSettings { WorkspaceId = current.WorkspaceId! };
            db.Add(own);
        }

        return own;
    }

    public async Task<long> TokensUsedThisMonthAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return await db.Set<AiCall>().Where(c => c.At >= monthStart).SumAsync(c => (long)(c.PromptTokens + c.CompletionTokens), cancellationToken);
    }
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;

namespace Parley.Platform.Secrets;

/// <summary>
/// Encrypts secrets stored in the database (channel credentials, SMTP passwords, model keys) with the Data Protection
/// keys, which themselves live in the database so every instance can read what another wrote.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    /// <summary>Null when the value cannot be decrypted (tampered, or its key was deleted).</summary>
    string? Unprotect(string protectedValue);
}

internal sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Parley.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string? Unprotect(string protectedValue)
    {
        try
        {
            return _protector.Unprotect(protectedValue);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

public static class SecretsSetup
{
    public static IServiceCollection AddParleySecrets(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Parley").PersistKeysToDbContext<Data.ParleyDb>();
        services.AddSingleton<ISecretProtector, SecretProtector>();
        return services;
    }

    /// <summary>
    /// Loads the Data Protection key ring once the server listens instead of before: ASP.NET Core's own warm-up
    /// (<c>DataProtectionHostedService</c>) runs among the start-up services, and on a new database it creates and stores the
    /// first key there (~0.1 s, most of it EF Core's first save). Nothing before the first request needs the keys, and a
    /// request that does before the warm-up finishes simply loads them itself. Called last, after every registration that
    /// may add the framework's warm-up.
    /// </summary>
    public static IServiceCollection WarmKeyRingAfterStart(this IServiceCollection services)
    {
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(IHostedService) &&
                     d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
        {
            services.Remove(warmUp);
        }

        services.AddHostedService<KeyRingWarmUp>();
        return services;
    }
}

/// <summary>Loads (on a new database: creates) the key ring in the background once the application has started.</summary>
internal sealed partial class KeyRingWarmUp(IKeyRingProvider keyRing, IHostApplicationLifetime lifetime, ILogger<KeyRingWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() =>
        {
            try
            {
                keyRing.GetCurrentKeyRing();
            }
            catch (Exception e)
            {
                // The first request that needs the keys tries again and reports its own error.
                LogWarmUpFailed(logger, e);
            }
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the Data Protection key ring after start-up failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}

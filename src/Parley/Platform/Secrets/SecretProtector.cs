using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

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
}

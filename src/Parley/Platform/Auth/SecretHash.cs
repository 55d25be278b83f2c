using System.Security.Cryptography;
using System.Text;

namespace Parley.Platform.Auth;

/// <summary>Random secrets and their stored form. The secrets carry 256 bits, so one SHA-256 is enough to store them.</summary>
public static class SecretHash
{
    public static string NewSecret(int bytes = 32) => Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

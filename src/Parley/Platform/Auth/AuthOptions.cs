using System.ComponentModel.DataAnnotations;

namespace Parley.Platform.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Range(1, 1440)] public int AccessTokenMinutes { get; set; } = 60;
    [Range(1, 365)] public int RefreshTokenDays { get; set; } = 30;
    [Range(1, 100)] public int LockoutAttempts { get; set; } = 5;
    [Range(1, 1440)] public int LockoutMinutes { get; set; } = 15;
    [Range(1, 90)] public int InvitationDays { get; set; } = 7;
    [Range(8, 128)] public int PasswordMinLength { get; set; } = 8;
    /// <summary>Revoked API keys and used refresh tokens are kept this long for audit, then purged.</summary>
    [Range(0, 3650)] public int RevokedRetentionDays { get; set; } = 30;
}

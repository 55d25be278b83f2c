using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Platform.Secrets;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class SecretsTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task SecretsRoundTripWithKeysKeptInTheDatabaseAndTamperingIsDetected(string lane)
    {
        var app = Lanes.App(lane);
        var protector = app.Service<ISecretProtector>();

        var sealedValue = protector.Protect("smtp-password-123");

        Assert.DoesNotContain("smtp-password-123", sealedValue, StringComparison.Ordinal);
        Assert.Equal("smtp-password-123", protector.Unprotect(sealedValue));
        Assert.Null(protector.Unprotect(sealedValue[..^3] + "xyz"));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ParleyDb>().DataProtectionKeys.AnyAsync());
    }

    [Fact]
    public void ASecondInstanceOnTheSameDatabaseReadsWhatTheFirstSealed()
    {
        var directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var shared = new Dictionary<string, string?> { ["ConnectionStrings:Parley"] = $"Data Source={Path.Combine(directory, "shared.db")}" };
        using var first = new ParleyApp(Lanes.Sqlite, shared);
        using var second = new ParleyApp(Lanes.Sqlite, shared);

        var sealedValue = first.Service<ISecretProtector>().Protect("avito-client-secret");

        Assert.Equal("avito-client-secret", second.Service<ISecretProtector>().Unprotect(sealedValue));
    }
}

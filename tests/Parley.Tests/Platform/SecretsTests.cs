using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    public async Task TheKeyRingIsLoadedAfterStartUpNotBeforeTheServerListens()
    {
        // A new database: the first key is created by the warm-up that runs once the application has started, with no request
        // asking for it; ASP.NET Core's own warm-up, which would create it among the start-up services, is not registered.
        using var app = new ParleyApp(Lanes.Sqlite);
        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

        Assert.DoesNotContain(hosted, t => t.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        Assert.Contains(typeof(KeyRingWarmUp), hosted);
        var keys = 0;
        for (var waited = 0; waited < 200 && keys == 0; waited++)
        {
            await Task.Delay(50);
            await using var scope = app.Services.CreateAsyncScope();
            keys = await scope.ServiceProvider.GetRequiredService<ParleyDb>().DataProtectionKeys.CountAsync();
        }

        Assert.Equal(1, keys);
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

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Platform.Auth;
using Parley.Tests.Infrastructure;
using Quartz;

namespace Parley.Tests.Platform;

public sealed class JobsTests
{
    [Fact]
    public async Task TheSchedulerStartsTheConfiguredDelayAfterTheServerListens()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Jobs:StartDelaySeconds"] = "5" });
        using var client = app.CreateClient();
        var scheduler = await app.Service<ISchedulerFactory>().GetScheduler();

        Assert.NotEqual(SchedulerStatus.Running, scheduler.Status);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (scheduler.Status != SchedulerStatus.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(SchedulerStatus.Running, scheduler.Status);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ThePersistentSchedulerRunsThePurgeJobWhichDeletesOnlyDeadCredentials(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        var expiredHash = SecretHash.Hash("rt_expired-" + Guid.NewGuid());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            db.RefreshTokens.Add(new RefreshToken { UserId = tenant.UserId, TokenHash = expiredHash, CreatedAt = DateTime.UtcNow.AddDays(-40), ExpiresAt = DateTime.UtcNow.AddDays(-10) });
            await db.SaveChangesAsync();
        }

        var scheduler = await app.Service<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(PurgeExpiredCredentialsJob.Key);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        bool expiredLeft;
        do
        {
            await Task.Delay(200);
            await using var scope = app.Services.CreateAsyncScope();
            expiredLeft = await scope.ServiceProvider.GetRequiredService<ParleyDb>().RefreshTokens.AnyAsync(t => t.TokenHash == expiredHash);
        }
        while (expiredLeft && DateTime.UtcNow < deadline);

        Assert.False(expiredLeft, "the purge job did not run within 30 s");
        await using var check = app.Services.CreateAsyncScope();
        var live = SecretHash.Hash(tenant.RefreshToken);
        Assert.True(await check.ServiceProvider.GetRequiredService<ParleyDb>().RefreshTokens.AnyAsync(t => t.TokenHash == live));
    }
}

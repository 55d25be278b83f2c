using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Features.AutoReply;
using Parley.Features.Reviews;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.AutoReply;

/// <summary>Dispatchers racing for the same due entries: every reply goes out exactly once.</summary>
public sealed class AutoReplyExactlyOnceTests
{
    private const int Entries = 1000;

    /// <summary>Stores <paramref name="count"/> reviews, each with an auto-reply that is due now (bulk, as after a backlog).</summary>
    internal static async Task<IReadOnlyList<string>> SeedDueAsync(AutoReplyApp host, Shop shop, int count, string source = ReviewSources.Google)
    {
        await shop.SettingsAsync(dailyLimit: 100_000);
        var now = host.Now;
        return await host.WithDbAsync(shop.WorkspaceId, async db =>
        {
            var reviews = Enumerable.Range(0, count).Select(i => new Review
            {
                WorkspaceId = shop.WorkspaceId,
                Source = source,
                ExternalId = "bulk-" + i,
                AuthorName = "Klient " + i,
                Rating = 5,
                Content = "Super!",
                Date = now.AddHours(-1),
                StatsDay = DateOnly.FromDateTime(now),
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList();
            db.AddRange(reviews);
            db.AddRange(reviews.Select(r => new AutoReplyEntry
            {
                WorkspaceId = shop.WorkspaceId,
                ItemType = AutoReplyItemTypes.Review,
                ItemId = r.Id,
                Source = r.Source,
                Rating = r.Rating,
                ItemDate = r.Date,
                RuleId = "bulk-rule",
                RuleName = "Bulk",
                TemplateId = "bulk-template",
                TemplateName = "Bulk",
                Content = "Dziękujemy, " + r.AuthorName + "!",
                GeneratedContent = "Dziękujemy, " + r.AuthorName + "!",
                State = EntryStates.Scheduled,
                LiveKey = AutoReplyItemTypes.Review + ":" + r.Id,
                DueAt = now,
                IdempotencyKey = "ar_" + Parley.Platform.Ids.New(),
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
            return reviews.Select(r => r.Id).ToList();
        });
    }

    private static AutoReplyDispatcher SecondDispatcher(AutoReplyApp host) => ActivatorUtilities.CreateInstance<AutoReplyDispatcher>(host.App.Services);

    private static async Task AssertEachSentOnceAsync(AutoReplyApp host, Shop shop, IReadOnlyList<string> reviewIds, FakeReviewPlatform platform)
    {
        var states = await host.WithDbAsync(shop.WorkspaceId, db => db.Set<AutoReplyEntry>().AsNoTracking()
            .GroupBy(e => new { e.State, e.ErrorMessage }).Select(g => new { g.Key.State, g.Key.ErrorMessage, Count = g.Count() }).ToListAsync());
        Assert.True(states.Count == 1 && states[0].State == EntryStates.Sent && states[0].Count == reviewIds.Count,
            string.Join("; ", states.Select(s => $"{s.State}×{s.Count} {s.ErrorMessage}")));
        var wrong = reviewIds.Where(id => platform.PublishedFor(id) != 1 || platform.CallsFor(id) != 1).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} reviews were not published exactly once, e.g. {string.Join(", ", wrong.Take(5).Select(id => $"{id}×{platform.PublishedFor(id)}"))}");
    }

    [Fact]
    public async Task TwoDispatchersInOneProcessSendAThousandDueRepliesEachExactlyOnce()
    {
        using var host = new AutoReplyApp();
        var shop = await host.ShopAsync();
        var ids = await SeedDueAsync(host, shop, Entries);

        var first = host.App.Service<AutoReplyDispatcher>();
        var second = SecondDispatcher(host);
        var reports = await Task.WhenAll(
            Task.Run(() => first.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => second.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => first.RunOnceAsync(CancellationToken.None)));

        await AssertEachSentOnceAsync(host, shop, ids, host.Google);
        Assert.Equal(Entries, reports.Sum(r => r.Sent));
        Assert.True(reports.Count(r => r.Sent > 0) >= 2, "both dispatchers should have taken a share");
    }

    [Fact]
    public async Task TwoInstancesOnOnePostgresDatabaseSendAThousandDueRepliesEachExactlyOnce()
    {
        if (Lanes.PostgresConnection is null)
        {
            return; // runs when PARLEY_TEST_POSTGRES names a server (CI's PostgreSQL lane)
        }

        // Far in the future: the suite's shared PostgreSQL app (real clock, same database, its own dispatcher job) sees nothing due.
        var clock = new FakeTimeProvider(new DateTimeOffset(2099, 1, 7, 9, 0, 0, TimeSpan.Zero));
        var platform = new FakeReviewPlatform(ReviewSources.Google);
        using var one = AutoReplyApp.Create(Lanes.Postgres, null, clock, platform);
        using var two = AutoReplyApp.Create(Lanes.Postgres, null, clock, platform);
        var shop = await one.ShopAsync();
        var ids = await SeedDueAsync(one, shop, Entries);

        var reports = await Task.WhenAll(
            Task.Run(() => one.App.Service<AutoReplyDispatcher>().RunOnceAsync(CancellationToken.None)),
            Task.Run(() => two.App.Service<AutoReplyDispatcher>().RunOnceAsync(CancellationToken.None)));

        await AssertEachSentOnceAsync(one, shop, ids, platform);
        Assert.Equal(Entries, reports.Sum(r => r.Sent));
        Assert.All(reports, r => Assert.True(r.Sent > 0, "each instance should have taken a share"));
    }

    [Fact]
    public async Task ConcurrentEvaluationsOfTheSameReviewStoreOneAutoReply()
    {
        using var host = new AutoReplyApp();
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(enabled: false);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();
        await shop.SettingsAsync(enabled: true);

        var evaluations = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var scope = host.App.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Parley.Platform.Tenancy.WorkspaceContext>().SetSystem(shop.WorkspaceId);
            return await scope.ServiceProvider.GetRequiredService<AutoReplyEngine>().EvaluateAsync(AutoReplyItemTypes.Review, reviewId, EvaluationTriggers.Sweep, CancellationToken.None);
        }));
        var stored = await Task.WhenAll(evaluations);

        Assert.Single(stored, e => e is not null);
        Assert.Single(await shop.HistoryAsync());
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task TheDailyLimitHoldsWithTwoDispatchers()
    {
        using var host = new AutoReplyApp();
        var shop = await host.ShopAsync();
        var ids = await SeedDueAsync(host, shop, 60);
        await shop.SettingsAsync(dailyLimit: 25);

        await Task.WhenAll(
            Task.Run(() => host.App.Service<AutoReplyDispatcher>().RunOnceAsync(CancellationToken.None)),
            Task.Run(() => SecondDispatcher(host).RunOnceAsync(CancellationToken.None)));

        Assert.Equal(25, ids.Sum(host.Google.PublishedFor));
        var pending = await shop.HistoryAsync("?status=pending&limit=100");
        Assert.Equal(35, pending.Count);
    }
}

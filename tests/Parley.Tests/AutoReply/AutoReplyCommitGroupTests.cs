using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.AutoReply;
using Parley.Features.Reviews;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.AutoReply;

/// <summary>The dispatcher stores and records review auto-replies in groups: few durable commits, and still never a second send.</summary>
public sealed class AutoReplyCommitGroupTests
{
    /// <summary>Counts durable writes: committed transactions, and writing statements that ran outside any transaction (each its own commit).</summary>
    private sealed class CommitCounter : DbTransactionInterceptor, IDbCommandInterceptor
    {
        public int Commits;

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Commits);
            return Task.CompletedTask;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref Commits);

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        private void Count(DbCommand command)
        {
            var text = command.CommandText.TrimStart();
            if (command.Transaction is null && (text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ||
                                                text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) ||
                                                text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)))
            {
                Interlocked.Increment(ref Commits);
            }
        }
    }

    [Fact]
    public async Task ABacklogOfAHundredRepliesIsSentWithAFewDurableCommitsPerGroupNotSeveralPerReply()
    {
        var counter = new CommitCounter();
        using var host = AutoReplyApp.Create(Lanes.Sqlite, null,
            services: s => s.ConfigureDbContext<SqliteParleyDb>(o => o.AddInterceptors(counter)));
        var shop = await host.ShopAsync();
        var ids = await AutoReplyExactlyOnceTests.SeedDueAsync(host, shop, 100);
        var before = counter.Commits;

        var report = await host.DispatchAsync();

        Assert.Equal(100, report.Sent);
        Assert.All(ids, id => Assert.Equal(1, host.Google.PublishedFor(id)));
        var states = await host.WithDbAsync(shop.WorkspaceId, db => db.Set<Review>().AsNoTracking()
            .GroupBy(r => r.PublicationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(PublicationStates.Published, Assert.Single(states).Key);
        // Two batches of 50, each: its claim, and per group of 25 one commit storing replies and slots, one recording answers
        // and outcomes — about 10 in all (a commit or more per reply before).
        var commits = counter.Commits - before;
        Assert.InRange(commits, 4, 12);
    }

    [Fact]
    public async Task ADispatcherThatDiesBetweenStoringAGroupAndRecordingItNeverSendsAReplyTwice()
    {
        using var host = AutoReplyApp.Create(Lanes.Sqlite, new Dictionary<string, string?> { ["AutoReply:CommitGroupSize"] = "5" });
        var shop = await host.ShopAsync();
        var ids = await AutoReplyExactlyOnceTests.SeedDueAsync(host, shop, 8, ReviewSources.Facebook);
        using var dying = new CancellationTokenSource();
        // The platform takes the third reply, and the process dies before hearing the answer.
        host.Facebook.AfterPublish = _ =>
        {
            if (host.Facebook.Published.Count == 3)
            {
                dying.Cancel();
                dying.Token.ThrowIfCancellationRequested();
            }
        };

        await Assert.ThrowsAnyAsync<Exception>(() => host.App.Service<AutoReplyDispatcher>().RunOnceAsync(dying.Token));
        host.Facebook.AfterPublish = null;
        Assert.Equal(3, host.Facebook.Published.Count);
        Assert.Equal(3, host.Facebook.Calls.Count);

        // The leases run out; recovery inspects every entry.
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await host.DispatchAsync();
        await host.DispatchAsync();

        Assert.All(ids, id => Assert.True(host.Facebook.PublishedFor(id) <= 1, $"{id} published {host.Facebook.PublishedFor(id)} times"));
        var entries = await host.WithDbAsync(shop.WorkspaceId, db => db.Set<AutoReplyEntry>().AsNoTracking().ToListAsync());
        foreach (var entry in entries)
        {
            if (host.Facebook.PublishedFor(entry.ItemId) == 1)
            {
                Assert.Equal(EntryStates.Sent, entry.State);
            }
            else
            {
                // Stored for the platform in the first group but never called: the connector cannot vouch for it, a person checks.
                Assert.Equal(EntryStates.Failed, entry.State);
                Assert.StartsWith("Delivery uncertain", entry.ErrorMessage);
            }
        }

        // The first group's three taken replies are confirmed with the platform; the second group (not stored yet) is sent normally.
        Assert.Equal(6, entries.Count(e => e.State == EntryStates.Sent));
        Assert.Equal(2, entries.Count(e => e.State == EntryStates.Failed));
    }

    [Fact]
    public async Task AnAutomaticReplyNeverOverwritesAReplyAPersonStoredMeanwhile()
    {
        using var host = new AutoReplyApp();
        var shop = await host.ShopAsync();
        var reviewId = (await AutoReplyExactlyOnceTests.SeedDueAsync(host, shop, 1))[0];
        await using var scope = host.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Parley.Platform.Tenancy.WorkspaceContext>().SetSystem(shop.WorkspaceId);
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
        await reviews.ReplyAsync(reviewId, "Dziękujemy, pani Anno — Kasia", new ReplyAuthorInfo("kasia@salon.pl", null, ReplyOrigins.Manual), CancellationToken.None);

        var stored = await reviews.StoreRepliesAsync(
            [new StoreReplyRequest(reviewId, "Dziękujemy!", new ReplyAuthorInfo("Auto-reply: Bulk", null, ReplyOrigins.AutoReply), OnlyOverAuthor: "Auto-reply: Bulk")],
            CancellationToken.None);

        Assert.Equal(ReplyStoreStatus.Superseded, stored[0].Status);
        Assert.Equal(DeliveryStatus.Cancelled, AutoReplyItems.OutcomeOf(stored[0], null).Status);
        var review = await reviews.GetAsync(reviewId, CancellationToken.None);
        Assert.Equal("Dziękujemy, pani Anno — Kasia", review!.Reply!.Content);
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }
}

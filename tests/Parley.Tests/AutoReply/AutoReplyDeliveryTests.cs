using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.AutoReply;
using Parley.Features.Reviews;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;
using static Parley.Tests.AutoReply.JsonAssert;

namespace Parley.Tests.AutoReply;

/// <summary>Platforms that fail, time out, refuse or die mid-call: retried, then failed — never sent twice, never lost.</summary>
public sealed class AutoReplyDeliveryTests(AutoReplyApp host) : IClassFixture<AutoReplyApp>
{
    private async Task<(Shop Shop, string ReviewId, string EntryId)> DueReplyAsync(PlatformMode mode, string source = "google", object? schedule = null)
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync(schedule: schedule);
        (source == "google" ? host.Google : host.Facebook).ModeByWorkspace[shop.WorkspaceId] = mode;
        var reviewId = await shop.ReviewAsync(source: source);
        return (shop, reviewId, Str((await shop.EntryForAsync(reviewId))["id"]));
    }

    [Theory]
    [InlineData(PlatformMode.Throw, "could not be reached (HttpRequestException)")]
    [InlineData(PlatformMode.Timeout, "could not be reached (TaskCanceledException)")]
    [InlineData(PlatformMode.RateLimited, "429")]
    public async Task AFailingPlatformIsRetriedWithGrowingBackoffThenTheReplyFails(PlatformMode mode, string error)
    {
        var (shop, reviewId, entryId) = await DueReplyAsync(mode);

        await host.DispatchAsync();
        var first = await shop.EntryForAsync(reviewId);
        Assert.Equal("pending", Str(first["status"]));
        Assert.Equal(1, first["attempts"]!.GetValue<int>());
        Assert.Contains(error, Str(first["error_message"]));
        Assert.Equal(host.Now.AddSeconds(60), first["due_at"]!.GetValue<DateTime>().ToUniversalTime());

        await host.DispatchAsync(); // not due yet
        Assert.Equal(1, host.Google.CallsFor(reviewId));

        foreach (var wait in new[] { 60, 120, 240, 480 })
        {
            host.Clock.Advance(TimeSpan.FromSeconds(wait));
            await host.DispatchAsync();
        }

        var failed = await shop.EntryForAsync(reviewId);
        Assert.Equal("failed", Str(failed["status"]));
        Assert.StartsWith("Failed after 5 attempts", Str(failed["error_message"]));
        Assert.Equal(5, host.Google.CallsFor(reviewId));
        Assert.Equal(0, host.Google.PublishedFor(reviewId));

        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.DispatchAsync();
        Assert.Equal(5, host.Google.CallsFor(reviewId));

        // The platform recovers; a person retries: delivered once.
        host.Google.ModeByWorkspace[shop.WorkspaceId] = PlatformMode.Succeed;
        var retry = await Json.ReadAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{entryId}/retry", null));
        HasFields(retry, "id", "status", "sent_at", "error_message");
        Assert.Equal("sent", Str(retry["status"]));
        Assert.Null(retry["error_message"]);
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
        await ProblemAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{entryId}/retry", null), 409, "AUTO_REPLY_NOT_FAILED");
    }

    /// <summary>
    /// Leaves the review as an instance that died during the platform call leaves it: the platform accepted the reply, the
    /// reviews feature never recorded the answer (publication still <c>sending</c>), the entry is <c>sending</c> with its lease over.
    /// </summary>
    private async Task DieDuringThePlatformCallAsync(Shop shop, string reviewId, string entryId)
    {
        await AbandonAsSendingAsync(shop, entryId, host.Now.AddMinutes(-1));
        var entry = await shop.EntityAsync(entryId);
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(shop.WorkspaceId);
            await scope.ServiceProvider.GetRequiredService<ReviewService>().ReplyAsync(reviewId, entry.Content,
                new ReplyAuthorInfo(AutoReplyItems.AuthorDisplay(entry), null, ReplyOrigins.AutoReply), CancellationToken.None);
        }

        await host.WithDbAsync(shop.WorkspaceId, db => db.Set<Review>().Where(r => r.Id == reviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublicationState, PublicationStates.Sending).SetProperty(r => r.PublishedAt, (DateTime?)null)));
    }

    [Fact]
    public async Task ACrashDuringThePlatformCallIsNeverResentWhenTheReplyCannotBeConfirmed()
    {
        var (shop, reviewId, entryId) = await DueReplyAsync(PlatformMode.Succeed, schedule: new { type = "delayed", delay_minutes = 600 });
        await DieDuringThePlatformCallAsync(shop, reviewId, entryId);
        Assert.Equal(1, host.Google.PublishedFor(reviewId));

        for (var i = 0; i < 4; i++)
        {
            await host.DispatchAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(20));
        }

        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("failed", Str(entry["status"]));
        Assert.StartsWith("Delivery uncertain", Str(entry["error_message"]));
        Assert.Contains("Google", Str(entry["error_message"]));
        Assert.Equal(1, host.Google.CallsFor(reviewId));

        // Even a person's retry does not send a second time while delivery cannot be known.
        var retry = await Json.ReadAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{entryId}/retry", null));
        Assert.Equal("failed", Str(retry["status"]));
        Assert.Equal(1, host.Google.CallsFor(reviewId));
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task ACrashDuringThePlatformCallIsRecordedAsSentWhenTheConnectorConfirmsTheReply()
    {
        var (shop, reviewId, entryId) = await DueReplyAsync(PlatformMode.Succeed, source: "facebook", schedule: new { type = "delayed", delay_minutes = 600 });
        await DieDuringThePlatformCallAsync(shop, reviewId, entryId);

        await host.DispatchAsync();

        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("sent", Str(entry["status"]));
        Assert.Equal("published", Str(entry["delivery"]));
        Assert.Contains("Confirmed on the platform", Str(entry["delivery_detail"]));
        Assert.Equal(1, host.Facebook.CallsFor(reviewId));
        Assert.Equal(1, host.Facebook.PublishedFor(reviewId));
    }

    /// <summary>Puts the entry where a dispatcher that died mid-delivery leaves it: sending, claimed by nobody alive, lease over.</summary>
    private async Task AbandonAsSendingAsync(Shop shop, string entryId, DateTime leaseUntil) =>
        await host.WithDbAsync(shop.WorkspaceId, db => db.Set<AutoReplyEntry>().Where(e => e.Id == entryId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Sending).SetProperty(e => e.ClaimToken, "dead-instance")
                .SetProperty(e => e.LeaseUntil, leaseUntil).SetProperty(e => e.Attempts, 1).SetProperty(e => e.SendingStartedAt, host.Now)
                .SetProperty(e => e.DueAt, host.Now)));

    [Fact]
    public async Task AfterACrashBetweenTheSendAndRecordingItTheRecoveryCompletesTheEntryWithoutSendingAgain()
    {
        var (shop, reviewId, entryId) = await DueReplyAsync(PlatformMode.Succeed, schedule: new { type = "delayed", delay_minutes = 600 });
        await AbandonAsSendingAsync(shop, entryId, host.Now.AddMinutes(2));
        var entry = await shop.EntityAsync(entryId);
        // The dead instance got as far as the reviews feature publishing the reply.
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(shop.WorkspaceId);
            await scope.ServiceProvider.GetRequiredService<ReviewService>().ReplyAsync(reviewId, entry.Content,
                new ReplyAuthorInfo(AutoReplyItems.AuthorDisplay(entry), null, ReplyOrigins.AutoReply), CancellationToken.None);
        }

        Assert.Equal(1, host.Google.PublishedFor(reviewId));

        await host.DispatchAsync(); // lease still running: left alone
        Assert.Equal("sending", Str((await shop.EntryForAsync(reviewId))["state"]));

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var report = await host.DispatchAsync();
        Assert.True(report.Recovered >= 1);
        var recovered = await shop.EntryForAsync(reviewId);
        Assert.Equal("sent", Str(recovered["status"]));
        Assert.Equal(1, host.Google.CallsFor(reviewId));
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task AfterACrashBeforeTheSendTheRecoverySendsExactlyOnce()
    {
        var (shop, reviewId, entryId) = await DueReplyAsync(PlatformMode.Succeed, schedule: new { type = "delayed", delay_minutes = 600 });
        await AbandonAsSendingAsync(shop, entryId, host.Now.AddMinutes(-1));

        await host.DispatchAsync();
        await host.DispatchAsync();

        Assert.Equal("sent", Str((await shop.EntryForAsync(reviewId))["status"]));
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task AReplyCannotBeCancelledWhileItIsBeingSent()
    {
        var (shop, _, entryId) = await DueReplyAsync(PlatformMode.Succeed, schedule: new { type = "delayed", delay_minutes = 600 });
        await AbandonAsSendingAsync(shop, entryId, host.Now.AddMinutes(5));
        var response = await shop.Client.PostAsync($"/api/v1/auto-reply/history/{entryId}/cancel", null);
        var problem = await ProblemAsync(response, 409, "AUTO_REPLY_IN_PROGRESS");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("sending", Str(problem["error"]!["details"]!["state"]));
    }

    [Fact]
    public async Task AReplyDueOutsideItsWindowWaitsForTheWindowEvenWhenTheDispatcherComesLate()
    {
        // Window 10:00–10:30 Warsaw; the item arrives at 10:00 (09:00 UTC) and is due at once.
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync(schedule: new { type = "scheduled", time_window = new { start = "10:00", end = "10:30" } });
        var day = host.Now.Date.AddDays(1); // a winter day: Warsaw is UTC+1
        host.Clock.SetUtcNow(new DateTimeOffset(day.AddHours(9).AddMinutes(10)));
        var reviewId = await shop.ReviewAsync();
        var entryId = Str((await shop.EntryForAsync(reviewId))["id"]);

        // Approved at 11:00 Warsaw, after the window: it waits for tomorrow's window.
        host.Clock.SetUtcNow(new DateTimeOffset(day.AddHours(10)));
        var approved = await Json.ReadAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{entryId}/approve", Json.Raw("{}")));
        Assert.Equal("pending", Str(approved["status"]));
        Assert.Equal(day.AddDays(1).AddHours(9), approved["due_at"]!.GetValue<DateTime>().ToUniversalTime());
        await host.DispatchAsync();
        Assert.Equal(0, host.Google.CallsFor(reviewId));

        host.Clock.SetUtcNow(new DateTimeOffset(day.AddDays(1).AddHours(9).AddMinutes(5)));
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task EntriesOfAWorkspaceThatSwitchedAutoRepliesOffAreNotSent()
    {
        var (shop, reviewId, _) = await DueReplyAsync(PlatformMode.Succeed);
        await shop.SettingsAsync(enabled: false);
        await host.DispatchAsync();
        Assert.Equal(0, host.Google.CallsFor(reviewId));
        Assert.Equal("pending", Str((await shop.EntryForAsync(reviewId))["status"]));
        await shop.SettingsAsync(enabled: true);
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }
}

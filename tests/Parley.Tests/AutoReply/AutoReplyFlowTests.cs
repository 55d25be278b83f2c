using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.AutoReply;
using Parley.Integrations.Smtp;
using Parley.Platform.Realtime;
using Parley.Tests.Infrastructure;
using static Parley.Tests.AutoReply.JsonAssert;

namespace Parley.Tests.AutoReply;

/// <summary>From a new review to a published reply: evaluation, approval, schedules, limits and the person-first rule.</summary>
public sealed class AutoReplyFlowTests(AutoReplyApp host) : IClassFixture<AutoReplyApp>
{
    private static readonly string[] HistoryContractFields =
        ["id", "review_id", "review_type", "template_id", "template_name", "rule_id", "rule_name", "content", "status", "created_at", "sent_at",
         "approved_by", "approved_at", "cancelled_at", "error_message"];

    [Fact]
    public async Task ANewGoogleReviewMatchingAnImmediateRuleIsPublishedOnceWithTheFilledTemplate()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        var template = await shop.TemplateAsync("@pelne_imie, bardzo dziękujemy za ocenę @ocena!");
        var rule = await shop.SimpleRuleAsync("Pozytywne opinie Google");
        var reviewId = await shop.ReviewAsync(rating: 5);

        var pending = await shop.EntryForAsync(reviewId);
        HasFields(pending, HistoryContractFields);
        Assert.Equal("pending", Str(pending["status"]));
        Assert.Equal("scheduled", Str(pending["state"]));
        Assert.Equal("review", Str(pending["review_type"]));
        Assert.Equal(template, Str(pending["template_id"]));
        Assert.Equal(Str(rule["id"]), Str(pending["rule_id"]));
        Assert.Equal("Pozytywne opinie Google", Str(pending["rule_name"]));
        Assert.Equal("Anna Nowak, bardzo dziękujemy za ocenę 5!", Str(pending["content"]));

        await host.DispatchAsync();

        var sent = await shop.EntryForAsync(reviewId);
        Assert.Equal("sent", Str(sent["status"]));
        Assert.Equal("published", Str(sent["delivery"]));
        Assert.NotNull(sent["sent_at"]);
        Assert.Null(sent["error_message"]);
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
        var review = await shop.ReviewJsonAsync(reviewId);
        Assert.Equal("answered", Str(review["status"]));
        Assert.Equal("Anna Nowak, bardzo dziękujemy za ocenę 5!", Str(review["reply"]!["content"]));
        Assert.Equal("published", Str(review["reply"]!["publication"]!["state"]));

        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task ARepeatedCreatedEventIsANoOp()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();

        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Parley.Platform.Tenancy.WorkspaceContext>().SetSystem(shop.WorkspaceId);
            var trigger = scope.ServiceProvider.GetRequiredService<IAutoReplyTrigger>();
            await trigger.ReviewsStoredAsync([reviewId], EvaluationTriggers.Created, CancellationToken.None);
            await trigger.ReviewsStoredAsync([reviewId], EvaluationTriggers.Synced, CancellationToken.None);
        }

        Assert.Single(await shop.HistoryAsync());
        var evaluations = await Json.ReadArrayAsync(await shop.Client.GetAsync($"/api/v1/auto-reply/evaluations?review_id={reviewId}"));
        Assert.Single(evaluations);
    }

    [Fact]
    public async Task NothingHappensWhileAutoRepliesAreOffAndTheTraceSaysWhy()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(enabled: false);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();

        Assert.Empty(await shop.HistoryAsync());
        var evaluations = await Json.ReadArrayAsync(await shop.Client.GetAsync($"/api/v1/auto-reply/evaluations?review_id={reviewId}"));
        var preview = Assert.Single(evaluations)!;
        Assert.Equal("preview", Str(preview["trigger"]));
        Assert.Null(preview["id"]);
        Assert.Equal("disabled", Str(preview["outcome"]));
        Assert.Contains(preview["steps"]!.AsArray(), s => Str(s!["step"]) == "enabled" && Str(s["result"]) == "blocked");
    }

    [Fact]
    public async Task AReplyNeedingApprovalWaitsAndIsSentWithTheEditedAndFilledContentWhenApproved()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();
        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("awaiting_approval", Str(entry["state"]));
        Assert.Equal("pending", Str(entry["status"]));
        Assert.Contains("require_approval", entry["approval_reasons"]!.AsArray().Select(r => Str(r)));

        await host.DispatchAsync();
        Assert.Equal(0, host.Google.PublishedFor(reviewId));

        var response = await shop.Client.PostAsJsonAsync($"/api/v1/auto-reply/history/{Str(entry["id"])}/approve",
            new { edited_content = "@imie, dziękujemy! <b>Zapraszamy</b> ponownie!" });
        var approved = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        HasFields(approved, "id", "status", "content", "sent_at", "approved_at", "approved_by");
        Assert.Equal("sent", Str(approved["status"]));
        Assert.Equal("Anna, dziękujemy! Zapraszamy ponownie!", Str(approved["content"]));
        Assert.NotNull(approved["sent_at"]);
        Assert.NotNull(approved["approved_by"]);
        Assert.Equal(1, host.Google.PublishedFor(reviewId));

        var again = await shop.Client.PostAsJsonAsync($"/api/v1/auto-reply/history/{Str(entry["id"])}/approve", new { });
        await ProblemAsync(again, 409, "AUTO_REPLY_NOT_AWAITING_APPROVAL");
    }

    [Fact]
    public async Task AnEditThatUsesAVariableTheReviewCannotFillIsRefused()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync(email: null);
        var entry = await shop.EntryForAsync(reviewId);

        var response = await shop.Client.PostAsJsonAsync($"/api/v1/auto-reply/history/{Str(entry["id"])}/approve", new { edited_content = "Napiszemy na @email" });
        var problem = await ProblemAsync(response, 400, "VALIDATION_ERROR");
        Assert.Contains("@email", Str(problem["error"]!["details"]!["edited_content"]));
        Assert.Equal("awaiting_approval", Str((await shop.EntryForAsync(reviewId))["state"]));
    }

    [Fact]
    public async Task CancelWorksOnlyWhilePendingAndRetryOnlyWhenFailed()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();
        var id = Str((await shop.EntryForAsync(reviewId))["id"]);

        await ProblemAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{id}/retry", null), 409, "AUTO_REPLY_NOT_FAILED");
        var response = await shop.Client.PostAsync($"/api/v1/auto-reply/history/{id}/cancel", null);
        var cancelled = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Fields(cancelled, "id", "status", "cancelled_at");
        Assert.Equal("cancelled", Str(cancelled["status"]));

        await ProblemAsync(await shop.Client.PostAsync($"/api/v1/auto-reply/history/{id}/cancel", null), 409, "AUTO_REPLY_NOT_PENDING");
        await ProblemAsync(await shop.Client.PostAsJsonAsync($"/api/v1/auto-reply/history/{id}/approve", new { }), 409, "AUTO_REPLY_NOT_AWAITING_APPROVAL");
        await ProblemAsync(await shop.Client.PostAsync("/api/v1/auto-reply/history/nope/cancel", null), 404, "AUTO_REPLY_NOT_FOUND");
        await host.DispatchAsync();
        Assert.Equal(0, host.Google.CallsFor(reviewId));
    }

    [Fact]
    public async Task APersonsReplyCancelsThePendingAutoReply()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();

        var reply = await shop.Client.PostAsJsonAsync($"/api/v1/reviews/{reviewId}/reply", new { content = "Dziękuję, Anno! Do zobaczenia." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("cancelled", Str(entry["status"]));
        Assert.Equal("A person replied first.", Str(entry["cancel_reason"]));
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId)); // the person's reply only
    }

    [Fact]
    public async Task AnAutoReplyDueWhenAPersonHasAlreadyRepliedCancelsItselfInsteadOfAnsweringTwice()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync(schedule: new { type = "delayed", delay_minutes = 30 });
        var reviewId = await shop.ReviewAsync();
        // The person's reply reaches the review without passing through the reviews feature's hook (e.g. a sync from the platform).
        await host.WithDbAsync(shop.WorkspaceId, db => db.Set<Parley.Features.Reviews.Review>().Where(r => r.Id == reviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReplyContent, "Dziękujemy!").SetProperty(r => r.ReplyDate, host.Now)
                .SetProperty(r => r.ReplyAuthor, "owner@example.com").SetProperty(r => r.Status, "answered").SetProperty(r => r.PublicationState, "published")));

        host.Clock.Advance(TimeSpan.FromMinutes(31));
        await host.DispatchAsync();

        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("cancelled", Str(entry["status"]));
        Assert.Equal("A person replied to the review first.", Str(entry["cancel_reason"]));
        Assert.Equal(0, host.Google.CallsFor(reviewId));
    }

    [Fact]
    public async Task ADelayedRuleWaitsForItsDelay()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync(schedule: new { type = "delayed", delay_minutes = 45 });
        var reviewId = await shop.ReviewAsync();
        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal(host.Now.AddMinutes(45), entry["due_at"]!.GetValue<DateTime>().ToUniversalTime());

        host.Clock.Advance(TimeSpan.FromMinutes(44));
        await host.DispatchAsync();
        Assert.Equal(0, host.Google.CallsFor(reviewId));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));
    }

    [Fact]
    public async Task TheDailyLimitPostponesTheRestToTheNextLocalDayWithoutDroppingThem()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(dailyLimit: 2);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var ids = new[] { await shop.ReviewAsync(author: "Anna A"), await shop.ReviewAsync(author: "Beata B"), await shop.ReviewAsync(author: "Celina C") };

        await host.DispatchAsync();
        var history = await shop.HistoryAsync();
        Assert.Equal(2, history.Count(h => Str(h!["status"]) == "sent"));
        var waiting = Assert.Single(history, h => Str(h!["status"]) == "pending")!;
        Assert.Contains("daily limit of 2", Str(waiting["note"]));
        // The next day in Warsaw (the workspace's zone) starts at 23:00 UTC in winter.
        var warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var nextDay = ScheduleCalculator.NextDay(new ScheduleSpec(ScheduleTypes.Immediate, 0, null, null, false), host.Now, warsaw);
        Assert.Equal(23, nextDay.Hour);
        Assert.Equal(nextDay, waiting["due_at"]!.GetValue<DateTime>().ToUniversalTime());

        host.Clock.Advance((nextDay - host.Now) / 2);
        await host.DispatchAsync();
        Assert.Equal(2, ids.Sum(host.Google.PublishedFor));

        host.Clock.SetUtcNow(new DateTimeOffset(nextDay.AddMinutes(1)));
        await host.DispatchAsync();
        Assert.All(ids, id => Assert.Equal(1, host.Google.PublishedFor(id)));
    }

    [Fact]
    public async Task ApprovalsTimeOutIntoAutomaticApprovalOnlyWhenATimeoutIsSet()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true, approvalTimeoutHours: 2);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var reviewId = await shop.ReviewAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(119));
        await host.SweepAsync();
        Assert.Equal("awaiting_approval", Str((await shop.EntryForAsync(reviewId))["state"]));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.SweepAsync();
        var entry = await shop.EntryForAsync(reviewId);
        Assert.Equal("scheduled", Str(entry["state"]));
        Assert.True(entry["auto_approved"]!.GetValue<bool>());
        Assert.Null(entry["approved_by"]);
        await host.DispatchAsync();
        Assert.Equal(1, host.Google.PublishedFor(reviewId));

        var never = await host.ShopAsync();
        await never.SettingsAsync(requireApproval: true, approvalTimeoutHours: 0);
        await never.TemplateAsync();
        await never.SimpleRuleAsync();
        var other = await never.ReviewAsync();
        host.Clock.Advance(TimeSpan.FromDays(5));
        await host.SweepAsync();
        Assert.Equal("awaiting_approval", Str((await never.EntryForAsync(other))["state"]));
    }

    [Fact]
    public async Task EmailNotificationsQueueOneEmailPerAwaitingReplyWithALinkToTheQueue()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(ratings: [1, 2], emailNotifications: true);
        await shop.TemplateAsync("Przykro nam, @imie.", rating: 1);
        await shop.TemplateAsync(rating: 5);
        await shop.SimpleRuleAsync();
        var low = await shop.ReviewAsync(rating: 1, content: "Słabo.");
        var high = await shop.ReviewAsync(rating: 5);
        var entry = await shop.EntryForAsync(low);
        Assert.Equal("awaiting_approval", Str(entry["state"]));
        Assert.Equal("scheduled", Str((await shop.EntryForAsync(high))["state"]));

        var emails = await host.WithDbAsync(shop.WorkspaceId, db => db.Set<EmailMessage>().AsNoTracking()
            .Where(m => m.Purpose == AutoReplyApprovalMail.Purpose).ToListAsync());
        var email = Assert.Single(emails);
        Assert.Equal(shop.Tenant.Email, email.ToAddress);
        Assert.Equal(Str(entry["id"]), email.ReferenceId);
        Assert.Contains("/auto-reply/queue?entry=" + Str(entry["id"]), email.TextBody);
        Assert.Contains("Przykro nam, Anna.", email.TextBody);

        var quiet = await host.ShopAsync();
        await quiet.SettingsAsync(ratings: [1, 2], emailNotifications: false);
        await quiet.TemplateAsync("Przykro nam, @imie.", rating: 1);
        await quiet.SimpleRuleAsync();
        await quiet.ReviewAsync(rating: 1, content: "Słabo.");
        Assert.Equal(0, await host.WithDbAsync(quiet.WorkspaceId, db => db.Set<EmailMessage>().CountAsync(m => m.Purpose == AutoReplyApprovalMail.Purpose)));
    }

    [Fact]
    public async Task InterceptedFeedbackIsAnsweredByEmailThroughTheOutbox()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync();
        await shop.TemplateAsync("Dziękujemy, @imie! Do zobaczenia w salonie.", rating: 5);
        await shop.SimpleRuleAsync(conditions: new { source = new[] { "feedback" } });
        var feedbackId = await shop.FeedbackAsync();
        var noEmail = await shop.FeedbackAsync(email: null);

        await host.DispatchAsync();
        var entry = Assert.Single(await shop.HistoryAsync("?review_type=feedback"))!;
        Assert.Equal(feedbackId, Str(entry["review_id"]));
        Assert.Equal("sent", Str(entry["status"]));
        Assert.Equal("emailed", Str(entry["delivery"]));
        var email = await host.WithDbAsync(shop.WorkspaceId, db => db.Set<EmailMessage>().AsNoTracking().SingleAsync(m => m.Purpose == "feedback_reply"));
        Assert.Equal("jan.kowalski@example.com", email.ToAddress);
        Assert.Contains("Dziękujemy, Jan! Do zobaczenia w salonie.", email.TextBody);

        var why = await Json.ReadArrayAsync(await shop.Client.GetAsync($"/api/v1/auto-reply/evaluations?feedback_id={noEmail}"));
        Assert.Equal("no_email", Str(why[0]!["outcome"]));
    }

    [Fact]
    public async Task StatisticsCountTheHistoryAndEstimateTheTimeSaved()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(ratings: [1]);
        await shop.TemplateAsync(rating: 5);
        await shop.TemplateAsync("Przykro nam.", rating: 1);
        await shop.TemplateAsync("Dziękujemy, @imie!", rating: 4);
        await shop.SimpleRuleAsync();
        await shop.ReviewAsync(rating: 5, author: "A A");
        await shop.ReviewAsync(rating: 5, author: "B B", source: "facebook");
        await shop.ReviewAsync(rating: 1, author: "C C");
        await shop.FeedbackAsync(rating: 4);
        await host.DispatchAsync();

        var stats = await Json.ReadAsync(await shop.Client.GetAsync("/api/v1/auto-reply/stats"));
        Fields(stats, "total_sent", "total_pending", "total_failed", "total_auto_replies", "google_auto_replies", "intercepted_auto_replies", "time_saved_hours");
        Assert.Equal(3, stats["total_sent"]!.GetValue<int>());
        Assert.Equal(1, stats["total_pending"]!.GetValue<int>());
        Assert.Equal(0, stats["total_failed"]!.GetValue<int>());
        Assert.Equal(4, stats["total_auto_replies"]!.GetValue<int>());
        Assert.Equal(1, stats["google_auto_replies"]!.GetValue<int>());
        Assert.Equal(1, stats["intercepted_auto_replies"]!.GetValue<int>());
        Assert.Equal(0.3, stats["time_saved_hours"]!.GetValue<double>()); // 3 × 5 min = 15 min
    }

    [Fact]
    public async Task HistoryFiltersByStatusAndTypeAndPages()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(ratings: [1]);
        await shop.TemplateAsync(rating: 5);
        await shop.TemplateAsync("Przykro nam.", rating: 1);
        await shop.SimpleRuleAsync();
        await shop.ReviewAsync(rating: 5, author: "A A");
        await shop.ReviewAsync(rating: 5, author: "B B");
        await shop.ReviewAsync(rating: 1, author: "C C");
        await host.DispatchAsync();

        Assert.Equal(2, (await shop.HistoryAsync("?status=sent")).Count);
        Assert.Single(await shop.HistoryAsync("?status=pending&review_type=review"));
        Assert.Empty(await shop.HistoryAsync("?review_type=feedback"));
        var page = await shop.Client.GetAsync("/api/v1/auto-reply/history?status=all&limit=1&offset=1");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Single(await Json.ReadArrayAsync(page));
        await ProblemAsync(await shop.Client.GetAsync("/api/v1/auto-reply/history?status=weird"), 400, "VALIDATION_ERROR");
        await ProblemAsync(await shop.Client.GetAsync("/api/v1/auto-reply/history?review_type=tweet"), 400, "VALIDATION_ERROR");
    }

    private sealed record EntryEvent(string Id, string Status, string State);

    [Fact]
    public async Task TheWorkspacesClientsHearTheAutoReplyBeingCreatedApprovedAndSent()
    {
        var shop = await host.ShopAsync();
        await shop.SettingsAsync(requireApproval: true);
        await shop.TemplateAsync();
        await shop.SimpleRuleAsync();
        var received = Channel.CreateUnbounded<(string Name, EntryEvent Entry)>();
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.App.Server.BaseAddress, WorkspaceHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => host.App.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(shop.Tenant.AccessToken);
            })
            .Build();
        foreach (var name in new[] { AutoReplyEvents.Created, AutoReplyEvents.Approved, AutoReplyEvents.Sent, AutoReplyEvents.Failed, AutoReplyEvents.Cancelled })
        {
            connection.On<EntryEvent>(name, e => received.Writer.TryWrite((name, e)));
        }

        connection.On<object>(WorkspaceHub.JoinedEvent, _ => joined.TrySetResult());
        await connection.StartAsync();
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var reviewId = await shop.ReviewAsync();
        var id = Str((await shop.EntryForAsync(reviewId))["id"]);
        await shop.Client.PostAsJsonAsync($"/api/v1/auto-reply/history/{id}/approve", new { });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var events = new List<(string Name, EntryEvent Entry)>();
        while (events.Count < 3)
        {
            events.Add(await received.Reader.ReadAsync(timeout.Token));
        }

        Assert.Equal([AutoReplyEvents.Created, AutoReplyEvents.Approved, AutoReplyEvents.Sent], events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(id, e.Entry.Id));
        Assert.Equal(["awaiting_approval", "scheduled", "sent"], events.Select(e => e.Entry.State));
        Assert.Equal("sent", events[2].Entry.Status);
    }
}

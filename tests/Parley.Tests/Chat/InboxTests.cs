using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

/// <summary>The team's side: listing, reading, taking over, replying, handing back and closing — and who may do what.</summary>
public sealed class InboxTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheTeamListsConversationsByStatusUnreadAndText(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var waiting = new Visitor(app, tenant.Slug);
        using var answered = new Visitor(app, tenant.Slug);
        using var read = new Visitor(app, tenant.Slug);
        await waiting.SayAsync("[handoff] Chcę rozmawiać z człowiekiem");
        await answered.SayAsync("Czy robicie koloryzację?");
        await read.SayAsync("Gdzie jesteście?");
        using var owner = tenant.Client();
        await owner.GetAsync($"/api/v1/chat/conversations/{read.ConversationId}");

        async Task<(List<string> Ids, string Total)> ListAsync(string query)
        {
            var response = await owner.GetAsync("/api/v1/chat/conversations" + query);
            var body = await Json.ReadAsync(response);
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            return (body.AsArray().Select(c => c.Str("id")).ToList(), response.Headers.GetValues("X-Total-Count").Single());
        }

        var all = await ListAsync("");
        var handoff = await ListAsync("?status=handoff");
        var unread = await ListAsync("?unread=true");
        var byText = await ListAsync("?q=KOLORYZ");
        var open = await ListAsync("?status=open");
        var page = await ListAsync("?limit=1&offset=1");
        var badStatus = await owner.GetAsync("/api/v1/chat/conversations?status=waiting");

        Assert.Equal([read.ConversationId!, answered.ConversationId!, waiting.ConversationId!], all.Ids);
        Assert.Equal("3", all.Total);
        Assert.Equal([waiting.ConversationId!], handoff.Ids);
        Assert.Equal([answered.ConversationId!, waiting.ConversationId!], unread.Ids);
        Assert.Equal([answered.ConversationId!], byText.Ids);
        Assert.Equal("3", open.Total);
        Assert.Equal([answered.ConversationId!], page.Ids);
        Assert.Equal("3", page.Total);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("status", (await Json.ReadAsync(badStatus))["error"]!["details"]!.AsObject().Single().Key);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ReadingAConversationMarksTheVisitorsMessagesReadButNotForViewers(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("Pierwsze pytanie");
        await visitor.SayAsync("Drugie pytanie");
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using var owner = tenant.Client();
        using (viewer)
        {
            var peeked = await Json.ReadAsync(await viewer.GetAsync($"/api/v1/chat/conversations/{visitor.ConversationId}"));
            var notMarked = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{visitor.ConversationId}?mark_read=false"));
            var opened = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{visitor.ConversationId}"));
            var history = await visitor.HistoryAsync();

            Assert.Equal(2, peeked["conversation"]!["unread_count"]!.GetValue<int>());
            Assert.Equal(2, notMarked["conversation"]!["unread_count"]!.GetValue<int>());
            Assert.Equal(0, opened["conversation"]!["unread_count"]!.GetValue<int>());
            Assert.Equal(["visitor", "bot", "visitor", "bot"], opened["messages"]!.AsArray().Select(m => m.Str("role")));
            Assert.All(opened["messages"]!.AsArray().Where(m => m.Str("role") == "visitor"), m => Assert.NotNull(m!["read_at"]));
            Assert.Equal("faq", opened["messages"]![1]!["sources"]![0].Str("kind"));
            Assert.Equal("answer", opened["messages"]![1].Str("answer_kind"));
            Assert.All(history.Where(m => m.Str("role") == "visitor"), m => Assert.NotNull(m!["read_at"]));
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AHandoffWaitsForAPersonAndTheBotStaysQuietUntilItIsHandedBack(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        using var owner = tenant.Client();
        var id = (await visitor.SayAsync("Dzień dobry")).Str("conversation_id");

        var handoff = await visitor.SayAsync("[handoff] Proszę o kontakt z konsultantem");
        var whileWaiting = await visitor.SayAsync("Halo, jest tam ktoś?");
        var waitingList = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/conversations?status=handoff"));
        var asked = ScriptedAnswerer.Instance.QuestionsFor(tenant.WorkspaceId).Count;
        var reply = await owner.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Dzień dobry, tu Anna. W czym pomóc?" });
        var withPerson = await visitor.SayAsync("Chciałabym zmienić termin");
        var stillAsked = ScriptedAnswerer.Instance.QuestionsFor(tenant.WorkspaceId).Count;
        var handedBack = await owner.PostAsync($"/api/v1/chat/conversations/{id}/handback", null);
        var botAgain = await visitor.SayAsync("Dziękuję");
        var history = await visitor.HistoryAsync();

        Assert.True(handoff["handoff"]!.GetValue<bool>());
        Assert.Equal("handoff", handoff.Str("status"));
        Assert.Equal("Handoff reply to: [handoff] Proszę o kontakt z konsultantem", handoff.Str("response"));
        Assert.Null(whileWaiting["response"]);
        Assert.True(whileWaiting["bot_silent"]!.GetValue<bool>());
        Assert.Equal("handoff", whileWaiting.Str("status"));
        Assert.Null(whileWaiting["reply_id"]);
        Assert.Equal(id, Assert.Single(waitingList)!.Str("id"));
        Assert.Equal(2, asked);
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Null(withPerson["response"]);
        Assert.Equal("agent", withPerson.Str("status"));
        Assert.Equal(asked, stillAsked);
        Assert.Equal(HttpStatusCode.OK, handedBack.StatusCode);
        Assert.Equal("bot", (await Json.ReadAsync(handedBack))["conversation"].Str("status"));
        Assert.False(botAgain["bot_silent"]!.GetValue<bool>());
        Assert.Equal("Answer reply to: Dziękuję", botAgain.Str("response"));
        Assert.Equal(["visitor", "bot", "visitor", "bot", "visitor", "system", "agent", "visitor", "system", "visitor", "bot"], history.Roles());
        Assert.Equal("Dzień dobry, tu Anna. W czym pomóc?", history[6].Str("text"));
        Assert.StartsWith("Owner", history[6].Str("author_name"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TakingOverSilencesTheBotAndOnlyOnePersonHoldsAConversation(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        var id = (await visitor.SayAsync("Czy mogę przyjść z psem?")).Str("conversation_id");
        using var owner = tenant.Client();
        var (agent, _) = await tenant.AddMemberAsync("agent");
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (agent)
        using (viewer)
        {
            var byViewer = await viewer.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
            var taken = await owner.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
            var again = await owner.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
            var byOther = await agent.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
            var quiet = await visitor.SayAsync("Halo?");
            var helping = await agent.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Tak, zapraszamy z psem." });
            var detail = await Json.ReadAsync(taken);

            Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            Assert.Equal("agent", detail["conversation"].Str("status"));
            Assert.Equal(tenant.UserId, detail["conversation"].Str("assigned_user_id"));
            Assert.Equal("system", detail["messages"]!.AsArray().Last().Str("role"));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, byOther.StatusCode);
            Assert.Equal("CONVERSATION_TAKEN", (await Json.ReadAsync(byOther)).Code());
            Assert.True(quiet["bot_silent"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.Created, helping.StatusCode);
            Assert.Equal(["visitor", "bot", "system", "visitor", "agent"], (await visitor.HistoryAsync()).Roles());
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AClosedConversationTakesNoRepliesAndOpensAgainWhenTheVisitorWrites(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        var id = (await visitor.SayAsync("Dzięki, to wszystko")).Str("conversation_id");
        using var owner = tenant.Client();

        var closed = await Json.ReadAsync(await owner.PostAsync($"/api/v1/chat/conversations/{id}/close", null));
        var closedAgain = await owner.PostAsync($"/api/v1/chat/conversations/{id}/close", null);
        var reply = await owner.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Jeszcze jedno" });
        var takeover = await owner.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
        var handBack = await owner.PostAsync($"/api/v1/chat/conversations/{id}/handback", null);
        var reopened = await visitor.SayAsync("Jednak mam pytanie");
        var after = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{id}"));

        Assert.Equal("closed", closed["conversation"].Str("status"));
        Assert.NotNull(closed["conversation"]!["closed_at"]);
        Assert.Equal(HttpStatusCode.OK, closedAgain.StatusCode);
        Assert.Equal(1, (await Json.ReadAsync(closedAgain))["messages"]!.AsArray().Count(m => m.Str("role") == "system"));
        Assert.Equal("CONVERSATION_CLOSED", (await Json.ReadAsync(reply)).Code());
        Assert.Equal(HttpStatusCode.Conflict, takeover.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, handBack.StatusCode);
        Assert.Equal("bot", reopened.Str("status"));
        Assert.False(reopened["bot_silent"]!.GetValue<bool>());
        Assert.Equal("bot", after["conversation"].Str("status"));
        Assert.Null(after["conversation"]!["closed_at"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task HandingBackAConversationTheBotAlreadyHasIsAConflictAndEmptyRepliesAreRefused(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        var id = (await visitor.SayAsync("Hej")).Str("conversation_id");
        using var owner = tenant.Client();

        var handBack = await owner.PostAsync($"/api/v1/chat/conversations/{id}/handback", null);
        var empty = await owner.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = " " });
        var tooLong = await owner.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = new string('x', 2001) });
        var detail = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{id}?mark_read=false"));

        Assert.Equal(HttpStatusCode.Conflict, handBack.StatusCode);
        Assert.Equal("CONVERSATION_WITH_BOT", (await Json.ReadAsync(handBack)).Code());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("text", (await Json.ReadAsync(empty))["error"]!["details"]!.AsObject().Single().Key);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("bot", detail["conversation"].Str("status"));
        Assert.Equal(2, detail["messages"]!.AsArray().Count);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherWorkspacesConversationAnswersNotFound(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var salonA = await app.RegisterAsync();
        var salonB = await app.RegisterAsync();
        using var visitor = new Visitor(app, salonA.Slug);
        var id = (await visitor.SayAsync("[unknown] Czy macie parking?")).Str("conversation_id");
        using var ownerA = salonA.Client();
        using var ownerB = salonB.Client();
        var unansweredId = (await Json.ReadArrayAsync(await ownerA.GetAsync("/api/v1/chat/unanswered")))[0].Str("id");

        var responses = new[]
        {
            await ownerB.GetAsync($"/api/v1/chat/conversations/{id}"),
            await ownerB.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null),
            await ownerB.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Obcy" }),
            await ownerB.PostAsync($"/api/v1/chat/conversations/{id}/handback", null),
            await ownerB.PostAsync($"/api/v1/chat/conversations/{id}/close", null),
            await ownerB.PostAsync($"/api/v1/chat/conversations/{id}/read", null),
            await ownerB.PostAsync($"/api/v1/chat/unanswered/{unansweredId}/dismiss", null),
            await ownerB.PostAsync($"/api/v1/chat/unanswered/{unansweredId}/draft-faq", null),
        };
        var listB = await Json.ReadArrayAsync(await ownerB.GetAsync("/api/v1/chat/conversations"));
        var statsB = await Json.ReadAsync(await ownerB.GetAsync("/api/v1/chat/stats"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("CONVERSATION_NOT_FOUND", (await Json.ReadAsync(responses[0])).Code());
        Assert.Equal("UNANSWERED_NOT_FOUND", (await Json.ReadAsync(responses[6])).Code());
        Assert.Empty(listB);
        Assert.Equal(0, statsB["open"]!.GetValue<int>());
        Assert.Equal("bot", (await Json.ReadAsync(await ownerA.GetAsync($"/api/v1/chat/conversations/{id}")))["conversation"].Str("status"));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task StatsCountConversationsPerStatusAndUnreadMessages(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var first = new Visitor(app, tenant.Slug);
        using var second = new Visitor(app, tenant.Slug);
        using var third = new Visitor(app, tenant.Slug);
        await first.SayAsync("Pytanie");
        await first.SayAsync("Drugie pytanie");
        await second.SayAsync("[handoff] Człowieka proszę");
        await third.SayAsync("Pa");
        using var owner = tenant.Client();
        await owner.PostAsync($"/api/v1/chat/conversations/{third.ConversationId}/close", null);

        var stats = await Json.ReadAsync(await owner.GetAsync("/api/v1/chat/stats"));

        Assert.Equal(JsonNode.Parse("""{"open":2,"bot":1,"handoff":1,"agent":0,"closed":1,"unread":3}""")!.ToJsonString(), stats.ToJsonString());
    }
}

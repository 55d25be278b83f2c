using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

/// <summary>The widget's endpoints: anonymous, by the workspace's public slug, one session per visitor.</summary>
public sealed class PublicChatTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AFirstMessageStartsAChatAndTheBotAnswersWithItsSources(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);

        var reply = await visitor.SayAsync("Ile kosztuje strzyżenie?", language: "pl-PL");
        var history = await visitor.HistoryAsync();

        Assert.Equal(["response", "session_id", "conversation_id", "language", "engine", "sources", "handoff", "status", "bot_silent", "message_id",
            "reply_id", "created_at"], reply.AsObject().Select(p => p.Key));
        Assert.Equal("Answer reply to: Ile kosztuje strzyżenie?", reply.Str("response"));
        Assert.True(reply.Str("session_id").Length >= 40);
        Assert.Equal("pl", reply.Str("language"));
        Assert.Equal(ScriptedAnswerer.Engine, reply.Str("engine"));
        Assert.Equal([ScriptedAnswerer.SourceId], reply["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(reply["handoff"]!.GetValue<bool>());
        Assert.False(reply["bot_silent"]!.GetValue<bool>());
        Assert.Equal("bot", reply.Str("status"));
        Assert.Equal(["visitor", "bot"], history.Roles());
        Assert.Equal(reply.Str("message_id"), history[0].Str("id"));
        Assert.Equal(reply.Str("reply_id"), history[1].Str("id"));
        Assert.Equal("Ile kosztuje strzyżenie?", history[0].Str("text"));
        Assert.Equal([ScriptedAnswerer.SourceId], history[1]!["sources"]!.AsArray().Select(s => s!.GetValue<string>()));

        using var owner = tenant.Client();
        var list = await owner.GetAsync("/api/v1/chat/conversations");
        var conversation = Assert.Single(await Json.ReadArrayAsync(list))!;
        Assert.Equal(reply.Str("conversation_id"), conversation.Str("id"));
        Assert.Equal(1, conversation["unread_count"]!.GetValue<int>());
        Assert.Equal(2, conversation["message_count"]!.GetValue<int>());
        Assert.Equal("Answer reply to: Ile kosztuje strzyżenie?", conversation.Str("last_message_preview"));
        Assert.Equal("1", list.Headers.GetValues(ListHeader).Single());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AFollowUpKeepsTheSessionAndHandsTheConversationSoFarToTheAnswerer(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);

        var first = await visitor.SayAsync("Hello, do you cut hair?", language: "en");
        var second = await visitor.SayAsync("And on Saturdays?");
        var newer = await visitor.HistoryAsync(after: first.Str("reply_id"));

        Assert.Equal(first.Str("session_id"), second.Str("session_id"));
        Assert.Equal(first.Str("conversation_id"), second.Str("conversation_id"));
        var asked = ScriptedAnswerer.Instance.QuestionsFor(tenant.WorkspaceId);
        Assert.Equal(2, asked.Count);
        Assert.Empty(asked[0].History);
        Assert.Equal("en", asked[1].Language);
        Assert.Equal(["visitor", "bot"], asked[1].History.Select(t => t.Role));
        Assert.Equal("Hello, do you cut hair?", asked[1].History[0].Text);
        Assert.Equal(["And on Saturdays?", "Answer reply to: And on Saturdays?"], newer.Select(m => m.Str("text")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnknownWorkspaceOrSessionAnswersNotFound(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        var noWorkspace = await anonymous.PostAsJsonAsync("/api/v1/public/no-such-salon-xyz/chat/messages", new { message = "Hej" });
        var noSession = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/chat/messages", new { session_id = "made-up", message = "Hej" });
        var noHistory = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/chat/sessions/made-up/messages");

        Assert.Equal(HttpStatusCode.NotFound, noWorkspace.StatusCode);
        Assert.Equal("WORKSPACE_NOT_FOUND", (await Json.ReadAsync(noWorkspace)).Code());
        Assert.Equal(HttpStatusCode.NotFound, noSession.StatusCode);
        Assert.Equal("CONVERSATION_NOT_FOUND", (await Json.ReadAsync(noSession)).Code());
        Assert.Equal(HttpStatusCode.NotFound, noHistory.StatusCode);
        Assert.Equal("CONVERSATION_NOT_FOUND", (await Json.ReadAsync(noHistory)).Code());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherSessionsOrWorkspacesChatCannotBeReadOrWrittenTo(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var salonA = await app.RegisterAsync();
        var salonB = await app.RegisterAsync();
        using var alice = new Visitor(app, salonA.Slug);
        using var bob = new Visitor(app, salonA.Slug);
        await alice.SayAsync("Prywatne pytanie Alicji");
        await bob.SayAsync("Pytanie Boba");
        using var anonymous = app.CreateClient();

        var aliceSessionOnB = await anonymous.GetAsync($"/api/v1/public/{salonB.Slug}/chat/sessions/{alice.SessionId}/messages");
        var writeOnB = await anonymous.PostAsJsonAsync($"/api/v1/public/{salonB.Slug}/chat/messages", new { session_id = alice.SessionId, message = "x" });
        var bobsHistory = await bob.HistoryAsync();
        var afterAlicesMessage = await anonymous.GetAsync(
            $"/api/v1/public/{salonA.Slug}/chat/sessions/{bob.SessionId}/messages?after={(await alice.HistoryAsync())[0].Str("id")}");

        Assert.Equal(HttpStatusCode.NotFound, aliceSessionOnB.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, writeOnB.StatusCode);
        Assert.DoesNotContain(bobsHistory, m => m.Str("text").Contains("Alicji", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, afterAlicesMessage.StatusCode);
        Assert.Equal("after", (await Json.ReadAsync(afterAlicesMessage))["error"]!["details"]!.AsObject().Single().Key);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task BadMessagesAreRefusedWithTheFieldNamed(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();
        var url = $"/api/v1/public/{tenant.Slug}/chat/messages";

        var empty = await anonymous.PostAsJsonAsync(url, new { message = "   " });
        var tooLong = await anonymous.PostAsJsonAsync(url, new { message = new string('a', 2001) });
        var badLanguage = await anonymous.PostAsJsonAsync(url, new { message = "Hej", language = "p1" });
        var malformed = await anonymous.PostAsync(url, Json.Raw("{\"message\": "));
        var wrongType = await anonymous.PostAsync(url, Json.Raw("{\"message\": 42}"));

        foreach (var (response, field) in new[] { (empty, "message"), (tooLong, "message"), (badLanguage, "language"), (malformed, "body"), (wrongType, "message") })
        {
            var body = await Json.ReadAsync(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("VALIDATION_ERROR", body.Code());
            Assert.True(body["error"]!["details"]!.AsObject().ContainsKey(field), body.ToJsonString());
        }

        using var owner = tenant.Client();
        Assert.Empty(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/conversations")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task OtherSitesMayCallThePublicEndpointsWithoutCredentials(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();
        var url = $"/api/v1/public/{tenant.Slug}/chat/messages";

        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "https://salon.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var allowed = await anonymous.SendAsync(preflight);
        using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { message = "Hej" }) };
        post.Headers.Add("Origin", "https://salon.example");
        var answered = await anonymous.SendAsync(post);
        using var config = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/public/{tenant.Slug}/chat/config");
        config.Headers.Add("Origin", "https://salon.example");
        var configured = await anonymous.SendAsync(config);
        var body = await Json.ReadAsync(configured);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("*", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("*", configured.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(tenant.Slug, body.Str("slug"));
        Assert.Equal("/hubs/chat", body.Str("hub_path"));
        Assert.Equal(2000, body["max_message_chars"]!.GetValue<int>());
    }

    [Fact]
    public async Task WithAllowedOriginsConfiguredOnlyThoseSitesMayUseTheChat()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Chat:AllowedOrigins:0"] = "https://salon.example" });
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/public/{tenant.Slug}/chat/messages");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            return await anonymous.SendAsync(preflight);
        }

        var allowed = await PreflightAsync("https://salon.example");
        var refused = await PreflightAsync("https://elsewhere.example");
        await using var foreignWidget = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Origin"] = "https://elsewhere.example";
            })
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreignWidget.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await foreignWidget.StartAsync();

        Assert.Equal("https://salon.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task PublicChatRequestsAreLimitedPerClientAddress()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["RateLimits:PublicPermitsPerMinute"] = "3" });
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);

        await visitor.SayAsync("Jeden");
        await visitor.SayAsync("Dwa");
        await visitor.HistoryAsync();
        var limited = await visitor.PostAsync("Cztery");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("RATE_LIMIT_EXCEEDED", (await Json.ReadAsync(limited)).Code());
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task TheWidgetScriptIsServedForCaching()
    {
        var app = ChatApps.Scripted(Lanes.Sqlite);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/widget.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("attachShadow", script, StringComparison.Ordinal);
        Assert.Contains("data-workspace", script, StringComparison.Ordinal);
    }

    private const string ListHeader = "X-Total-Count";
}

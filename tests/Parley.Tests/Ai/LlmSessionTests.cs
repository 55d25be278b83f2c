using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.Ai;
using Parley.Features.Ai.Sessions;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Ai;

/// <summary>The LLM sessions API against the built-in engine and, through a fake OpenAI-compatible server, a model.</summary>
public sealed class LlmSessionTests : IAsyncLifetime
{
    private ParleyApp _app = null!;
    private FakeOpenAiServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        _app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?>
        {
            ["Ai:TimeoutSeconds"] = "5",
            ["Ai:MaxOpenSessions"] = "3",
            ["Ai:MaxQuestionChars"] = "500",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    private async Task<(Tenant Tenant, HttpClient Client)> TenantUsingModelAsync(long? budget = null)
    {
        var tenant = await _app.RegisterAsync();
        var client = tenant.Client();
        var settings = await client.PutAsJsonAsync("/api/v1/ai/settings",
            new { provider = "openai", endpoint = _model.Endpoint.ToString(), model = "gpt-test", api_key = "sk-test-123", monthly_token_budget = budget });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        return (tenant, client);
    }

    private static async Task<string> CreateSessionAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/llm/sessions", body ?? new { name = "Recepcja" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response))["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task WithoutAModelTheBuiltInEngineAnswersAndTheHistoryIsKept()
    {
        var tenant = await _app.RegisterAsync("Studio Urody Mira");
        using var client = tenant.Client();
        var id = await CreateSessionAsync(client);

        var answer = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Nie polecam, bardzo długo czekałam na wizytę." }));
        var session = await Json.ReadAsync(await client.GetAsync($"/api/v1/llm/sessions/{id}"));
        var history = await Json.ReadArrayAsync(await client.GetAsync($"/api/v1/llm/sessions/{id}/messages"));

        Assert.Equal("builtin", answer["engine"]!.GetValue<string>());
        Assert.Equal("Nie polecam, bardzo długo czekałam na wizytę.", answer["question"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(answer["answer"]!.GetValue<string>()));
        Assert.DoesNotContain("@", answer["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Studio Urody Mira", answer["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, answer["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.Equal(2, session["message_count"]!.GetValue<int>());
        Assert.Equal("active", session["status"]!.GetValue<string>());
        Assert.NotNull(session["last_activity"]);
        Assert.Equal(["user", "assistant"], history.Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheModelAnswersWithTheSystemPromptAndTheSessionsHistory()
    {
        var (_, client) = await TenantUsingModelAsync();
        using (client)
        {
            var id = await CreateSessionAsync(client, new { name = "Salon", system_prompt = "Jesteś recepcjonistką salonu Bella." });

            var first = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Czy jest termin w sobotę?" }));
            await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "A o której?" });

            Assert.Equal("llm", first["engine"]!.GetValue<string>());
            Assert.Equal(_model.Reply, first["answer"]!.GetValue<string>());
            Assert.True(first["usage"]!["prompt_tokens"]!.GetValue<int>() > 0);
            Assert.True(first["usage"]!["completion_tokens"]!.GetValue<int>() > 0);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", first["timestamp"]!.GetValue<string>());
            var second = _model.Requests.Last();
            Assert.Equal("Bearer sk-test-123", second.Authorization);
            Assert.Equal("gpt-test", second.Body["model"]!.GetValue<string>());
            var sent = second.Body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), m["content"]!.ToString())).ToList();
            Assert.Equal(("system", "Jesteś recepcjonistką salonu Bella."), sent[0]);
            Assert.Equal(("user", "Czy jest termin w sobotę?"), sent[1]);
            Assert.Equal(("assistant", _model.Reply), sent[2]);
            Assert.Equal(("user", "A o której?"), sent[3]);
        }
    }

    [Theory]
    [InlineData(FakeMode.RateLimited, "rate_limited")]
    [InlineData(FakeMode.ServerError, "error")]
    [InlineData(FakeMode.Malformed, "invalid_output")]
    [InlineData(FakeMode.Slow, "timeout")]
    public async Task WhenTheModelFailsTheBuiltInEngineAnswersAndSaysSo(FakeMode mode, string reason)
    {
        var (_, client) = await TenantUsingModelAsync();
        using (client)
        {
            var id = await CreateSessionAsync(client);
            _model.Mode = mode;
            try
            {
                var response = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Ile kosztuje koloryzacja?" });
                var answer = await Json.ReadAsync(response);
                var health = await Json.ReadAsync(await client.GetAsync("/api/v1/llm/health"));
                var metrics = await Json.ReadAsync(await client.GetAsync("/api/v1/llm/metrics"));

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("builtin-fallback", answer["engine"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(answer["answer"]!.GetValue<string>()));
                Assert.Equal("degraded", health["status"]!.GetValue<string>());
                Assert.Equal(reason, health["last_call"]!["fallback_reason"]!.GetValue<string>());
                Assert.Equal(1, metrics["fallbacks"]!["by_reason"]![reason]!.GetValue<int>());
            }
            finally
            {
                _model.Mode = FakeMode.Answer;
            }
        }
    }

    [Fact]
    public async Task AnswersStreamTokenByTokenAsServerSentEvents()
    {
        var (_, client) = await TenantUsingModelAsync();
        using (client)
        {
            var id = await CreateSessionAsync(client);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/llm/sessions/{id}/ask") { Content = JsonContent.Create(new { question = "Czy jest termin?" }) };
            request.Headers.Accept.ParseAdd("text/event-stream");

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var events = ParseEvents(await response.Content.ReadAsStringAsync());

            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var tokens = events.Where(e => e.Event == "token").Select(e => e.Data["text"]!.GetValue<string>()).ToList();
            Assert.True(tokens.Count > 3);
            Assert.Equal(_model.Reply, string.Concat(tokens));
            var done = Assert.Single(events, e => e.Event == "done").Data;
            Assert.Equal("llm", done["engine"]!.GetValue<string>());
            Assert.Equal(_model.Reply, done["answer"]!.GetValue<string>());
            Assert.True(done["usage"]!["completion_tokens"]!.GetValue<int>() > 0);
            Assert.True(_model.Requests.Last().Body["stream"]!.GetValue<bool>());
            var session = await Json.ReadAsync(await client.GetAsync($"/api/v1/llm/sessions/{id}"));
            Assert.Equal(2, session["message_count"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task AnAsyncQuestionIsAcceptedAndAnsweredByAJob()
    {
        var tenant = await _app.RegisterAsync();
        using var client = tenant.Client();
        var id = await CreateSessionAsync(client);

        var response = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Dziękuję, wszystko super!", @async = true });
        var queued = await Json.ReadAsync(response);
        var url = queued["status_url"]!.GetValue<string>();
        JsonNode ask;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(200);
            ask = await Json.ReadAsync(await client.GetAsync(url));
        }
        while (ask["status"]!.GetValue<string>() is "pending" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", queued["status"]!.GetValue<string>());
        Assert.Equal("completed", ask["status"]!.GetValue<string>());
        Assert.Equal("builtin", ask["engine"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(ask["answer"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BadQuestionsUnknownSessionsAndTooManySessionsAreClearErrors()
    {
        var tenant = await _app.RegisterAsync();
        var other = await _app.RegisterAsync();
        using var client = tenant.Client();
        using var otherClient = other.Client();
        var id = await CreateSessionAsync(client);

        var empty = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "   " });
        var oversized = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = new string('x', 501) });
        var unknown = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{Guid.NewGuid():N}/ask", new { question = "Hej" });
        var foreign = await otherClient.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Hej" });
        var foreignDelete = await otherClient.DeleteAsync($"/api/v1/llm/sessions/{id}");
        await CreateSessionAsync(client);
        await CreateSessionAsync(client);
        var fourth = await client.PostAsJsonAsync("/api/v1/llm/sessions", new { name = "one too many" });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await Json.ReadAsync(empty))["error"]!["details"]!["question"]);
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Equal("SESSION_NOT_FOUND", (await Json.ReadAsync(unknown))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);
        Assert.Equal("SESSION_LIMIT_REACHED", (await Json.ReadAsync(fourth))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/llm/sessions/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnIdleSessionExpiresAndFreesItsPlace()
    {
        var tenant = await _app.RegisterAsync();
        using var client = tenant.Client();
        var id = await CreateSessionAsync(client);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Set<LlmSession>().IgnoreQueryFilters().Where(s => s.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActivityAt, DateTime.UtcNow.AddHours(-2)));
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<LlmSessionService>().ExpireIdleAsync(CancellationToken.None));
        }

        var ask = await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Hej" });
        var session = await Json.ReadAsync(await client.GetAsync($"/api/v1/llm/sessions/{id}"));

        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        Assert.Equal("SESSION_EXPIRED", (await Json.ReadAsync(ask))["error"]!["code"]!.GetValue<string>());
        Assert.Equal("expired", session["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OverTheMonthlyBudgetTheBuiltInEngineAnswers()
    {
        var (_, client) = await TenantUsingModelAsync(budget: 10);
        using (client)
        {
            var id = await CreateSessionAsync(client);
            var first = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "Czy jest termin w sobotę?" }));
            var second = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/llm/sessions/{id}/ask", new { question = "A w niedzielę?" }));
            var health = await Json.ReadAsync(await client.GetAsync("/api/v1/llm/health"));

            Assert.Equal("llm", first["engine"]!.GetValue<string>());
            Assert.Equal("builtin-fallback", second["engine"]!.GetValue<string>());
            Assert.Equal("budget", health["last_call"]!["fallback_reason"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task TheKeyIsStoredEncryptedAndNeverReturned()
    {
        var (tenant, client) = await TenantUsingModelAsync();
        using (client)
        {
            var settings = await client.GetStringAsync("/api/v1/ai/settings");
            var test = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/test", new { }));
            await using var scope = _app.Services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<WorkspaceAiSettings>().IgnoreQueryFilters()
                .SingleAsync(s => s.WorkspaceId == tenant.WorkspaceId);

            Assert.DoesNotContain("sk-test-123", settings, StringComparison.Ordinal);
            Assert.Contains("\"api_key_set\":true", settings, StringComparison.Ordinal);
            Assert.NotNull(stored.ApiKeyProtected);
            Assert.DoesNotContain("sk-test-123", stored.ApiKeyProtected, StringComparison.Ordinal);
            Assert.Equal("llm", test["engine"]!.GetValue<string>());
            Assert.Equal(_model.Reply, test["answer"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AViewerCanReadButNotChangeAiSettingsOrOpenSessions()
    {
        var tenant = await _app.RegisterAsync();
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (viewer)
        {
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/ai/settings")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/ai/settings", new { provider = "openai" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/llm/sessions", new { })).StatusCode);
            var invalid = await tenant.Client().PutAsJsonAsync("/api/v1/ai/settings", new { provider = "skynet", endpoint = "not a url" });
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var details = (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject();
            Assert.Contains("provider", details.Select(d => d.Key));
            Assert.Contains("endpoint", details.Select(d => d.Key));
        }
    }

    private static List<(string Event, JsonNode Data)> ParseEvents(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (
                lines.FirstOrDefault(l => l.StartsWith("event:", StringComparison.Ordinal))?["event:".Length..].Trim() ?? "message",
                JsonNode.Parse(string.Concat(lines.Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l["data:".Length..].Trim())))!))
            .ToList();
}

using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.AutoReply.JsonAssert;

namespace Parley.Tests.AutoReply;

/// <summary>The contract's Auto-Odpowiedzi endpoints: shapes, status codes, validation and error codes.</summary>
public sealed class AutoReplyApiTests
{
    private static readonly string[] SettingsFields =
        ["enabled", "require_approval", "email_notifications", "approval_timeout_hours", "daily_limit", "cooldown_days", "max_age_days",
         "response_rate_threshold", "require_approval_for_ratings", "require_approval_keywords", "updated_at"];

    private static readonly string[] RuleFields = ["id", "name", "enabled", "priority", "conditions", "schedule", "template_selection", "created_at", "updated_at"];

    private static object ContractRule(string name = "Pozytywne opinie Google") => new
    {
        name,
        enabled = true,
        conditions = new { rating = new { @operator = "gte", value = 4 }, source = new[] { "google" }, status = new[] { "new", "read" } },
        schedule = new { type = "immediate", delay_minutes = 0, time_window = (object?)null, weekdays_only = false },
        template_selection = new { strategy = "rating_match", fallback_template_id = (string?)null },
    };

    private static object ContractSettings(bool enabled = true) => new
    {
        enabled,
        require_approval = true,
        email_notifications = false,
        approval_timeout_hours = 24,
        daily_limit = 50,
        cooldown_days = 7,
        max_age_days = 30,
        response_rate_threshold = 95,
        require_approval_for_ratings = new[] { 1, 2 },
        require_approval_keywords = new[] { "reklamacja", "problem", "skarga" },
    };

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task SettingsStartAtTheContractsDefaultsAndAreReplacedByPut(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var defaults = await Json.ReadAsync(await client.GetAsync("/api/v1/auto-reply/settings"));
        Fields(defaults, SettingsFields);
        Assert.False(defaults["enabled"]!.GetValue<bool>());
        Assert.True(defaults["require_approval"]!.GetValue<bool>());
        Assert.Equal(24, defaults["approval_timeout_hours"]!.GetValue<int>());
        Assert.Equal(50, defaults["daily_limit"]!.GetValue<int>());
        Assert.Equal(7, defaults["cooldown_days"]!.GetValue<int>());
        Assert.Equal(30, defaults["max_age_days"]!.GetValue<int>());
        Assert.Equal(95, defaults["response_rate_threshold"]!.GetValue<double>());
        Assert.Equal("[1,2]", defaults["require_approval_for_ratings"]!.ToJsonString());
        Assert.Equal("[\"reklamacja\",\"problem\",\"skarga\"]", defaults["require_approval_keywords"]!.ToJsonString());
        Assert.Null(defaults["updated_at"]);

        var response = await client.PutAsJsonAsync("/api/v1/auto-reply/settings", new
        {
            enabled = true, require_approval = false, email_notifications = true, approval_timeout_hours = 0, daily_limit = 10, cooldown_days = 3,
            max_age_days = 14, response_rate_threshold = 80.5, require_approval_for_ratings = new[] { 2, 1 }, require_approval_keywords = new[] { "zwrot" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await Json.ReadAsync(response);
        Fields(saved, SettingsFields);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", Str(saved["updated_at"]));
        Assert.Equal("[1,2]", saved["require_approval_for_ratings"]!.ToJsonString());
        Assert.Equal(80.5, saved["response_rate_threshold"]!.GetValue<double>());

        var again = await Json.ReadAsync(await client.GetAsync("/api/v1/auto-reply/settings"));
        Assert.Equal(saved.ToJsonString(), again.ToJsonString());

        var contract = await Json.ReadAsync(await client.PutAsJsonAsync("/api/v1/auto-reply/settings", ContractSettings()));
        Assert.Equal(95, contract["response_rate_threshold"]!.GetValue<double>());
        var withoutOptional = await Json.ReadAsync(await client.PutAsJsonAsync("/api/v1/auto-reply/settings", new
        {
            enabled = true, require_approval = true, email_notifications = false, approval_timeout_hours = 24, daily_limit = 50, cooldown_days = 7, max_age_days = 30,
        }));
        Assert.Null(withoutOptional["response_rate_threshold"]);
        Assert.Equal("[]", withoutOptional["require_approval_keywords"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"require_approval":true,"email_notifications":false,"approval_timeout_hours":24,"daily_limit":50,"cooldown_days":7,"max_age_days":30}""", "enabled")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":24,"daily_limit":0,"cooldown_days":7,"max_age_days":30}""", "daily_limit")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":-1,"daily_limit":5,"cooldown_days":7,"max_age_days":30}""", "approval_timeout_hours")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":1,"daily_limit":5,"cooldown_days":7,"max_age_days":30,"response_rate_threshold":101}""", "response_rate_threshold")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":1,"daily_limit":5,"cooldown_days":7,"max_age_days":30,"require_approval_for_ratings":[0,6]}""", "require_approval_for_ratings")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":1,"daily_limit":5,"cooldown_days":7,"max_age_days":30,"require_approval_keywords":["  "]}""", "require_approval_keywords")]
    [InlineData("""{"enabled":"yes","require_approval":true,"email_notifications":false,"approval_timeout_hours":1,"daily_limit":5,"cooldown_days":7,"max_age_days":30}""", "enabled")]
    [InlineData("""{"enabled":true,"require_approval":true,"email_notifications":false,"approval_timeout_hours":1.5,"daily_limit":5,"cooldown_days":7,"max_age_days":30}""", "approval_timeout_hours")]
    public async Task InvalidSettingsAreRefusedNamingTheField(string json, string field)
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var client = tenant.Client();
        var problem = await ProblemAsync(await client.PutAsync("/api/v1/auto-reply/settings", Json.Raw(json)), 400, "VALIDATION_ERROR");
        Assert.NotNull(problem["error"]!["details"]![field]);
        var unchanged = await Json.ReadAsync(await client.GetAsync("/api/v1/auto-reply/settings"));
        Assert.Null(unchanged["updated_at"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RulesAreCreatedListedReplacedAndDeletedAsTheContractShows(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var response = await client.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Json.ReadAsync(response);
        Fields(created, RuleFields);
        Assert.Equal($"/api/v1/auto-reply/rules/{Str(created["id"])}", response.Headers.Location!.ToString());
        Assert.Equal(
            """{"rating":{"operator":"gte","value":4},"source":["google"],"status":["new","read"]}""",
            created["conditions"]!.ToJsonString());
        Assert.Equal("""{"type":"immediate","delay_minutes":0,"time_window":null,"weekdays_only":false}""", created["schedule"]!.ToJsonString());
        Assert.Equal("""{"strategy":"rating_match","fallback_template_id":null}""", created["template_selection"]!.ToJsonString());

        var second = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule("Druga")));
        Assert.True(second["priority"]!.GetValue<int>() > created["priority"]!.GetValue<int>());

        var list = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/auto-reply/rules"));
        Assert.Equal([Str(created["id"]), Str(second["id"])], list.Select(r => Str(r!["id"])));

        var put = await client.PutAsJsonAsync($"/api/v1/auto-reply/rules/{Str(second["id"])}", new
        {
            name = "Nocą, w dni robocze",
            enabled = false,
            priority = 1,
            conditions = new { rating = new { @operator = "between", min = 2, max = 3 }, keywords = new[] { "reklamacja" } },
            schedule = new { type = "scheduled", delay_minutes = 15, time_window = new { start = "22:00", end = "06:00" }, weekdays_only = true },
            template_selection = new { strategy = "first_available", fallback_template_id = (string?)null },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await Json.ReadAsync(put);
        Assert.False(updated["enabled"]!.GetValue<bool>());
        Assert.Equal("""{"rating":{"operator":"between","min":2,"max":3},"keywords":["reklamacja"]}""", updated["conditions"]!.ToJsonString());
        Assert.Equal("""{"type":"scheduled","delay_minutes":0,"time_window":{"start":"22:00","end":"06:00"},"weekdays_only":true}""", updated["schedule"]!.ToJsonString());

        list = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/auto-reply/rules"));
        Assert.Equal(Str(second["id"]), Str(list[0]!["id"]));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/auto-reply/rules/{Str(second["id"])}")).StatusCode);
        await ProblemAsync(await client.DeleteAsync($"/api/v1/auto-reply/rules/{Str(second["id"])}"), 404, "RULE_NOT_FOUND");
        await ProblemAsync(await client.PutAsJsonAsync("/api/v1/auto-reply/rules/nope", ContractRule()), 404, "RULE_NOT_FOUND");
        Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/auto-reply/rules")));
    }

    public static TheoryData<string, string> InvalidRules => new()
    {
        { """{"enabled":true,"conditions":{},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "name" },
        { """{"name":"x","conditions":{"rating":{"operator":"gt","value":4}},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "conditions.rating.operator" },
        { """{"name":"x","conditions":{"rating":{"operator":"gte","value":7}},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "conditions.rating.value" },
        { """{"name":"x","conditions":{"rating":{"operator":"between","min":4,"max":2}},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "conditions.rating" },
        { """{"name":"x","conditions":{"source":["twitter"]},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "conditions.source" },
        { """{"name":"x","conditions":{"status":["answered"]},"schedule":{"type":"immediate"},"template_selection":{"strategy":"rating_match"}}""", "conditions.status" },
        { """{"name":"x","conditions":{},"schedule":{"type":"scheduled"},"template_selection":{"strategy":"rating_match"}}""", "schedule.time_window" },
        { """{"name":"x","conditions":{},"schedule":{"type":"scheduled","time_window":{"start":"9:00","end":"25:00"}},"template_selection":{"strategy":"rating_match"}}""", "schedule.time_window" },
        { """{"name":"x","conditions":{},"schedule":{"type":"delayed","delay_minutes":0},"template_selection":{"strategy":"rating_match"}}""", "schedule.delay_minutes" },
        { """{"name":"x","conditions":{},"schedule":{"type":"soon"},"template_selection":{"strategy":"rating_match"}}""", "schedule.type" },
        { """{"name":"x","conditions":{},"schedule":{"type":"immediate"},"template_selection":{"strategy":"best"}}""", "template_selection.strategy" },
        { """{"name":"x","conditions":{},"schedule":{"type":"immediate"},"template_selection":{"strategy":"random","fallback_template_id":"missing"}}""", "template_selection.fallback_template_id" },
        { """{"name":"x","schedule":{"type":"immediate"},"template_selection":{"strategy":"random"}}""", "conditions" },
    };

    [Theory, MemberData(nameof(InvalidRules))]
    public async Task InvalidRulesAreRefusedNamingTheField(string json, string field)
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var client = tenant.Client();
        var problem = await ProblemAsync(await client.PostAsync("/api/v1/auto-reply/rules", Json.Raw(json)), 400, "VALIDATION_ERROR");
        Assert.NotNull(problem["error"]!["details"]![field]);
        Assert.Empty(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/auto-reply/rules")));
    }

    [Fact]
    public async Task ViewersReadButOnlyAdminsChangeSettingsAndRulesAndAgentsApprove()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        var (agent, _) = await tenant.AddMemberAsync("agent");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/auto-reply/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/auto-reply/history")).StatusCode);
        await ProblemAsync(await viewer.PutAsJsonAsync("/api/v1/auto-reply/settings", ContractSettings()), 403, "FORBIDDEN");
        await ProblemAsync(await agent.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule()), 403, "FORBIDDEN");
        await ProblemAsync(await viewer.PostAsJsonAsync("/api/v1/auto-reply/history/x/approve", new { }), 403, "FORBIDDEN");
        await ProblemAsync(await agent.PostAsJsonAsync("/api/v1/auto-reply/history/x/approve", new { }), 404, "AUTO_REPLY_NOT_FOUND");
        using var anonymous = Lanes.App(Lanes.Sqlite).CreateClient();
        await ProblemAsync(await anonymous.GetAsync("/api/v1/auto-reply/stats"), 401, "UNAUTHORIZED");
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TestingARuleShowsTheContractsMatchWithPreviewAndData(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var template = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/templates",
            new { name = "Podziękowanie (Standard)", content = "@pelne_imie, bardzo dziękujemy!", rating = 5, active = true, auto_reply = true }));
        var rule = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule()));
        var review = await Reviews.ReviewTestData.CreateReviewAsync(client, rating: 5);

        var response = await client.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}/test", new { review_id = Str(review["id"]), review_type = "review" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        HasFields(body, "matches", "template", "preview", "feedbackData");
        Assert.True(body["matches"]!.GetValue<bool>());
        Fields(body["template"], "id", "name", "content");
        Assert.Equal(Str(template["id"]), Str(body["template"]!["id"]));
        Assert.Equal(Str(template["content"]), Str(body["template"]!["content"]));
        Assert.Equal("Anna Nowak, bardzo dziękujemy!", Str(body["preview"]));
        Fields(body["feedbackData"], "name", "surname", "email", "phone", "rating", "date", "service_name", "employee_name", "order_no", "source");
        Assert.Equal("Anna", Str(body["feedbackData"]!["name"]));
        Assert.Equal("Nowak", Str(body["feedbackData"]!["surname"]));
        Assert.Equal("Koloryzacja Sombre", Str(body["feedbackData"]!["service_name"]));
        Assert.Equal("google", Str(body["feedbackData"]!["source"]));
        // Auto-replies are off in a new workspace: the test says the engine would not send now.
        Assert.Contains(body["blocked_by"]!.AsArray(), b => Str(b).Contains("switched off", StringComparison.Ordinal));
        Assert.Contains(body["trace"]!.AsArray(), s => Str(s!["step"]) == "rule" && Str(s["result"]) == "matched");
        Assert.Empty(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/auto-reply/history")));

        var low = await Reviews.ReviewTestData.CreateReviewAsync(client, rating: 2, content: "Słabo.");
        var miss = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}/test", new { review_id = Str(low["id"]) }));
        Assert.False(miss["matches"]!.GetValue<bool>());
        Assert.Equal("Reguła nie pasuje do wybranej opinii", Str(miss["message"]));
        Assert.Null(miss["template"]);
        Assert.Contains(miss["trace"]!.AsArray(), s => s!["conditions"]?.AsArray().Any(c => Str(c!["detail"]) == "Rating 2 is not ≥ 4.") == true);

        await ProblemAsync(await client.PostAsJsonAsync("/api/v1/auto-reply/rules/nope/test", new { review_id = Str(low["id"]) }), 404, "RULE_NOT_FOUND");
        await ProblemAsync(await client.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}/test", new { review_id = "nope" }), 404, "REVIEW_NOT_FOUND");
        await ProblemAsync(await client.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}/test", new { review_id = "nope", review_type = "feedback" }),
            404, "FEEDBACK_NOT_FOUND");
        await ProblemAsync(await client.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}/test", new { review_id = "x", review_type = "tweet" }),
            400, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task AnotherWorkspacesRulesEntriesAndReviewsAreNotFound()
    {
        var app = Lanes.App(Lanes.Sqlite);
        var owner = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        using var mine = owner.Client();
        using var theirs = stranger.Client();
        var rule = await Json.ReadAsync(await mine.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule()));
        var review = await Reviews.ReviewTestData.CreateReviewAsync(mine);

        await ProblemAsync(await theirs.GetAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}"), 404, "RULE_NOT_FOUND");
        await ProblemAsync(await theirs.DeleteAsync($"/api/v1/auto-reply/rules/{Str(rule["id"])}"), 404, "RULE_NOT_FOUND");
        await ProblemAsync(await theirs.GetAsync($"/api/v1/auto-reply/evaluations?review_id={Str(review["id"])}"), 404, "REVIEW_NOT_FOUND");
        var theirRule = await Json.ReadAsync(await theirs.PostAsJsonAsync("/api/v1/auto-reply/rules", ContractRule()));
        await ProblemAsync(await theirs.PostAsJsonAsync($"/api/v1/auto-reply/rules/{Str(theirRule["id"])}/test", new { review_id = Str(review["id"]) }),
            404, "REVIEW_NOT_FOUND");
        Assert.Single(await Json.ReadArrayAsync(await mine.GetAsync("/api/v1/auto-reply/rules")));
    }

    [Fact]
    public async Task EvaluationsNeedExactlyOneItem()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var client = tenant.Client();
        await ProblemAsync(await client.GetAsync("/api/v1/auto-reply/evaluations"), 400, "VALIDATION_ERROR");
        await ProblemAsync(await client.GetAsync("/api/v1/auto-reply/evaluations?review_id=a&feedback_id=b"), 400, "VALIDATION_ERROR");
        await ProblemAsync(await client.GetAsync("/api/v1/auto-reply/evaluations?feedback_id=nope"), 404, "FEEDBACK_NOT_FOUND");
    }

    [Fact]
    public async Task StatsOfANewWorkspaceAreZero()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var client = tenant.Client();
        var stats = await Json.ReadAsync(await client.GetAsync("/api/v1/auto-reply/stats"));
        Assert.Equal("""{"total_sent":0,"total_pending":0,"total_failed":0,"total_auto_replies":0,"google_auto_replies":0,"intercepted_auto_replies":0,"time_saved_hours":0}""",
            stats.ToJsonString());
    }
}

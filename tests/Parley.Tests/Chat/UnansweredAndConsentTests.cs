using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.Chat;
using Parley.Features.Contacts;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

public sealed class UnansweredAndConsentTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task QuestionsTheKnowledgeBaseCouldNotAnswerAreCountedPerWordingAndLanguage(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var anna = new Visitor(app, tenant.Slug);
        using var jan = new Visitor(app, tenant.Slug);
        using var john = new Visitor(app, tenant.Slug);
        await anna.SayAsync("[unknown] Czy macie parking dla klientów?");
        await jan.SayAsync("[UNKNOWN]   czy MACIE parking dla klientow");
        await john.SayAsync("[unknown] Czy macie parking dla klientów?", language: "en");
        await jan.SayAsync("[clarify] Ile?");
        await anna.SayAsync("Ile kosztuje manicure?");
        await anna.SayAsync("[greeting] Dzień dobry");
        using var owner = tenant.Client();

        var response = await owner.GetAsync("/api/v1/chat/unanswered");
        var list = await Json.ReadArrayAsync(response);
        var english = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered?language=en"));
        var badStatus = await owner.GetAsync("/api/v1/chat/unanswered?status=maybe");

        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([("pl", 2), ("pl", 1), ("en", 1)], list.Select(q => (q.Str("language"), q!["count"]!.GetValue<int>())));
        Assert.Equal("[unknown] Czy macie parking dla klientów?", list[0].Str("text"));
        Assert.Equal("unknown czy macie parking dla klientow", list[0].Str("normalized_text"));
        Assert.Equal(jan.ConversationId, list[0].Str("last_conversation_id"));
        Assert.Equal("[clarify] Ile?", list[1].Str("text"));
        Assert.Equal("en", Assert.Single(english)!.Str("language"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task DismissingOrDraftingAnFaqTakesAQuestionOffTheOpenList(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("[unknown] Czy jest Wi-Fi?");
        await visitor.SayAsync("[unknown] Czy przyjmujecie karty?");
        using var owner = tenant.Client();
        var open = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"));
        var wifi = open.Single(q => q.Str("text").Contains("Wi-Fi", StringComparison.Ordinal)).Str("id");
        var cards = open.Single(q => q.Str("text").Contains("karty", StringComparison.Ordinal)).Str("id");
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (viewer)
        {
            var byViewer = await viewer.PostAsync($"/api/v1/chat/unanswered/{wifi}/dismiss", null);
            var dismissed = await Json.ReadAsync(await owner.PostAsync($"/api/v1/chat/unanswered/{wifi}/dismiss", null));
            var draftResponse = await owner.PostAsync($"/api/v1/chat/unanswered/{cards}/draft-faq", null);
            var draft = await Json.ReadAsync(draftResponse);
            var twice = await owner.PostAsync($"/api/v1/chat/unanswered/{cards}/draft-faq", null);
            var unknown = await owner.PostAsync("/api/v1/chat/unanswered/nope/draft-faq", null);
            var stillOpen = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"));
            var drafted = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered?status=drafted"));
            await visitor.SayAsync("[unknown] Czy jest wi fi");
            var dismissedList = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered?status=dismissed"));

            Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
            Assert.Equal("dismissed", dismissed.Str("status"));
            Assert.Equal(HttpStatusCode.Created, draftResponse.StatusCode);
            Assert.Equal(cards, draft["question"].Str("id"));
            Assert.Equal("drafted", draft["question"].Str("status"));
            Assert.Equal("pl", draft["entry"].Str("language"));
            Assert.Equal("[unknown] Czy przyjmujecie karty?", draft["entry"].Str("question"));
            Assert.True(draft["entry"]!["draft"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal("UNANSWERED_ALREADY_DRAFTED", (await Json.ReadAsync(twice)).Code());
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Empty(stillOpen);
            Assert.Equal(cards, Assert.Single(drafted)!.Str("id"));
            var stillDismissed = Assert.Single(dismissedList)!;
            Assert.Equal(2, stillDismissed["count"]!.GetValue<int>());
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ContactDetailsAreStoredOnlyWithConsentAndTheConsentIsRecorded(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("Chcę się umówić");
        var url = $"/api/v1/public/{tenant.Slug}/chat/sessions/{visitor.SessionId}/contact";
        visitor.Http.DefaultRequestHeaders.UserAgent.ParseAdd("ParleyTest/1.0");

        var withoutConsent = await visitor.Http.PostAsJsonAsync(url, new { name = "Anna Nowak", email = "anna@example.com" });
        var refused = await visitor.Http.PostAsJsonAsync(url, new { name = "Anna Nowak", consent = false });
        var badDetails = await visitor.Http.PostAsJsonAsync(url, new { email = "not-an-email", phone = "12", consent = true });
        var nothing = await visitor.Http.PostAsJsonAsync(url, new { consent = true });
        var wrongSession = await visitor.Http.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/chat/sessions/nope/contact",
            new { name = "Anna", consent = true });
        using var owner = tenant.Client();
        var beforeConsent = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{visitor.ConversationId}"));
        var saved = await visitor.Http.PostAsJsonAsync(url, new { name = " Anna Nowak ", email = "Anna@Example.com", phone = "+48 600 100 200", consent = true });
        var phoneOnly = await visitor.Http.PostAsJsonAsync(url, new { phone = "+48 600 999 999", consent = true });
        var detail = await Json.ReadAsync(await owner.GetAsync($"/api/v1/chat/conversations/{visitor.ConversationId}"));
        var contacts = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/contacts?q=nowak"));

        Assert.Equal(HttpStatusCode.BadRequest, withoutConsent.StatusCode);
        Assert.Equal("consent", (await Json.ReadAsync(withoutConsent))["error"]!["details"]!.AsObject().Single().Key);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["email", "phone"], (await Json.ReadAsync(badDetails))["error"]!["details"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongSession.StatusCode);
        Assert.Null(beforeConsent["contact"]!["name"]);
        Assert.Null(beforeConsent["contact"]!["consent_at"]);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, phoneOnly.StatusCode);
        Assert.Equal("Anna Nowak", detail["contact"].Str("name"));
        Assert.Equal("anna@example.com", detail["contact"].Str("email"));
        Assert.Equal("+48 600 999 999", detail["contact"].Str("phone"));
        Assert.Equal("chat_widget", detail["contact"].Str("consent_source"));
        Assert.Equal("Anna Nowak", detail["conversation"].Str("contact_name"));
        Assert.Equal(detail["contact"].Str("id"), Assert.Single(contacts)!.Str("id"));

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<Contact>().IgnoreQueryFilters()
            .SingleAsync(c => c.Id == detail["contact"].Str("id"));
        Assert.NotNull(stored.ConsentAt);
        Assert.Equal("ParleyTest/1.0", stored.ConsentUserAgent);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task WithoutAKnowledgeBaseEveryQuestionWaitsForAPersonInTheVisitorsLanguage(string lane)
    {
        var app = ChatApps.WithoutKnowledge(lane);
        var tenant = await app.RegisterAsync();
        using var polish = new Visitor(app, tenant.Slug);
        using var english = new Visitor(app, tenant.Slug);

        var pl = await polish.SayAsync("Dzień dobry, czy macie wolny termin w sobotę?", language: "pl");
        var en = await english.SayAsync("Hello, do you have any free appointments on Saturday afternoon?", language: "pl");
        using var owner = tenant.Client();
        var unanswered = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"));

        Assert.Equal(NoKnowledgeAnswerer.Engine, pl.Str("engine"));
        Assert.Equal("pl", pl.Str("language"));
        Assert.Equal("en", en.Str("language"));
        Assert.Equal("bot", en.Str("status"));
        Assert.NotEqual(pl.Str("response"), en.Str("response"));
        Assert.False(string.IsNullOrWhiteSpace(en.Str("response")));
        Assert.Equal(["en", "pl"], unanswered.Select(q => q.Str("language")).Order());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task WhenTheAnswererFailsTheMessageIsKeptAndTheVisitorHearsAPersonWillAnswer(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);

        var reply = await visitor.SayAsync("[fail] Czy jesteście otwarci w niedzielę?");
        var history = await visitor.HistoryAsync();

        Assert.Equal(NoKnowledgeAnswerer.Engine, reply.Str("engine"));
        Assert.False(string.IsNullOrWhiteSpace(reply.Str("response")));
        Assert.Equal(["visitor", "bot"], history.Roles());
        Assert.Equal("[fail] Czy jesteście otwarci w niedzielę?", history[0].Str("text"));
    }
}

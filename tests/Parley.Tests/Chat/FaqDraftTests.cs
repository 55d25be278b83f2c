using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

/// <summary>"Create FAQ" on an unanswered question: a real draft entry in the knowledge base, unused until the owner publishes it.</summary>
public sealed class FaqDraftTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task CreatingAnFaqFromAQuestionMakesADraftEntryInItsLanguageLinkedToTheQuestion(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("[unknown] Do you have parking for customers?", language: "en");
        using var owner = tenant.Client();
        var questionId = (await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"))).Single().Str("id");

        var response = await owner.PostAsync($"/api/v1/chat/unanswered/{questionId}/draft-faq", null);
        var body = await Json.ReadAsync(response);
        var entryId = body["entry"].Str("id");
        var entry = await Json.ReadAsync(await owner.GetAsync($"/api/v1/knowledge/faq/{entryId}"));
        var drafted = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered?status=drafted"));
        var publicFaq = await Json.ReadArrayAsync(await app.CreateClient().GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/faq"));
        var exported = await Json.ReadAsync(await owner.GetAsync("/api/v1/knowledge/export"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/knowledge/faq/{entryId}", response.Headers.Location!.OriginalString);
        Assert.Equal(entryId, body["question"].Str("faq_entry_id"));
        Assert.Equal(["id", "language", "question", "alternatives", "answer", "tags", "draft"], entry.AsObject().Select(p => p.Key));
        Assert.Equal("en", entry.Str("language"));
        Assert.Equal("[unknown] Do you have parking for customers?", entry.Str("question"));
        Assert.Null(entry["answer"]);
        Assert.Equal(["chat"], entry["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(entry["draft"]!.GetValue<bool>());
        Assert.Equal(entryId, Assert.Single(drafted).Str("faq_entry_id"));
        Assert.DoesNotContain(publicFaq, e => e.Str("id") == entryId);
        Assert.True(exported["faq"]!.AsArray().Single(e => e.Str("id") == entryId)!["draft"]!.GetValue<bool>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ADraftIsPublishedOnlyWithAnAnswerAndThenAppearsPublicly(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("[unknown] Czy macie parking?");
        using var owner = tenant.Client();
        var questionId = (await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"))).Single().Str("id");
        var entryId = (await Json.ReadAsync(await owner.PostAsync($"/api/v1/chat/unanswered/{questionId}/draft-faq", null)))["entry"].Str("id");

        var withoutAnswer = await owner.PutAsJsonAsync($"/api/v1/knowledge/faq/{entryId}", new { language = "pl", question = "Czy macie parking?" });
        var published = await owner.PutAsJsonAsync($"/api/v1/knowledge/faq/{entryId}",
            new { language = "pl", question = "Czy macie parking?", answer = "Tak, dwa miejsca na podwórku.", draft = false });
        var publishedBody = await Json.ReadAsync(published);
        var publicFaq = await Json.ReadArrayAsync(await app.CreateClient().GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/faq"));

        Assert.Equal(HttpStatusCode.BadRequest, withoutAnswer.StatusCode);
        Assert.Equal("answer", (await Json.ReadAsync(withoutAnswer))["error"]!["details"]!.AsObject().Single().Key);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Null(publishedBody["draft"]);
        Assert.Equal("Tak, dwa miejsca na podwórku.", Assert.Single(publicFaq, e => e.Str("id") == entryId).Str("answer"));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AQuestionIsDraftedOnceAndAnUnknownOneIsNotFound(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("[unknown] Czy jest winda?");
        using var owner = tenant.Client();
        var questionId = (await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/chat/unanswered"))).Single().Str("id");

        var first = owner.PostAsync($"/api/v1/chat/unanswered/{questionId}/draft-faq", null);
        var second = owner.PostAsync($"/api/v1/chat/unanswered/{questionId}/draft-faq", null);
        var both = await Task.WhenAll(first, second);
        var unknown = await owner.PostAsync("/api/v1/chat/unanswered/nope/draft-faq", null);
        var faq = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/knowledge/faq"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        Assert.Equal("UNANSWERED_ALREADY_DRAFTED", (await Json.ReadAsync(both.Single(r => r.StatusCode == HttpStatusCode.Conflict))).Code());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("UNANSWERED_NOT_FOUND", (await Json.ReadAsync(unknown)).Code());
        Assert.Single(faq);
    }
}

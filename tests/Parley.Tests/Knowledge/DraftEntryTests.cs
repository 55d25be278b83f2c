using System.Net.Http.Json;
using Parley.Tests.Chat;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Knowledge;

/// <summary>Draft knowledge entries are kept but unused: no chatbot answers, no search results, not public — until published.</summary>
public sealed class DraftEntryTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheChatbotAndSearchIgnoreADraftUntilItIsPublished(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        using var owner = tenant.Client();
        var entry = new
        {
            id = "faq-parking",
            language = "en",
            question = "Do you have parking for customers?",
            alternatives = new[] { "Where can I park?" },
            answer = "Yes, two free spaces in the yard.",
            tags = new[] { "parking" },
            draft = true,
        };
        (await owner.PostAsJsonAsync("/api/v1/knowledge/faq", entry)).EnsureSuccessStatusCode();
        using var anonymous = app.CreateClient();

        using var early = new Visitor(app, tenant.Slug);
        var draftReply = await early.SayAsync("Do you have parking for customers?", language: "en");
        var draftSearch = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=parking&lang=en"));
        (await owner.PutAsJsonAsync("/api/v1/knowledge/faq/faq-parking", entry with { draft = false })).EnsureSuccessStatusCode();
        using var later = new Visitor(app, tenant.Slug);
        var publishedReply = await later.SayAsync("Do you have parking for customers?", language: "en");
        var publishedSearch = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=parking&lang=en"));

        Assert.DoesNotContain("faq-parking", draftReply["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.DoesNotContain("two free spaces", draftReply.Str("response"), StringComparison.Ordinal);
        Assert.Empty(draftSearch["results"]!.AsArray());
        Assert.Equal("faq-parking", Assert.Single(publishedReply["sources"]!.AsArray())!.GetValue<string>());
        Assert.Contains("two free spaces", publishedReply.Str("response"), StringComparison.Ordinal);
        Assert.Equal("faq-parking", Assert.Single(publishedSearch["results"]!.AsArray()).Str("id"));
    }
}

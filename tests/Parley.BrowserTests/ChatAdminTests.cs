using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The team's chat pages: a conversation appears live, a person takes over and replies; a question becomes a draft FAQ.</summary>
public sealed class ChatAdminTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public Task An_owner_sees_a_new_chat_appear_live_takes_it_over_and_replies_and_turns_the_question_into_a_draft_faq() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var slug = (await page.GetByTestId("home-slug").InnerTextAsync()).Trim().Split('/').Last();

        await page.GetByTestId("nav-chat").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/chat");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Czat na stronie" })).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("chat-embed")).ToContainTextAsync($"data-workspace=\"{slug}\"");

        using var visitor = Fixture.Server.CreateHttpClient();
        var first = await PostAsync(visitor, slug, null, "Czy można zapłacić kartą?");
        var sessionId = first["session_id"]!.GetValue<string>();

        var row = page.GetByTestId("chat-conversations").Locator("tbody tr").First;
        await Expect(row.GetByTestId("chat-row-unread")).ToHaveTextAsync("1");
        await Expect(row.GetByTestId("chat-row-status")).ToHaveTextAsync("chatbot");
        await row.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/chat/", StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=chat-message][data-role=visitor]")).ToContainTextAsync("Czy można zapłacić kartą?");

        await page.GetByTestId("chat-takeover").ClickAsync();
        await Expect(page.GetByTestId("chat-status")).ToHaveTextAsync("zespół");
        await page.Locator("[data-testid=chat-reply] textarea, textarea[data-testid=chat-reply]").First.FillAsync("Tak, przyjmujemy karty.");
        await page.GetByTestId("chat-send").ClickAsync();
        await Expect(page.Locator("[data-testid=chat-message][data-role=agent]")).ToContainTextAsync("Tak, przyjmujemy karty.");

        await PostAsync(visitor, slug, sessionId, "Super, dziękuję!");
        await Expect(page.Locator("[data-testid=chat-message][data-role=visitor]").Last).ToContainTextAsync("Super, dziękuję!");
        var history = JsonNode.Parse(await visitor.GetStringAsync($"/api/v1/public/{slug}/chat/sessions/{sessionId}/messages"))!.AsArray();
        Assert.Contains(history, m => m!["role"]!.GetValue<string>() == "agent" && m["text"]!.GetValue<string>() == "Tak, przyjmujemy karty.");
        Assert.NotNull(history.Last(m => m!["role"]!.GetValue<string>() == "visitor")!["read_at"]);

        await page.GetByTestId("nav-unanswered").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/chat/unanswered");
        await Expect(page.GetByTestId("unanswered-text").First).ToHaveTextAsync("Czy można zapłacić kartą?");
        await page.GetByTestId("unanswered-faq").First.ClickAsync();
        await Expect(page.GetByTestId("unanswered-draft-question")).ToHaveTextAsync("Czy można zapłacić kartą?");
        await Expect(page.GetByTestId("unanswered-text").Filter(new() { HasText = "Czy można zapłacić kartą?" })).ToHaveCountAsync(0);
        var publicFaq = $"/api/v1/public/{slug}/knowledge/faq";
        Assert.DoesNotContain("Czy można zapłacić kartą?", await visitor.GetStringAsync(publicFaq), StringComparison.Ordinal);

        // The draft is a real entry of the knowledge base: open it, write the answer, publish it.
        await page.GetByTestId("unanswered-draft-open").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/knowledge");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("kb-draft")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=kb-field-question] input, input[data-testid=kb-field-question]").First).ToHaveValueAsync("Czy można zapłacić kartą?");
        await page.Locator("[data-testid=kb-field-answer] textarea, textarea[data-testid=kb-field-answer]").First.FillAsync("Tak, w biurze przyjmujemy karty.");
        await page.Locator("[data-testid=kb-field-draft] input[type=checkbox], input[type=checkbox][data-testid=kb-field-draft]").First
            .UncheckAsync(new() { Force = true });
        await page.GetByTestId("kb-save").ClickAsync();
        await Expect(page.GetByTestId("kb-draft")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("kb-table")).ToContainTextAsync("Czy można zapłacić kartą?");
        Assert.Contains("Tak, w biurze przyjmujemy karty.", await visitor.GetStringAsync(publicFaq), StringComparison.Ordinal);
    });

    private static async Task<JsonNode> PostAsync(HttpClient visitor, string slug, string? sessionId, string message)
    {
        var response = await visitor.PostAsJsonAsync($"/api/v1/public/{slug}/chat/messages", new { session_id = sessionId, message, language = "pl" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }
}

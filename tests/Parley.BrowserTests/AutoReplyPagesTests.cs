using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The auto-reply pages in a real browser: the approval queue with edit-and-approve, the history, the trace and the rule tester.</summary>
public sealed class AutoReplyPagesTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private async Task<HttpClient> ApiAsync(string email)
    {
        var client = Fixture.Server.CreateHttpClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, string method = "POST")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    [Fact]
    public Task An_owner_edits_and_approves_an_auto_reply_in_the_queue_then_reads_why_and_tests_the_rule() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        await PostAsync(api, "/api/v1/auto-reply/settings", new
        {
            enabled = true, require_approval = true, email_notifications = false, approval_timeout_hours = 0, daily_limit = 50, cooldown_days = 0, max_age_days = 30,
        }, "PUT");
        await PostAsync(api, "/api/v1/templates", new { name = "Podziękowanie", content = "@imie, dziękujemy!", rating = 5, active = true, auto_reply = true });
        await PostAsync(api, "/api/v1/auto-reply/rules", new
        {
            name = "Piątki", enabled = true, conditions = new { rating = new { @operator = "eq", value = 5 } },
            schedule = new { type = "immediate" }, template_selection = new { strategy = "rating_match" },
        });
        var review = await PostAsync(api, "/api/v1/reviews", new
        {
            source = "google", author_name = "Anna Nowak", rating = 5, content = "Super salon!", date = DateTime.UtcNow.AddHours(-1).ToString("O"),
        });

        await page.GetByTestId("nav-autoreply").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/auto-reply");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("ar-stat-pending")).ToHaveTextAsync("1");

        await page.GetByTestId("ar-tab-queue").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/auto-reply/queue");
        await session.WaitForInteractiveAsync();
        var draft = page.Locator("[data-testid=ar-queue-content] textarea, textarea[data-testid=ar-queue-content]").First;
        await Expect(draft).ToHaveValueAsync("Anna, dziękujemy!");
        await draft.FillAsync("Anna, dziękujemy! Zapraszamy ponownie.");
        await page.GetByTestId("ar-approve").ClickAsync();
        await Expect(page.GetByTestId("ar-queue-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ar-history-status").First).ToHaveTextAsync("wysłana");
        await Expect(page.GetByTestId("ar-history")).ToContainTextAsync("Zapraszamy ponownie.");

        await page.GotoAsync($"/auto-reply/why?review_id={review.GetProperty("id").GetString()}");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("ar-why-summary").First).ToContainTextAsync("Piątki");

        await page.GetByTestId("ar-tab-rules").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/auto-reply/rules");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("ar-rule-name")).ToHaveTextAsync("Piątki");
        // The tester starts with the first rule and the newest review: it matches, but the engine would not answer it again.
        await page.GetByTestId("ar-test-run").ClickAsync();
        await Expect(page.GetByTestId("ar-test-result")).ToContainTextAsync("Pasuje");
        await Expect(page.GetByTestId("ar-test-preview")).ToHaveTextAsync("Anna, dziękujemy!");
        await Expect(page.GetByTestId("ar-tester")).ToContainTextAsync("The review already has a reply.");
    });
}

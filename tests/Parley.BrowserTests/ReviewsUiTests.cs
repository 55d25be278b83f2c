using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Demo;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The reviews pages in a real browser: the inbox and its reply box, templates, intercepted feedback arriving live.</summary>
public sealed class ReviewsUiTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public Task An_owner_filters_the_inbox_and_replies_with_a_template_whose_variables_are_filled() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        await PostAsync(api, "/api/v1/templates", new
        {
            name = "Podziękowanie 5",
            content = "Dziękujemy @imie za wizytę i opinię o usłudze @usluga!",
            rating = 5,
        });
        var anna = await PostAsync(api, "/api/v1/reviews", new
        {
            source = "google",
            author_name = "Anna Nowak",
            rating = 5,
            content = "Świetne strzyżenie, bardzo miła obsługa.",
            service_context = new { service_name = "Strzyżenie damskie" },
        });
        await PostAsync(api, "/api/v1/reviews", new
        {
            source = "booksy",
            author_name = "Jan Kowalski",
            rating = 2,
            content = "Długo czekałem na wizytę mimo rezerwacji.",
        });

        await page.GetByTestId("nav-reviews").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/reviews");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("nav-reviews-unread")).ToHaveTextAsync("2");
        await OpenTabAsync(page, "Opinie", "/admin/reviews/inbox");

        var table = page.GetByTestId("reviews-table");
        await Expect(table.GetByTestId("review-row-author")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("reviews-total")).ToHaveTextAsync("Opinie: 2");

        // A review stored meanwhile (here through the API) joins the list and the badge without a reload.
        await PostAsync(api, "/api/v1/reviews", new { source = "facebook", author_name = "Ola Lis", rating = 4, content = "Miła atmosfera." });
        await Expect(table.GetByTestId("review-row-author")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("nav-reviews-unread")).ToHaveTextAsync("3");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Opinie", Exact = true })).ToContainTextAsync("3");

        // Text search narrows the list to Anna's review.
        await Field(page, "filter-text").FillAsync("strzyżenie");
        await Expect(table.GetByTestId("review-row-author")).ToHaveCountAsync(1);
        await Expect(table.GetByTestId("review-row-author")).ToContainTextAsync("Anna Nowak");

        await table.GetByTestId("review-row-author").ClickAsync();
        var detail = page.GetByTestId("review-detail");
        await Expect(detail.GetByTestId("review-detail-author")).ToHaveTextAsync("Anna Nowak");
        // Opening it read it: the badge counts one fewer.
        await Expect(page.GetByTestId("nav-reviews-unread")).ToHaveTextAsync("2");

        await detail.GetByTestId("composer-template").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("Podziękowanie 5") }).ClickAsync();
        await Expect(detail.GetByTestId("composer-preview")).ToHaveTextAsync("Dziękujemy Anna za wizytę i opinię o usłudze Strzyżenie damskie!");
        await detail.GetByTestId("composer-send").ClickAsync();

        await Expect(detail.GetByTestId("review-reply-content")).ToHaveTextAsync("Dziękujemy Anna za wizytę i opinię o usłudze Strzyżenie damskie!");
        await Expect(detail.GetByTestId("review-publication")).ToBeVisibleAsync();
        await Expect(table.GetByTestId("review-row-status")).ToContainTextAsync("z odpowiedzią");

        using var stored = await api.GetAsync($"/api/v1/reviews/{anna["id"]!.GetValue<string>()}");
        var review = JsonNode.Parse(await stored.Content.ReadAsStringAsync())!;
        Assert.Equal("answered", review["status"]!.GetValue<string>());
        Assert.Equal("Dziękujemy Anna za wizytę i opinię o usłudze Strzyżenie damskie!", review["reply"]!["content"]!.GetValue<string>());
        Assert.True(review["read"]!.GetValue<bool>());

        // Booksy has no reply API: an AI-suggested reply is stored and the page says it must be posted there by hand.
        await Field(page, "filter-text").FillAsync("");
        await page.GetByTestId("filter-rating").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "★★☆☆☆" }).ClickAsync();
        await Expect(table.GetByTestId("review-row-author")).ToHaveCountAsync(1);
        await table.GetByTestId("review-row-author").ClickAsync();
        await Expect(detail.GetByTestId("review-detail-author")).ToHaveTextAsync("Jan Kowalski");
        await detail.GetByTestId("composer-suggest").ClickAsync();
        await Expect(detail.GetByTestId("composer-engine")).ToHaveTextAsync("Silnik: builtin");
        await Expect(Field(page, "composer-text")).Not.ToHaveValueAsync("");
        await detail.GetByTestId("composer-send").ClickAsync();
        await Expect(detail.GetByTestId("review-publication")).ToHaveAttributeAsync("data-state", "manual");
        await Expect(detail.GetByTestId("review-publication")).ToContainTextAsync("opublikuj w Booksy");
        await Expect(page.GetByTestId("nav-reviews-unread")).ToHaveTextAsync("1");
    });

    [Fact]
    public Task An_owner_writes_a_template_with_variable_chips_sees_it_filled_for_a_real_review_and_deactivates_it_in_bulk() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        await PostAsync(api, "/api/v1/reviews", new { source = "google", author_name = "Anna Nowak", rating = 5, content = "Super, polecam!" });

        await page.GotoAsync("/admin/reviews/templates");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("templates-none")).ToBeVisibleAsync();
        await page.GetByTestId("templates-new").ClickAsync();
        var editor = page.GetByTestId("template-editor");
        await Field(page, "template-name").FillAsync("Po wizycie");
        var content = Field(page, "template-content");
        await content.FillAsync("Dzień dobry");
        await editor.GetByTestId("var-imie").ClickAsync();
        await Expect(content).ToHaveValueAsync("Dzień dobry @imie");
        await content.PressSequentiallyAsync(", dziękujemy za opinię!");

        // The preview fills the variable from the newest review; the stored form turns it into a mention tag.
        await Expect(editor.GetByTestId("template-preview")).ToHaveTextAsync("Dzień dobry Anna, dziękujemy za opinię!");
        await editor.GetByText("Zapisywany format (HTML ze wzmiankami)").ClickAsync();
        await Expect(editor.GetByTestId("template-stored")).ToContainTextAsync("<link rel=\"mention\" name=\"imie\" title=\"Imię klienta\">@imie</link>");
        await editor.GetByTestId("template-save").ClickAsync();

        var table = page.GetByTestId("templates-table");
        await Expect(table.GetByTestId("template-row-name")).ToHaveTextAsync("Po wizycie");
        var stored = (await GetAsync(api, "/api/v1/templates")).AsArray().Single()!;
        Assert.Equal("Dzień dobry <link rel=\"mention\" name=\"imie\" title=\"Imię klienta\">@imie</link>, dziękujemy za opinię!", stored["content"]!.GetValue<string>());
        Assert.True(stored["active"]!.GetValue<bool>());

        await table.Locator("tbody tr").First.Locator("input[type=checkbox]").CheckAsync();
        await Expect(page.GetByTestId("templates-selected")).ToHaveTextAsync("Zaznaczone: 1");
        await page.GetByTestId("templates-bulk-deactivate").ClickAsync();
        await Expect(page.GetByTestId("templates-notice")).ToContainTextAsync("Zmieniono szablony: 1.");
        await Expect(table.GetByTestId("template-row-active")).ToHaveAttributeAsync("data-active", "false");
        Assert.False((await GetAsync(api, "/api/v1/templates")).AsArray().Single()!["active"]!.GetValue<bool>());

        // Bulk delete of everything selected, after a confirmation.
        await table.Locator("thead input[type=checkbox]").CheckAsync();
        await page.GetByTestId("templates-bulk-delete").ClickAsync();
        await page.Locator(".mud-message-box__yes-button").ClickAsync();
        await Expect(page.GetByTestId("templates-notice")).ToContainTextAsync("Usunięto szablony: 1.");
        await Expect(page.GetByTestId("templates-none")).ToBeVisibleAsync();
        Assert.Empty((await GetAsync(api, "/api/v1/templates")).AsArray());
    });

    [Fact]
    public Task Feedback_sent_from_the_public_page_appears_live_with_its_unread_badge_and_a_reply_without_email_says_it_was_not_delivered() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        var slug = (await GetAsync(api, "/api/v1/me"))["workspace"]!["slug"]!.GetValue<string>();

        await page.GotoAsync("/admin/reviews/feedback");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("feedback-none")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-feedback-unread")).ToHaveCountAsync(0);

        using (var anonymous = Fixture.Server.CreateHttpClient())
        {
            await PostAsync(anonymous, $"/api/v1/public/{slug}/feedback", new { rating = 2, message = "Fryzjerka spóźniła się 20 minut.", name = "Ewa", website = "" });
        }

        // No reload: the row and both badges come with the workspace's events.
        var table = page.GetByTestId("feedback-table");
        await Expect(table.GetByTestId("feedback-row-comment")).ToHaveTextAsync("Fryzjerka spóźniła się 20 minut.");
        await Expect(page.GetByTestId("nav-feedback-unread")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Przechwycone opinie" })).ToContainTextAsync("1");

        await table.GetByTestId("feedback-row-comment").ClickAsync();
        var detail = page.GetByTestId("feedback-detail");
        await Expect(detail.GetByTestId("feedback-detail-name")).ToHaveTextAsync("Ewa");
        await Expect(page.GetByTestId("nav-feedback-unread")).ToHaveCountAsync(0);
        await Expect(detail.GetByTestId("feedback-no-email")).ToBeVisibleAsync();

        await Field(page, "composer-text").FillAsync("Przepraszamy @imie, następna wizyta z rabatem.");
        await Expect(detail.GetByTestId("composer-preview")).ToHaveTextAsync("Przepraszamy Ewa, następna wizyta z rabatem.");
        await detail.GetByTestId("composer-send").ClickAsync();

        await Expect(detail.GetByTestId("feedback-delivery")).ToHaveAttributeAsync("data-state", "not_delivered");
        await Expect(detail.GetByTestId("feedback-reply-content")).ToHaveTextAsync("Przepraszamy Ewa, następna wizyta z rabatem.");
        await Expect(table.GetByTestId("feedback-row-status")).ToContainTextAsync("z odpowiedzią");
        var stored = (await GetAsync(api, "/api/v1/intercepted-feedbacks")).AsArray().Single()!;
        Assert.Equal("replied", stored["status"]!.GetValue<string>());

        await detail.GetByTestId("feedback-delete").ClickAsync();
        await page.Locator(".mud-message-box__yes-button").ClickAsync();
        await Expect(page.GetByTestId("feedback-none")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feedback-detail")).ToHaveCountAsync(0);
        Assert.Empty((await GetAsync(api, "/api/v1/intercepted-feedbacks")).AsArray());
    });

    [Fact]
    public Task The_overview_counts_stored_reviews_and_the_analysis_names_a_recurring_problem_with_reviews_that_open_in_the_inbox() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        await PostAsync(api, "/api/v1/reviews", new { source = "google", author_name = "Anna Nowak", rating = 5, content = "Profesjonalna obsługa, piękna fryzura, polecam!", service_context = new { service_name = "Strzyżenie damskie" } });
        await PostAsync(api, "/api/v1/reviews", new { source = "google", author_name = "Piotr Zieliński", rating = 1, content = "Czekałem 40 minut mimo rezerwacji, bardzo długo i nikt nie przeprosił." });
        await PostAsync(api, "/api/v1/reviews", new { source = "booksy", author_name = "Marta Wiśniewska", rating = 2, content = "Znowu długie czekanie na wizytę, fatalna organizacja, czekałam pół godziny." });
        await PostAsync(api, "/api/v1/reviews", new { source = "facebook", author_name = "Ola Lis", rating = 4, content = "Miła atmosfera i dobra kawa." });

        await page.GotoAsync("/admin/reviews");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("overview-total")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("overview-average")).ToHaveTextAsync("3.0 ★");
        await Expect(page.GetByTestId("overview-source-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("overview-unread")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("overview-sources").Locator("svg").First).ToBeVisibleAsync();

        await OpenTabAsync(page, "Analiza AI", "/admin/reviews/analysis");
        await Expect(page.GetByTestId("analysis-engine")).ToContainTextAsync("builtin");
        await Expect(page.GetByTestId("analysis-service").First).ToContainTextAsync("Strzyżenie damskie");
        await Expect(page.GetByTestId("analysis-theme").First).ToBeVisibleAsync();
        // Two negative reviews about waiting make it a recurring problem, shown with those reviews.
        var recommendation = page.Locator("[data-testid=analysis-insight][data-type=recommendation]").Filter(new() { HasText = "Czas oczekiwania" });
        await Expect(recommendation).ToHaveCountAsync(1);
        await Expect(recommendation.GetByTestId("analysis-insight-description")).ToContainTextAsync("2 negatywnych");
        await Expect(recommendation.GetByTestId("analysis-example")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("analysis-trends-total")).ToHaveTextAsync("W tym okresie: 4 opinii, 0 odpowiedzi.");

        // An example opens in the inbox, read at once.
        await recommendation.GetByTestId("analysis-example").Filter(new() { HasText = "Marta" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/reviews/inbox");
        await Expect(page.GetByTestId("review-detail-author")).ToHaveTextAsync("Marta Wiśniewska");
        await Expect(page.GetByTestId("nav-reviews-unread")).ToHaveTextAsync("3");
    });

    [Fact]
    public Task The_demo_salon_owner_logs_in_to_its_seeded_reviews_and_a_viewer_reads_them_without_reply_tools() => InBrowserAsync(async session =>
    {
        // Seeding is idempotent, and every test server gives the demo people the same password.
        string report;
        await using (var scope = Fixture.Server.Services.CreateAsyncScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        const string password = ParleyServer.DemoPassword;
        using var api = await ApiAsync(DemoSeeder.OwnerEmail, password);
        var stats = await GetAsync(api, "/api/v1/stats");
        var total = stats["total_reviews"]!.GetValue<int>();
        Assert.True(total > 20, report);

        var page = session.Page;
        await LogInAsync(session, DemoSeeder.OwnerEmail, password);
        await page.GetByTestId("nav-reviews").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/reviews");
        await Expect(page.GetByTestId("overview-total")).ToHaveTextAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("overview-response")).ToHaveTextAsync($"{stats["response_rate"]!.GetValue<int>()}%");
        await Expect(page.GetByTestId("overview-source-row")).ToHaveCountAsync(stats["sources_breakdown"]!.AsArray().Count(s => s!["value"]!.GetValue<int>() > 0));

        await page.GetByRole(AriaRole.Tab, new() { Name = "Opinie", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("reviews-total")).ToHaveTextAsync($"Opinie: {total}");
        await Expect(page.GetByTestId("reviews-table").GetByTestId("review-row-author")).ToHaveCountAsync(20);
        await page.GetByTestId("review-row-author").First.ClickAsync();
        await Expect(page.GetByTestId("review-detail").GetByTestId("composer")).ToBeVisibleAsync();

        // The salon's bookkeeper is a viewer: she reads everything and changes nothing.
        await using var viewer = await Fixture.NewSessionAsync();
        await LogInAsync(viewer, "ksiegowa@salon-bella.example", password);
        var viewerPage = viewer.Page;
        await viewerPage.GotoAsync("/admin/reviews/inbox");
        await viewer.WaitForInteractiveAsync();
        await Expect(viewerPage.GetByTestId("reviews-total")).ToHaveTextAsync($"Opinie: {total}");
        await Expect(viewerPage.GetByTestId("inbox-add")).ToHaveCountAsync(0);
        await viewerPage.GetByTestId("review-row-author").First.ClickAsync();
        await Expect(viewerPage.GetByTestId("review-detail")).ToBeVisibleAsync();
        await Expect(viewerPage.GetByTestId("composer")).ToHaveCountAsync(0);
        await viewerPage.GetByRole(AriaRole.Tab, new() { Name = "Szablony" }).ClickAsync();
        await Expect(viewerPage.GetByTestId("template-row-name").First).ToBeVisibleAsync();
        await Expect(viewerPage.GetByTestId("templates-new")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task An_owner_enters_a_review_by_hand_and_imports_a_csv_whose_report_names_the_skipped_row() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, _) = await RegisterAsync(session);
        using var api = await ApiAsync(email);
        await page.GotoAsync("/admin/reviews/inbox");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("reviews-none")).ToBeVisibleAsync();

        // Required fields left empty: the dialog says which, and stays open.
        await page.GetByTestId("inbox-add").ClickAsync();
        await page.GetByTestId("manual-save").ClickAsync();
        await Expect(page.GetByTestId("manual-error")).ToContainTextAsync("author_name");
        await Field(page, "manual-author").FillAsync("Krystyna Mazur");
        await Field(page, "manual-content").FillAsync("Dzwoniłam z pochwałą: świetna koloryzacja!");
        await Field(page, "manual-service").FillAsync("Koloryzacja");
        await page.GetByTestId("manual-save").ClickAsync();
        await Expect(page.GetByTestId("manual-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("review-detail-author")).ToHaveTextAsync("Krystyna Mazur");
        await Expect(page.GetByTestId("review-detail-context")).ToContainTextAsync("Koloryzacja");

        await page.GetByTestId("inbox-import").ClickAsync();
        var csv = "author,rating,content,date\nJan Nowak,5,Super fryzjer,2025-11-01\nEwa Lis,9,Zła ocena,2025-11-02\n";
        await page.Locator("[data-testid=import-dialog] input[type=file], input[type=file][data-testid=import-file]").First
            .SetInputFilesAsync(new FilePayload { Name = "booksy.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByTestId("import-run").ClickAsync();
        await Expect(page.GetByTestId("import-summary")).ToHaveTextAsync("Zaimportowano: 1, pominięto: 1.");
        await Expect(page.GetByTestId("import-rows")).ToContainTextAsync("Rating '9'");
        await page.GetByTestId("import-close").ClickAsync();

        var table = page.GetByTestId("reviews-table");
        await Expect(table.GetByTestId("review-row-author")).ToHaveCountAsync(2);
        await Expect(table).ToContainTextAsync("Jan Nowak");
        var stored = (await GetAsync(api, "/api/v1/reviews?sort=oldest")).AsArray();
        Assert.Equal(["booksy", "manual"], stored.Select(r => r!["source"]!.GetValue<string>()).ToArray());
    });

    /// <summary>The input or textarea of a MudBlazor field (the test id lands on the element itself or on its wrapper).</summary>
    /// <summary>
    /// Clicks a tab and waits for its address. A click that lands while live updates re-render the tab headers can reach
    /// the replaced element; the tab is clicked again then (the address is the proof that the page followed).
    /// </summary>
    private static async Task OpenTabAsync(IPage page, string name, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true }).ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path, new() { Timeout = 10_000, WaitUntil = WaitUntilState.Commit });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    private static async Task LogInAsync(BrowserSession session, string email, string password)
    {
        var page = session.Page;
        await page.GotoAsync("/login");
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("submit").ClickAsync();
        await page.WaitForURLAsync(IsDashboard);
        await session.WaitForInteractiveAsync();
    }

    private async Task<HttpClient> ApiAsync(string email, string password = Password)
    {
        var api = Fixture.Server.CreateHttpClient();
        using var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var body = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        Assert.True(login.IsSuccessStatusCode, body.ToJsonString());
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["access_token"]!.GetValue<string>());
        return api;
    }

    private static async Task<JsonNode> GetAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The admin UI in a real browser against a real server: what a business owner sees and does.</summary>
public sealed class AdminUiTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public Task A_new_owner_registers_and_lands_on_the_dashboard_showing_their_workspace() => InBrowserAsync(async session =>
    {
        var (_, workspace) = await RegisterAsync(session);

        var page = session.Page;
        Assert.True(IsDashboard(page.Url), page.Url);
        await Expect(page.GetByTestId("workspace-name")).ToHaveTextAsync(workspace);
        await Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Właściciel");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Witaj w Parley" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_owner_logs_back_in_creates_an_api_key_that_works_and_revokes_it_so_it_stops_working() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (email, workspace) = await RegisterAsync(session);

        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("submit").ClickAsync();
        await page.WaitForURLAsync(IsDashboard);
        await Expect(page.GetByTestId("workspace-name")).ToHaveTextAsync(workspace);
        await session.WaitForInteractiveAsync();

        await page.GetByTestId("nav-apikeys").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/settings/api-keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Klucze API" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Brak aktywnych kluczy.")).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();

        var name = page.Locator("[data-testid=apikey-name] input, input[data-testid=apikey-name]").First;
        var create = page.GetByTestId("apikey-create");
        await Expect(create).ToBeDisabledAsync();
        await name.FillAsync("Booking widget");
        await name.PressAsync("Tab");
        await Expect(create).ToBeEnabledAsync();
        await create.ClickAsync();

        var secretBox = page.GetByTestId("apikey-secret");
        await Expect(secretBox).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*pk_\S+\s*$"));
        var secret = (await secretBox.InnerTextAsync()).Trim();
        var table = page.GetByTestId("apikeys-table");
        await Expect(table).ToContainTextAsync("Booking widget");

        using var api = Fixture.Server.CreateHttpClient();
        using (var me = await GetMeAsync(api, secret))
        {
            var body = await me.Content.ReadAsStringAsync();
            Assert.True(me.StatusCode == HttpStatusCode.OK, $"GET /api/v1/me with the new key: {(int)me.StatusCode} {body}");
            var json = JsonNode.Parse(body)!;
            Assert.Equal(workspace, json["workspace"]?["name"]?.GetValue<string>());
            Assert.Equal("Booking widget", json["api_key"]?["name"]?.GetValue<string>());
        }

        await table.GetByTestId("apikey-revoke").ClickAsync();
        await Expect(page.GetByText("Brak aktywnych kluczy.")).ToBeVisibleAsync();
        await Expect(table).Not.ToContainTextAsync("Booking widget");

        using var afterRevoke = await GetMeAsync(api, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    });

    [Fact]
    public Task An_owner_switches_the_interface_between_english_and_polish() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var logout = page.GetByTestId("logout");
        await Expect(logout).ToHaveTextAsync("Wyloguj");

        await page.GetByTestId("lang-en").ClickAsync();
        await Expect(logout).ToHaveTextAsync("Log out");
        await Expect(page.GetByTestId("nav-apikeys")).ToContainTextAsync("API keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Parley" })).ToBeVisibleAsync();
        Assert.True(IsDashboard(page.Url), page.Url);
        await session.WaitForInteractiveAsync();

        await page.GetByTestId("lang-pl").ClickAsync();
        await Expect(logout).ToHaveTextAsync("Wyloguj");
        await Expect(page.GetByTestId("nav-apikeys")).ToContainTextAsync("Klucze API");
        Assert.True(IsDashboard(page.Url), page.Url);
    });

    [Fact]
    public Task The_sign_in_page_switches_language_before_anyone_logs_in() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await page.GotoAsync("/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Zaloguj się" })).ToBeVisibleAsync();

        await page.GetByTestId("lang-en").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.GetByTestId("lang-pl").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Zaloguj się" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_wrong_password_on_the_sign_in_page_shows_an_error_and_signs_nobody_in() => InBrowserAsync(async session =>
    {
        var (email, _) = await RegisterAsync(session);
        await using var stranger = await Fixture.NewSessionAsync();
        var page = stranger.Page;

        await page.GotoAsync("/login");
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("submit").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login" && url.Contains("error=", StringComparison.Ordinal));
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Nieprawidłowy email lub hasło.");
        await Expect(page.GetByTestId("email")).ToHaveValueAsync(email);
        Assert.DoesNotContain(await stranger.Context.CookiesAsync(), c => c.Name == "parley.auth");
    });

    [Fact]
    public Task The_api_reference_at_docs_renders_the_parley_openapi_document_without_outside_network() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var document = page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == "/openapi/v1.json");

        await page.GotoAsync("/docs");

        var response = await document;
        Assert.Equal(200, response.Status);
        await Expect(page).ToHaveTitleAsync("Parley API");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Parley API", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("/api/v1/me").First).ToBeVisibleAsync();

        // Everything but web fonts is served by Parley itself; anything else the page asked for is listed here.
        foreach (var url in session.ForeignRequests)
        {
            Output.WriteLine("blocked request to " + url);
        }

        Assert.All(session.ForeignRequests, url => Assert.EndsWith(".woff2", new Uri(url).AbsolutePath, StringComparison.Ordinal));
    });

    private static Task<HttpResponseMessage> GetMeAsync(HttpClient api, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("X-API-Key", key);
        return api.SendAsync(request);
    }
}

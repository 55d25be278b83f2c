using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>
/// The chat widget embedded in a business's page on another origin (<c>localhost</c> while Parley answers on <c>127.0.0.1</c>),
/// so the script, the public API (CORS) and the WebSocket to <c>/hubs/chat</c> all run cross-origin, as on a real site.
/// </summary>
public sealed class ChatWidgetTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public Task A_visitor_chats_through_the_widget_on_another_site_and_sees_the_teams_reply_arrive_live() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        var (token, slug) = await RegisterThroughApiAsync();
        var shop = await ServeShopPageAsync(session, slug);

        await page.GotoAsync(shop);
        await page.Locator("[data-parley=bubble]").ClickAsync();
        await Expect(page.Locator("[data-parley=title]")).Not.ToBeEmptyAsync();
        await page.Locator("[data-parley=input]").FillAsync("Hello, do you have a free slot on Saturday?");
        await page.Locator("[data-parley=send]").ClickAsync();

        await Expect(page.Locator("[data-parley=message][data-role=visitor]")).ToHaveTextAsync("Hello, do you have a free slot on Saturday?");
        await Expect(page.Locator("[data-parley=message][data-role=bot]:not([data-greeting])")).ToHaveCountAsync(1);
        var sessionId = await page.EvaluateAsync<string>($"() => localStorage.getItem('parley.chat.{slug}')");
        Assert.False(string.IsNullOrEmpty(sessionId));

        using var team = Fixture.Server.CreateHttpClient();
        team.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var conversations = JsonNode.Parse(await team.GetStringAsync("/api/v1/chat/conversations"))!.AsArray();
        var id = conversations.Single()!["id"]!.GetValue<string>();
        // The widget joins the conversation's room right after the first answer; a reply sent before that still arrives
        // (the widget catches up on join), so no wait is needed here.
        var sent = await team.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Hi, Anna here — Saturday 10:00 is free." });
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);

        await Expect(page.Locator("[data-parley=message][data-role=agent] [data-parley=text]")).ToHaveTextAsync("Hi, Anna here — Saturday 10:00 is free.");
        await Expect(page.Locator("[data-parley=status]")).ToContainTextAsync("is chatting with you");

        // The visitor types: the team sees the typing indicator through the hub (checked by the hub tests); here, the contact form.
        await page.Locator("[data-parley=contact-open]").ClickAsync();
        await page.Locator("[data-parley=contact-email]").FillAsync("visitor@example.com");
        await page.Locator("[data-parley=contact-save]").ClickAsync();
        await Expect(page.Locator("[data-parley=note]")).ToBeVisibleAsync();
        await page.Locator("[data-parley=contact-consent]").CheckAsync();
        await page.Locator("[data-parley=contact-save]").ClickAsync();
        await Expect(page.Locator("[data-parley=contact-saved]")).ToBeVisibleAsync();
        var detail = JsonNode.Parse(await team.GetStringAsync($"/api/v1/chat/conversations/{id}"))!;
        Assert.Equal("visitor@example.com", detail["contact"]!["email"]!.GetValue<string>());

        // A new page load keeps the conversation (localStorage) and shows it again.
        await page.ReloadAsync();
        await page.Locator("[data-parley=bubble]").ClickAsync();
        await Expect(page.Locator("[data-parley=message][data-role=agent] [data-parley=text]")).ToHaveTextAsync("Hi, Anna here — Saturday 10:00 is free.");
        await team.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "See you on Saturday!" });
        await Expect(page.Locator("[data-parley=message][data-role=agent] [data-parley=text]").Last).ToHaveTextAsync("See you on Saturday!");
        Assert.DoesNotContain(session.Console, line => line.StartsWith("pageerror", StringComparison.Ordinal));
    });

    private async Task<(string Token, string Slug)> RegisterThroughApiAsync()
    {
        using var http = Fixture.Server.CreateHttpClient();
        var response = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"owner-{Guid.NewGuid():N}@example.com", password = Password, workspace_name = "Salon " + Guid.NewGuid().ToString("N")[..6] });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (body["access_token"]!.GetValue<string>(), body["workspace"]!["slug"]!.GetValue<string>());
    }

    /// <summary>A shop's page on another origin that embeds the widget with one script tag.</summary>
    private async Task<string> ServeShopPageAsync(BrowserSession session, string slug)
    {
        var server = Fixture.Server.BaseAddress;
        var shop = $"http://localhost:{server.Port}/shop/index.html";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Salon</title>
            <style>body { font-family: serif; } div, button { color: red !important; }</style></head>
            <body><h1>Salon</h1><p>Welcome.</p>
            <script src="{{server.GetLeftPart(UriPartial.Authority)}}/widget.js" data-workspace="{{slug}}" async></script>
            </body></html>
            """;
        // Chromium asks before a page it cannot place (a routed one) reaches a loopback address; a real shop is public and
        // Parley is too, so the visitor is never asked. The test grants what a public-to-public page never needs.
        await session.Context.GrantPermissionsAsync(["local-network-access"], new() { Origin = $"http://localhost:{server.Port}" });
        await session.Context.RouteAsync($"http://localhost:{server.Port}/shop/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = html,
        }));
        return shop;
    }
}

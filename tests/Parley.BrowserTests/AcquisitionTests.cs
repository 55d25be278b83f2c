using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The poster designer and the public feedback page a customer reaches by scanning the poster.</summary>
public sealed class AcquisitionTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string PlaceId = "ChIJN1t_tDeuEmsRUsoyG83frY4";

    [Fact]
    public Task An_owner_sets_the_place_id_and_a_customer_is_offered_google_for_five_stars_and_the_form_plus_google_for_two() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var publicUrl = await SaveSettingsAsync(session, strict: false);

        await page.GotoAsync(publicUrl);
        await page.GetByTestId("star-5").ClickAsync();

        var google = page.GetByTestId("google-link");
        await Expect(google).ToBeVisibleAsync();
        await Expect(google).ToHaveAttributeAsync("href", "https://search.google.com/local/writereview?placeid=" + PlaceId);
        await Expect(page.GetByTestId("feedback-section")).ToBeHiddenAsync();

        await page.GetByTestId("star-2").ClickAsync();

        await Expect(page.GetByTestId("feedback-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("field-message")).ToBeVisibleAsync();
        foreach (var field in new[] { "name", "surname", "phone", "email" })
        {
            await Expect(page.GetByTestId("field-" + field)).ToBeVisibleAsync();
        }

        await Expect(page.GetByTestId("field-order_no")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("field-email")).ToHaveAttributeAsync("required", "");
        // Compliant (the default): the lower rating is offered Google as well.
        await Expect(google).ToBeVisibleAsync();
        Assert.EndsWith("?rating=2", page.Url, StringComparison.Ordinal);
        Assert.Empty(session.ForeignRequests);
    });

    [Fact]
    public Task In_strict_mode_the_designer_warns_and_a_two_star_customer_sees_only_the_form() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var publicUrl = await SaveSettingsAsync(session, strict: true);

        await page.GotoAsync(publicUrl);
        await page.GetByTestId("star-2").ClickAsync();

        await Expect(page.GetByTestId("feedback-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("google-section")).ToBeHiddenAsync();

        await page.GetByTestId("star-4").ClickAsync();

        await Expect(page.GetByTestId("google-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feedback-section")).ToBeHiddenAsync();
    });

    [Fact]
    public Task Without_javascript_a_star_is_a_link_that_shows_the_right_step() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var publicUrl = await SaveSettingsAsync(session, strict: false);
        await session.Context.AddInitScriptAsync("document.addEventListener('click', e => e.stopImmediatePropagation(), true);");

        await page.GotoAsync(publicUrl);
        await page.GetByTestId("star-1").ClickAsync();

        await page.WaitForURLAsync(new Regex(@"\?rating=1$"));
        await Expect(page.GetByTestId("feedback-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("google-link")).ToBeVisibleAsync();
    });

    [Fact]
    public Task The_form_sends_the_contracts_body_shows_field_errors_from_the_envelope_and_thanks_on_success() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);
        var publicUrl = await SaveSettingsAsync(session, strict: false);
        // The designer's download buttons work with the signed-in person's cookie.
        var download = await page.APIRequest.GetAsync(await page.GetByTestId("acq-download-png").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, download.Status);
        Assert.Equal("image/png", download.Headers["content-type"]);

        // The feedback endpoint answers as the contract says: a validation envelope first, then 201.
        var bodies = new List<string>();
        await page.RouteAsync("**/api/v1/public/*/feedback", async route =>
        {
            bodies.Add(route.Request.PostData ?? "");
            await (bodies.Count == 1
                ? route.FulfillAsync(new()
                {
                    Status = 400, ContentType = "application/problem+json",
                    Body = """{"status":400,"error":{"code":"VALIDATION_ERROR","message":"Invalid input","details":{"phone":"phone must be a phone number.","comment":["too short"]}}}""",
                })
                : route.FulfillAsync(new() { Status = 201, ContentType = "application/json", Body = """{"id":"f4","status":"new"}""" }));
        });
        await page.GotoAsync(publicUrl);
        await page.GetByTestId("star-2").ClickAsync();
        await page.GetByTestId("field-message").FillAsync("Muzyka była zdecydowanie za głośno.");
        await page.GetByTestId("field-name").FillAsync("Jan");
        await page.GetByTestId("field-phone").FillAsync("abc");
        await page.GetByTestId("field-email").FillAsync("jan.kowalski@example.com");

        await page.GetByTestId("send").ClickAsync();

        await Expect(page.Locator("[data-error-for=phone]")).ToHaveTextAsync("phone must be a phone number.");
        await Expect(page.GetByTestId("field-phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("form-error")).ToContainTextAsync("too short");
        await Expect(page.GetByTestId("thanks")).ToBeHiddenAsync();
        var sent = System.Text.Json.Nodes.JsonNode.Parse(bodies[0])!.AsObject();
        Assert.Equal(["rating", "location_id", "message", "name", "phone", "email"], sent.Select(p => p.Key));
        Assert.Equal(2, sent["rating"]!.GetValue<int>());
        Assert.Equal("default", sent["location_id"]!.GetValue<string>());
        Assert.Equal("Muzyka była zdecydowanie za głośno.", sent["message"]!.GetValue<string>());

        await page.GetByTestId("field-phone").FillAsync("500 600 700");
        await page.GetByTestId("send").ClickAsync();

        await Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feedback-form")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-error-for=phone]")).ToBeHiddenAsync();
        Assert.Equal("500 600 700", System.Text.Json.Nodes.JsonNode.Parse(bodies[1])!["phone"]!.GetValue<string>());
    });

    [Fact]
    public Task Two_stars_file_feedback_through_the_real_form_that_arrives_live_in_the_owners_list_while_five_stars_are_offered_google() => InBrowserAsync(async session =>
    {
        var admin = session.Page;
        await RegisterAsync(session);
        var publicUrl = await SaveSettingsAsync(session, strict: false);
        await admin.GotoAsync("/admin/reviews/feedback");
        await session.WaitForInteractiveAsync();
        await Expect(admin.GetByTestId("feedback-none")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("nav-feedback-unread")).ToHaveCountAsync(0);
        // Survives only while the owner's document does: a reload would lose it.
        await admin.EvaluateAsync("() => { window.parleyNotReloaded = true; }");

        // The customer, in a second page of the same browser, scans the poster: five stars are offered Google's review form.
        var customer = await session.Context.NewPageAsync();
        await customer.GotoAsync(publicUrl);
        await customer.GetByTestId("star-5").ClickAsync();
        var google = customer.GetByTestId("google-link");
        await Expect(google).ToBeVisibleAsync();
        await Expect(google).ToHaveAttributeAsync("href", "https://search.google.com/local/writereview?placeid=" + PlaceId);
        await Expect(customer.GetByTestId("feedback-section")).ToBeHiddenAsync();

        // Two stars: the real form, posted to the real public endpoint.
        await customer.GetByTestId("star-2").ClickAsync();
        await customer.GetByTestId("field-message").FillAsync("Fryzjerka spóźniła się 20 minut.");
        await customer.GetByTestId("field-name").FillAsync("Ewa");
        await customer.GetByTestId("field-email").FillAsync("ewa@example.com");
        var posted = customer.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/feedback", StringComparison.Ordinal));
        await customer.GetByTestId("send").ClickAsync();
        var response = await posted;

        Assert.Equal(201, response.Status);
        var created = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
        Assert.Equal("default", created["location_id"]!.GetValue<string>());
        await Expect(customer.GetByTestId("thanks")).ToBeVisibleAsync();
        await Expect(customer.GetByTestId("thanks")).ToHaveTextAsync(new Regex(@"\S"));
        await Expect(customer.GetByTestId("feedback-form")).ToBeHiddenAsync();
        await Expect(customer.GetByTestId("form-error")).ToBeHiddenAsync();

        // The owner's list gets the row, its location and the unread badge with the workspace's events.
        var table = admin.GetByTestId("feedback-table");
        await Expect(table.GetByTestId("feedback-row-comment")).ToHaveTextAsync("Fryzjerka spóźniła się 20 minut.");
        await Expect(table.GetByTestId("feedback-row-name")).ToContainTextAsync("Ewa");
        await Expect(table.GetByTestId("feedback-row-location")).ToHaveTextAsync("default");
        await Expect(admin.GetByTestId("nav-feedback-unread")).ToHaveTextAsync("1");
        Assert.True(await admin.EvaluateAsync<bool>("() => window.parleyNotReloaded === true"));
        Assert.Empty(session.ForeignRequests);
    });

    /// <summary>Opens the designer, sets the place id and the gating mode, saves, and returns the public page's address.</summary>
    private static async Task<string> SaveSettingsAsync(BrowserSession session, bool strict)
    {
        var page = session.Page;
        await page.GetByTestId("nav-acquisition").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/acquisition");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pozyskiwanie opinii" })).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("[data-testid=acq-preview] svg")).ToHaveCountAsync(1);

        var placeId = page.Locator("[data-testid=acq-place-id] input, input[data-testid=acq-place-id]").First;
        await placeId.FillAsync(PlaceId);
        await placeId.PressAsync("Tab");
        await Expect(page.GetByTestId("acq-unsaved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("acq-strict-warning")).ToHaveCountAsync(0);
        if (strict)
        {
            await page.GetByTestId("acq-gating-strict").ClickAsync();
            await Expect(page.GetByTestId("acq-strict-warning")).ToBeVisibleAsync();
        }

        await page.GetByTestId("acq-save").ClickAsync();
        await Expect(page.GetByTestId("acq-unsaved")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("acq-error")).ToHaveCountAsync(0);
        // The preview's QR points at the public page, as the printed poster will.
        var link = await page.GetByTestId("acq-public-link").GetAttributeAsync("href");
        Assert.NotNull(link);
        await Expect(page.Locator("[data-testid=acq-preview] svg")).ToHaveAttributeAsync("data-url", link!);
        return link!;
    }
}

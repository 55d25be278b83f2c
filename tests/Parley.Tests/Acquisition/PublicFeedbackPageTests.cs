using System.Net;
using System.Text.RegularExpressions;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Acquisition;

public sealed partial class PublicFeedbackPageTests
{
    private const string GoogleLink = "https://search.google.com/local/writereview?placeid=" + AcquisitionSamples.PlaceId;

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AKnownSlugShowsTheBusinessHeadlineAndFiveStarsWithoutSigningIn(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync("Salon Róża");
        using var anonymous = tenant.App.CreateClient();

        var response = await anonymous.GetAsync($"/f/{tenant.Slug}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"pl\">", html, StringComparison.Ordinal);
        Assert.Contains("Salon Róża", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Daj znać jak nam poszło</h1>", html, StringComparison.Ordinal);
        Assert.Equal(5, StarButton().Count(html));
        Assert.Contains($"data-endpoint=\"/api/v1/public/{tenant.Slug}/feedback\"", html, StringComparison.Ordinal);
        Assert.True(IsHidden(html, "google"));
        Assert.True(IsHidden(html, "feedback"));
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnknownSlugOrLocationAnswersAFriendlyNotFoundPage(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var anonymous = tenant.App.CreateClient();

        var slug = await anonymous.GetAsync("/f/no-such-business-" + Guid.NewGuid().ToString("N")[..8]);
        var location = await anonymous.GetAsync($"/f/{tenant.Slug}/no-such-location");
        using var english = new HttpRequestMessage(HttpMethod.Get, "/f/nobody-here");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var inEnglish = await anonymous.SendAsync(english);

        Assert.Equal(HttpStatusCode.NotFound, slug.StatusCode);
        Assert.Equal("text/html", slug.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Nie znaleziono strony", WebUtility.HtmlDecode(await slug.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, location.StatusCode);
        Assert.Contains("Nie znaleziono strony", WebUtility.HtmlDecode(await location.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Page not found", await inEnglish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InCompliantModeALowRatingGetsTheFormAndTheGoogleLinkToo(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        await AcquisitionSamples.PutAsync(owner, AcquisitionSamples.ContractExample());
        using var anonymous = tenant.App.CreateClient();

        var low = await (await anonymous.GetAsync($"/f/{tenant.Slug}?rating=2")).Content.ReadAsStringAsync();
        var high = await (await anonymous.GetAsync($"/f/{tenant.Slug}?rating=5")).Content.ReadAsStringAsync();

        Assert.Contains("data-mode=\"compliant\"", low, StringComparison.Ordinal);
        Assert.False(IsHidden(low, "feedback"));
        Assert.False(IsHidden(low, "google"));
        Assert.Contains($"href=\"{GoogleLink}\"", low, StringComparison.Ordinal);
        Assert.Equal(["name", "surname", "phone", "email"], InputNames(low));
        Assert.Matches("<input name=\"email\" type=\"email\" required", low);
        Assert.DoesNotMatch("<input name=\"name\"[^>]* required", low);
        Assert.Contains("<input type=\"hidden\" id=\"rating\" name=\"rating\" value=\"2\"", low, StringComparison.Ordinal);
        Assert.False(IsHidden(high, "google"));
        Assert.True(IsHidden(high, "feedback"));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InStrictModeOnlyRatingsAtTheThresholdAreSentToGoogle(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        var settings = AcquisitionSamples.ContractExample();
        settings["gating_mode"] = "strict";
        settings["min_rating_for_google"] = 5;
        settings["form_fields"]!.AsArray()[4]!["visible"] = true;
        await AcquisitionSamples.PutAsync(owner, settings);
        using var anonymous = tenant.App.CreateClient();

        var four = await (await anonymous.GetAsync($"/f/{tenant.Slug}?rating=4")).Content.ReadAsStringAsync();
        var five = await (await anonymous.GetAsync($"/f/{tenant.Slug}?rating=5")).Content.ReadAsStringAsync();

        Assert.Contains("data-mode=\"strict\"", four, StringComparison.Ordinal);
        Assert.True(IsHidden(four, "google"));
        Assert.False(IsHidden(four, "feedback"));
        Assert.Equal(["name", "surname", "phone", "email", "order_no"], InputNames(four));
        Assert.False(IsHidden(five, "google"));
        Assert.True(IsHidden(five, "feedback"));
        Assert.Contains($"href=\"{GoogleLink}\"", five, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ALocationsPageSpeaksItsLanguageUsesItsColoursAndEscapesWhatTheOwnerTyped(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        await AcquisitionSamples.PutAsync(owner,
            new { language = "en", headline = "How was it?", business_name = "Bella <script>alert(1)</script>", theme_color = "10B981" }, "centrum");
        using var anonymous = tenant.App.CreateClient();

        var response = await anonymous.GetAsync($"/f/{tenant.Slug}/centrum?rating=1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("How would you rate our service?", html, StringComparison.Ordinal);
        Assert.Contains("--theme: #10B981", html, StringComparison.Ordinal);
        Assert.Contains("Bella &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        // No place id yet: a low rating gets the form and no Google link in either mode.
        Assert.True(IsHidden(html, "google"));
        Assert.DoesNotContain("data-testid=\"google-link\"", html, StringComparison.Ordinal);
        Assert.False(IsHidden(html, "feedback"));
    }

    /// <summary>Whether the section's opening tag carries the hidden attribute.</summary>
    private static bool IsHidden(string html, string id)
    {
        var tag = Regex.Match(html, $"<section id=\"{id}\"[^>]*>");
        Assert.True(tag.Success, $"no section {id}");
        return Regex.IsMatch(tag.Value, @"\shidden(\s|>|=)");
    }

    private static string[] InputNames(string html)
    {
        var form = Regex.Match(html, "<form id=\"feedback-form\".*?</form>", RegexOptions.Singleline).Value;
        return [.. Regex.Matches(form, "<input name=\"([a-z_]+)\"").Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("<button type=\"submit\" name=\"rating\" value=\"[1-5]\"")]
    private static partial Regex StarButton();
}

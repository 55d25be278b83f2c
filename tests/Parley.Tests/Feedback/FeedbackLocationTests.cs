using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Acquisition;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Feedback;

/// <summary>Feedback filed from a location's public page (<c>/f/{slug}/{location}</c>) remembers that location.</summary>
public sealed class FeedbackLocationTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task EachLocationsPageSendsItsLocationAndTheFeedbackKeepsIt(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        await AcquisitionSamples.PutAsync(owner, new { business_name = "Salon Mokotów" }, "mokotow");
        using var anonymous = tenant.App.CreateClient();

        var mokotowPage = await (await anonymous.GetAsync($"/f/{tenant.Slug}/mokotow?rating=2")).Content.ReadAsStringAsync();
        var defaultPage = await (await anonymous.GetAsync($"/f/{tenant.Slug}?rating=2")).Content.ReadAsStringAsync();
        Assert.Contains("<input type=\"hidden\" name=\"location_id\" value=\"mokotow\" />", mokotowPage, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"location_id\" value=\"default\" />", defaultPage, StringComparison.Ordinal);

        var fromMokotow = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback",
            new { rating = 2, message = "Za długo czekałam.", location_id = "mokotow" });
        var fromDefault = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback",
            new { rating = 1, message = "Zimna kawa.", location_id = "default" });
        var byApi = await owner.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating = 3, message = "Wpisane ręcznie." });

        Assert.Equal(HttpStatusCode.Created, fromMokotow.StatusCode);
        var created = await Json.ReadAsync(fromMokotow);
        Assert.Equal("mokotow", Str(created["location_id"]));
        Assert.Equal("default", Str((await Json.ReadAsync(fromDefault))["location_id"]));
        Assert.Null((await Json.ReadAsync(byApi))["location_id"]);

        var stored = await Json.ReadAsync(await owner.GetAsync($"/api/v1/intercepted-feedbacks/{Str(created["id"])}"));
        Assert.Equal("mokotow", Str(stored["location_id"]));

        var onlyMokotow = await owner.GetAsync("/api/v1/intercepted-feedbacks?location_id=mokotow");
        var onlyDefault = await owner.GetAsync("/api/v1/intercepted-feedbacks?location_id=default");
        var everything = await owner.GetAsync("/api/v1/intercepted-feedbacks");
        Assert.Equal(["Za długo czekałam."], (await Json.ReadArrayAsync(onlyMokotow)).Select(f => Str(f!["comment"])));
        Assert.Equal("1", onlyMokotow.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Zimna kawa."], (await Json.ReadArrayAsync(onlyDefault)).Select(f => Str(f!["comment"])));
        Assert.Equal(3, (await Json.ReadArrayAsync(everything)).Count);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnknownOrMalformedLocationIsRefusedAndNothingIsStored(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        using var anonymous = tenant.App.CreateClient();

        var unknown = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback",
            new { rating = 2, message = "Gdzie to było?", location_id = "wola" });
        var malformed = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback",
            new { rating = 2, message = "Gdzie to było?", location_id = "Not Valid!" });
        var unknownByApi = await owner.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating = 2, message = "x", location_id = "wola" });
        var badFilter = await owner.GetAsync("/api/v1/intercepted-feedbacks?location_id=Not%20Valid");

        foreach (var response in new[] { unknown, malformed, unknownByApi, badFilter })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await Json.ReadAsync(response))["error"]!;
            Assert.Equal("VALIDATION_ERROR", Str(error["code"]));
            Assert.NotNull(error["details"]!["location_id"]);
        }

        Assert.Empty(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/intercepted-feedbacks")));
    }

    [Fact]
    public async Task AnotherWorkspacesLocationIsUnknownHere()
    {
        var app = Lanes.App(Lanes.Sqlite);
        var one = await app.RegisterAsync();
        var two = await app.RegisterAsync();
        using var ownerOne = one.Client();
        await AcquisitionSamples.PutAsync(ownerOne, new { business_name = "Salon Ursus" }, "ursus");
        using var anonymous = app.CreateClient();

        var elsewhere = await anonymous.PostAsJsonAsync($"/api/v1/public/{two.Slug}/feedback", new { rating = 2, message = "x", location_id = "ursus" });
        var here = await anonymous.PostAsJsonAsync($"/api/v1/public/{one.Slug}/feedback", new { rating = 2, message = "x", location_id = "ursus" });

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Created, here.StatusCode);
    }
}

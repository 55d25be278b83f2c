using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Acquisition;

public sealed class AcquisitionSettingsTests
{
    private const string Settings = "/api/v1/acquisition/settings";

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ANewWorkspaceAnswersTheContractsFieldsWithTheirTypesAndDefaults(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync("Salon Ewa");
        using var owner = tenant.Client();

        var response = await owner.GetAsync(Settings);
        var body = (await Json.ReadAsync(response)).AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([.. AcquisitionSamples.ContractFields, .. AcquisitionSamples.AddedFields], body.Select(p => p.Key));
        var example = AcquisitionSamples.ContractExample();
        foreach (var field in AcquisitionSamples.ContractFields.Except(["google_place_id", "logo_url"]))
        {
            Assert.True(example[field]!.GetValueKind() == body[field]!.GetValueKind(), $"{field}: {body[field]!.GetValueKind()}");
        }

        Assert.Null(body["google_place_id"]);
        Assert.Null(body["logo_url"]);
        Assert.Equal("Salon Ewa", body["business_name"]!.GetValue<string>());
        Assert.Equal("Daj znać jak nam poszło", body["headline"]!.GetValue<string>());
        Assert.Equal(4, body["min_rating_for_google"]!.GetValue<int>());
        Assert.Equal(1.3, body["badge_size"]!.GetValue<double>());
        Assert.Equal("compliant", body["gating_mode"]!.GetValue<string>());
        Assert.Equal("pl", body["language"]!.GetValue<string>());
        Assert.Equal("default", body["location_id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(example["form_fields"], body["form_fields"]), body["form_fields"]!.ToJsonString());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheContractsExampleIsSavedAndReadBackFieldForField(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        var sent = AcquisitionSamples.ContractExample();

        var saved = (await AcquisitionSamples.PutAsync(owner, sent)).AsObject();
        var read = (await Json.ReadAsync(await owner.GetAsync(Settings))).AsObject();

        foreach (var field in AcquisitionSamples.ContractFields)
        {
            Assert.True(JsonNode.DeepEquals(sent[field], saved[field]), $"{field}: sent {sent[field]?.ToJsonString()}, saved {saved[field]?.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(sent[field], read[field]), $"{field}: sent {sent[field]?.ToJsonString()}, read {read[field]?.ToJsonString()}");
        }

        Assert.Equal("{\"qr_top\":49,\"badge_size\":1.3,\"google_logo_size\":0.8}",
            new JsonObject { ["qr_top"] = read["qr_top"]!.DeepClone(), ["badge_size"] = read["badge_size"]!.DeepClone(), ["google_logo_size"] = read["google_logo_size"]!.DeepClone() }.ToJsonString());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task FieldsLeftOutKeepTheirValuesAndNullClearsANullableOne(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        await AcquisitionSamples.PutAsync(owner, new { logo_url = "https://cdn.example.com/logo.png", google_place_id = AcquisitionSamples.PlaceId, qr_top = 55.5 });

        var after = await AcquisitionSamples.PutAsync(owner, new JsonObject { ["logo_url"] = null, ["theme_color"] = "#10b981", ["gating_mode"] = "strict" });

        Assert.Null(after["logo_url"]);
        Assert.Equal(AcquisitionSamples.PlaceId, after["google_place_id"]!.GetValue<string>());
        Assert.Equal(55.5, after["qr_top"]!.GetValue<double>());
        Assert.Equal("10B981", after["theme_color"]!.GetValue<string>());
        Assert.Equal("strict", after["gating_mode"]!.GetValue<string>());
        var read = await Json.ReadAsync(await owner.GetAsync(Settings));
        Assert.True(JsonNode.DeepEquals(after, read), read.ToJsonString());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InvalidValuesAreRefusedWithAnErrorForEachFieldAndNothingIsSaved(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        var body = AcquisitionSamples.ContractExample();
        body["theme_color"] = "blue";
        body["qr_border_color"] = "#12345";
        body["min_rating_for_google"] = 6;
        body["qr_top"] = 120;
        body["badge_left"] = -1;
        body["badge_size"] = 0;
        body["qr_dots_style"] = "stars";
        body["style"] = "billboard";
        body["logo_url"] = "ftp://example.com/logo.png";
        body["google_place_id"] = "not a place id";
        body["headline"] = "  ";
        body["gating_mode"] = "lenient";
        body["language"] = "fr";
        body["form_fields"]!.AsArray()[0]!["key"] = "nickname";
        body["form_fields"]!.AsArray()[4]!["required"] = true;
        body["form_fields"]!.AsArray()[5]!["key"] = "email";

        var response = await owner.PutAsJsonAsync(Settings, body);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", problem["error"]!["code"]!.GetValue<string>());
        var details = problem["error"]!["details"]!.AsObject();
        Assert.Equal(
            new[]
            {
                "badge_left", "badge_size", "form_fields[0].key", "form_fields[4].required", "form_fields[5].key", "gating_mode", "google_place_id",
                "headline", "language", "logo_url", "min_rating_for_google", "qr_border_color", "qr_dots_style", "qr_top", "style", "theme_color",
            },
            details.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Contains("1 to 5", details["min_rating_for_google"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("0 to 100", details["qr_top"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["theme_color"]);
        var stored = await Json.ReadAsync(await owner.GetAsync(Settings));
        Assert.Equal("3B82F6", stored["theme_color"]!.GetValue<string>());
        Assert.Equal(49, stored["qr_top"]!.GetValue<double>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task WrongTypesAndMalformedBodiesAreRefusedNamingTheField(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();

        var text = await owner.PutAsync(Settings, Json.Raw("""{"qr_top":"high"}"""));
        var missing = await owner.PutAsync(Settings, Json.Raw("""{"headline":null}"""));
        var fraction = await owner.PutAsync(Settings, Json.Raw("""{"min_rating_for_google":4.5}"""));
        var nested = await owner.PutAsync(Settings, Json.Raw("""{"form_fields":[{"key":"name","label":"Imię","visible":"yes","required":false}]}"""));
        var malformed = await owner.PutAsync(Settings, Json.Raw("""{"headline": """));
        var array = await owner.PutAsync(Settings, Json.Raw("[]"));
        var empty = await owner.PutAsync(Settings, Json.Raw(""));
        var form = await owner.PutAsync(Settings, new StringContent("headline=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        foreach (var (response, field) in new[] { (text, "qr_top"), (missing, "headline"), (fraction, "min_rating_for_google"), (nested, "form_fields[0].visible") })
        {
            var problem = await Json.ReadAsync(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("VALIDATION_ERROR", problem["error"]!["code"]!.GetValue<string>());
            Assert.NotNull(problem["error"]!["details"]![field]);
        }

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await Json.ReadAsync(malformed))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await Json.ReadAsync(array))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await Json.ReadAsync(empty))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", (await Json.ReadAsync(form))["error"]!["code"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ViewersReadTheSettingsButOnlyAdminsChangeThem(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using var anonymous = tenant.App.CreateClient();

        var read = await viewer.GetAsync(Settings);
        var write = await viewer.PutAsJsonAsync(Settings, new { headline = "x" });
        var unauthenticated = await anonymous.GetAsync(Settings);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("FORBIDDEN", (await Json.ReadAsync(write))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        viewer.Dispose();
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherWorkspaceSeesNeitherTheSettingsNorTheLocations(string lane)
    {
        var app = Lanes.App(lane);
        var first = await app.RegisterAsync("Salon Pierwszy");
        var second = await app.RegisterAsync("Salon Drugi");
        using var one = first.Client();
        using var two = second.Client();
        await AcquisitionSamples.PutAsync(one, new { headline = "Pierwszy pyta", google_place_id = AcquisitionSamples.PlaceId });
        await AcquisitionSamples.PutAsync(one, new { headline = "Filia" }, "mokotow");

        var secondDefault = await Json.ReadAsync(await two.GetAsync(Settings));
        var secondLocation = await two.GetAsync(Settings + "?location_id=mokotow");
        var secondLocations = await Json.ReadArrayAsync(await two.GetAsync("/api/v1/acquisition/locations"));
        await AcquisitionSamples.PutAsync(two, new { headline = "Drugi pyta" });
        var firstAfter = await Json.ReadAsync(await one.GetAsync(Settings));
        var deleteOther = await two.DeleteAsync(Settings + "?location_id=mokotow");

        Assert.Equal("Salon Drugi", secondDefault["business_name"]!.GetValue<string>());
        Assert.Equal("Daj znać jak nam poszło", secondDefault["headline"]!.GetValue<string>());
        Assert.Null(secondDefault["google_place_id"]);
        Assert.Equal(HttpStatusCode.NotFound, secondLocation.StatusCode);
        Assert.Equal("ACQUISITION_LOCATION_NOT_FOUND", (await Json.ReadAsync(secondLocation))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(["default"], secondLocations.Select(l => l!["location_id"]!.GetValue<string>()));
        Assert.Equal("Pierwszy pyta", firstAfter["headline"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, deleteOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await one.GetAsync(Settings + "?location_id=mokotow")).StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task EachLocationHasItsOwnSettingsPageAndPoster(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync("Salon Trzy Filie");
        using var owner = tenant.Client();

        var unknown = await owner.GetAsync(Settings + "?location_id=mokotow");
        var created = await AcquisitionSamples.PutAsync(owner, new { business_name = "Salon Mokotów", language = "en" }, "mokotow");
        var viaBody = await AcquisitionSamples.PutAsync(owner, new { location_id = "wola", business_name = "Salon Wola" });
        var conflicting = await owner.PutAsJsonAsync(Settings + "?location_id=wola", new { location_id = "ursus" });
        var badId = await owner.GetAsync(Settings + "?location_id=Not%20Valid");
        var defaults = await Json.ReadAsync(await owner.GetAsync(Settings));
        var listResponse = await owner.GetAsync("/api/v1/acquisition/locations");
        var locations = await Json.ReadArrayAsync(listResponse);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("mokotow", created["location_id"]!.GetValue<string>());
        Assert.Equal("en", created["language"]!.GetValue<string>());
        Assert.Equal("wola", viaBody["location_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, conflicting.StatusCode);
        Assert.NotNull((await Json.ReadAsync(conflicting))["error"]!["details"]!["location_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.NotNull((await Json.ReadAsync(badId))["error"]!["details"]!["location_id"]);
        Assert.Equal("Salon Trzy Filie", defaults["business_name"]!.GetValue<string>());
        Assert.Equal(["default", "mokotow", "wola"], locations.Select(l => l!["location_id"]!.GetValue<string>()));
        Assert.Equal(["Salon Trzy Filie", "Salon Mokotów", "Salon Wola"], locations.Select(l => l!["business_name"]!.GetValue<string>()));
        Assert.Equal($"http://localhost/f/{tenant.Slug}/mokotow", locations[1]!["public_url"]!.GetValue<string>());
        Assert.Equal($"http://localhost/f/{tenant.Slug}", locations[0]!["public_url"]!.GetValue<string>());
        Assert.False(locations[0]!["saved"]!.GetValue<bool>());
        Assert.Equal("3", listResponse.Headers.GetValues("X-Total-Count").Single());

        var deleted = await owner.DeleteAsync(Settings + "?location_id=mokotow");
        var afterDelete = await owner.GetAsync(Settings + "?location_id=mokotow");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public void TheSettingsDocumentSerialisesItsDoublesLikeTheContract()
    {
        var options = new JsonSerializerOptions();
        Parley.Platform.Json.JsonSetup.Configure(options);
        var json = JsonSerializer.Serialize(Features.Acquisition.AcquisitionRules.Defaults("X", "pl", "default"), options);

        Assert.Contains("\"qr_top\":49,", json, StringComparison.Ordinal);
        Assert.Contains("\"badge_size\":1.3,", json, StringComparison.Ordinal);
    }
}

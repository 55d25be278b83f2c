using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Acquisition;

/// <summary>The contract's example settings and the field list GET /acquisition/settings answers with.</summary>
internal static class AcquisitionSamples
{
    /// <summary>The contract's fields, in its order.</summary>
    public static readonly string[] ContractFields =
    [
        "headline", "min_rating_for_google", "google_place_id", "theme_color", "logo_url", "style",
        "business_name", "business_name_visible", "business_name_top", "business_name_left", "business_name_size",
        "poster_headline", "poster_headline_visible", "poster_headline_top", "poster_headline_left", "poster_headline_size",
        "qr_color", "qr_dots_style", "qr_top", "qr_left", "qr_size", "qr_visible", "qr_border_width", "qr_border_color",
        "badge_text", "badge_color", "badge_visible", "badge_top", "badge_left", "badge_size",
        "stars_visible", "stars_top", "stars_left", "stars_size",
        "google_logo_visible", "google_logo_top", "google_logo_left", "google_logo_size",
        "footer_text", "form_fields",
    ];

    /// <summary>Parley's additions, after the contract's fields.</summary>
    public static readonly string[] AddedFields = ["gating_mode", "language", "location_id"];

    public const string PlaceId = "ChIJN1t_tDeuEmsRUsoyG83frY4";

    /// <summary>The contract's example body (its elided place id "ChIJ..." replaced by a whole one).</summary>
    public static JsonObject ContractExample() => JsonNode.Parse($$"""
        {
          "headline": "Daj znać jak nam poszło",
          "min_rating_for_google": 4,
          "google_place_id": "{{PlaceId}}",
          "theme_color": "3B82F6",
          "logo_url": null,
          "style": "poster",
          "business_name": "Kolabo group sp z o.o.",
          "business_name_visible": true,
          "business_name_top": 11,
          "business_name_left": 50,
          "business_name_size": 1,
          "poster_headline": "Oceń nas!",
          "poster_headline_visible": true,
          "poster_headline_top": 21,
          "poster_headline_left": 50,
          "poster_headline_size": 1,
          "qr_color": "4179E0",
          "qr_dots_style": "rounded",
          "qr_top": 49,
          "qr_left": 50,
          "qr_size": 1,
          "qr_visible": true,
          "qr_border_width": 3,
          "qr_border_color": "111827",
          "badge_text": "SKANUJ",
          "badge_color": "EF4444",
          "badge_visible": true,
          "badge_top": 4,
          "badge_left": 27,
          "badge_size": 1.3,
          "stars_visible": true,
          "stars_top": 82,
          "stars_left": 50,
          "stars_size": 1,
          "google_logo_visible": true,
          "google_logo_top": 93,
          "google_logo_left": 50,
          "google_logo_size": 0.8,
          "footer_text": "Oceń nas w",
          "form_fields": [
            { "key": "name", "label": "Imię", "visible": true, "required": false },
            { "key": "surname", "label": "Nazwisko", "visible": true, "required": false },
            { "key": "phone", "label": "Telefon", "visible": true, "required": false },
            { "key": "email", "label": "Email", "visible": true, "required": true },
            { "key": "order_no", "label": "Numer zamówienia", "visible": false, "required": false },
            { "key": "service_name", "label": "Nazwa usługi", "visible": false, "required": false },
            { "key": "employee_name", "label": "Pracownik", "visible": false, "required": false }
          ]
        }
        """)!.AsObject();

    public static async Task<JsonNode> PutAsync(HttpClient client, object body, string? location = null)
    {
        var response = await client.PutAsJsonAsync("/api/v1/acquisition/settings" + (location is null ? "" : "?location_id=" + location), body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }
}

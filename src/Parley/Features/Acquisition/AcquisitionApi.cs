using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Parley.Features.Acquisition.Posters;
using Parley.Features.Acquisition.Public;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Acquisition;

public static class AcquisitionApi
{
    public const string LocationNotFound = "ACQUISITION_LOCATION_NOT_FOUND";

    private const string LocationHelp =
        "A business with several locations keeps one set of settings (and one public page and poster) per location: name it with " +
        "`?location_id=` (lowercase letters, digits and hyphens). Without it the `default` location is meant, whose page is `/f/{slug}`; " +
        "another location's page is `/f/{slug}/{location_id}`. ";

    public static IEndpointRouteBuilder MapAcquisition(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/acquisition").WithTags("Review acquisition").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        api.MapGet("/settings", GetSettingsAsync).RequireAuthorization(Policies.Viewer).WithName("GetAcquisitionSettings")
            .WithSummary("The feedback page and poster settings of a location.")
            .WithDescription(LocationHelp + "The default location answers its defaults until it is saved; another location answers 404 " +
                             $"`{LocationNotFound}` until it is. `gating_mode`: `compliant` (default) offers Google to every rater, as Google's " +
                             "policy requires; `strict` only to ratings of at least `min_rating_for_google`. `language` (pl/en) is the public page's.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/settings", UpdateSettingsAsync).RequireAuthorization(Policies.Admin).WithName("UpdateAcquisitionSettings")
            .WithSummary("Save a location's settings; the body is shaped as GET's answer.")
            .WithDescription(LocationHelp + "Saving a new `location_id` creates that location. Fields left out keep their values; `null` clears " +
                             "`logo_url` or `google_place_id`. Colours are six hex digits (a leading # is accepted and dropped); `*_top`/`*_left` " +
                             "are percentages (0–100) of the poster naming an element's centre; `*_size` multiplies its standard size (0.1–5).")
            .Accepts<AcquisitionSettingsDocument>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(415);
        api.MapDelete("/settings", DeleteSettingsAsync).RequireAuthorization(Policies.Admin).WithName("DeleteAcquisitionSettings")
            .WithSummary("Delete a location's settings (its page then answers 404); the default location goes back to its defaults.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/locations", ListLocationsAsync).RequireAuthorization(Policies.Viewer).WithName("ListAcquisitionLocations")
            .WithSummary("The locations with settings (the default one always), with their public page addresses.");

        foreach (var format in PosterFormats)
        {
            api.MapGet($"/poster.{format.Extension}", (HttpContext http, [AsParameters] PosterQuery query, AcquisitionService service, PosterRenderer renderer,
                    IOptions<PublicUrlOptions> urls, CancellationToken cancellationToken) => PosterAsync(format, http, query, service, renderer, urls.Value, cancellationToken))
                .RequireAuthorization(Policies.Viewer).WithName("AcquisitionPoster" + format.Extension.ToUpperInvariant())
                .WithSummary($"The designed poster as {format.Extension.ToUpperInvariant()}: its QR code opens the location's public feedback page.")
                .WithDescription(format.Extension == "pdf"
                    ? "`paper`: a3, a4 (default), a5, a6 or letter; a `card` style prints landscape. `location_id` as for the settings."
                    : $"`width` in pixels, {PosterRenderer.MinWidth}–{PosterRenderer.MaxWidth} (default {(format.Extension == "png" ? PosterRenderer.DefaultPngWidth : PosterRenderer.DefaultSvgWidth)}); " +
                      "the height follows the style (A-series portrait for `poster`, landscape for `card`). `location_id` as for the settings.")
                .Produces(200, format.Extension == "svg" ? typeof(string) : typeof(byte[]), format.ContentType).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        }

        // The admin designer's download buttons: the same posters for the signed-in person's cookie (the API takes tokens only).
        var admin = routes.MapGroup("/acquisition").ExcludeFromDescription().RequireRateLimiting(RateLimitSetup.ApiPolicy);
        foreach (var format in PosterFormats)
        {
            admin.MapGet($"/poster.{format.Extension}", (HttpContext http, [AsParameters] PosterQuery query, AcquisitionService service, PosterRenderer renderer,
                    IOptions<PublicUrlOptions> urls, CancellationToken cancellationToken) => PosterAsync(format, http, query, service, renderer, urls.Value, cancellationToken))
                .RequireAuthorization(Policies.Viewer);
        }

        var pages = routes.MapGroup("/f").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(RateLimitSetup.PublicPolicy);
        pages.MapGet("/{slug}", (string slug, string? rating, HttpContext http, AcquisitionService service, CancellationToken cancellationToken) =>
            PublicPageAsync(slug, AcquisitionRules.DefaultLocation, rating, http, service, cancellationToken));
        pages.MapGet("/{slug}/{location}", (string slug, string location, string? rating, HttpContext http, AcquisitionService service, CancellationToken cancellationToken) =>
            PublicPageAsync(slug, location, rating, http, service, cancellationToken));
        return routes;
    }

    private sealed record PosterFormat(string Extension, string ContentType);

    private static readonly PosterFormat[] PosterFormats = [new("png", "image/png"), new("svg", "image/svg+xml"), new("pdf", "application/pdf")];

    /// <remarks>Init properties, not a positional record: the compile-time request delegate generator cannot bind constructor parameters of nullable reference types.</remarks>
    public sealed class PosterQuery
    {
        [FromQuery(Name = "location_id")]
        public string? LocationId { get; init; }

        [FromQuery(Name = "width")]
        public int? Width { get; init; }

        [FromQuery(Name = "paper")]
        public string? Paper { get; init; }
    }

    private static async Task<Results<Ok<AcquisitionSettingsDocument>, ProblemHttpResult>> GetSettingsAsync(
        [FromQuery(Name = "location_id")] string? locationId, AcquisitionService service, CancellationToken cancellationToken)
    {
        var location = locationId ?? AcquisitionRules.DefaultLocation;
        if (!AcquisitionRules.IsValidLocation(location))
        {
            return Problems.Validation("location_id", AcquisitionRules.LocationMessage);
        }

        return await service.GetAsync(location, cancellationToken) is { } settings ? TypedResults.Ok(settings) : NotFound(location);
    }

    /// <summary>The body is read as a JSON object (not bound to the record) so that a field left out can be told from one sent as null.</summary>
    private static async Task<Results<Ok<AcquisitionSettingsDocument>, ProblemHttpResult>> UpdateSettingsAsync(
        [FromQuery(Name = "location_id")] string? locationId, HttpRequest request, AcquisitionService service, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problems.Create(415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
        }

        if (await request.ReadFromJsonAsync<JsonNode>(cancellationToken) is not JsonObject body)
        {
            return Problems.Validation("body", "The request body must be a JSON object shaped as GET /api/v1/acquisition/settings answers.");
        }

        var inBody = body.TryGetPropertyValue("location_id", out var node) ? node : null;
        body.Remove("location_id");
        string? fromBody = null;
        if (inBody is not null && (inBody.GetValueKind() != System.Text.Json.JsonValueKind.String || !AcquisitionRules.IsValidLocation(fromBody = inBody.GetValue<string>())))
        {
            return Problems.Validation("location_id", AcquisitionRules.LocationMessage);
        }

        if (locationId is not null && fromBody is not null && locationId != fromBody)
        {
            return Problems.Validation("location_id", "location_id in the body differs from ?location_id=; send one or make them equal.");
        }

        var location = locationId ?? fromBody ?? AcquisitionRules.DefaultLocation;
        if (!AcquisitionRules.IsValidLocation(location))
        {
            return Problems.Validation("location_id", AcquisitionRules.LocationMessage);
        }

        return TypedResults.Ok(await service.UpdateAsync(location, body, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSettingsAsync(
        [FromQuery(Name = "location_id")] string? locationId, AcquisitionService service, CancellationToken cancellationToken)
    {
        var location = locationId ?? AcquisitionRules.DefaultLocation;
        if (!AcquisitionRules.IsValidLocation(location))
        {
            return Problems.Validation("location_id", AcquisitionRules.LocationMessage);
        }

        return await service.DeleteAsync(location, cancellationToken) ? TypedResults.NoContent() : NotFound(location);
    }

    public sealed record AcquisitionLocationItem(string LocationId, string BusinessName, bool Saved, DateTime? UpdatedAt, string PublicUrl);

    private static async Task<Ok<IReadOnlyList<AcquisitionLocationItem>>> ListLocationsAsync(
        HttpContext http, AcquisitionService service, IOptions<PublicUrlOptions> urls, CancellationToken cancellationToken)
    {
        var slug = await service.CurrentSlugAsync(cancellationToken);
        var baseUrl = PublicUrls.BaseUrl(urls.Value, http.Request);
        var locations = await service.ListLocationsAsync(cancellationToken);
        http.Response.Headers["X-Total-Count"] = locations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok<IReadOnlyList<AcquisitionLocationItem>>(locations
            .Select(l => new AcquisitionLocationItem(l.LocationId, l.BusinessName, l.Saved, l.UpdatedAt, PublicUrls.FeedbackPage(baseUrl, slug, l.LocationId))).ToList());
    }

    private static async Task<IResult> PosterAsync(PosterFormat format, HttpContext http, PosterQuery query, AcquisitionService service,
        PosterRenderer renderer, PublicUrlOptions urls, CancellationToken cancellationToken)
    {
        var location = query.LocationId ?? AcquisitionRules.DefaultLocation;
        var errors = new Validator();
        if (!AcquisitionRules.IsValidLocation(location))
        {
            errors.Add("location_id", AcquisitionRules.LocationMessage);
        }

        if (query.Width is < PosterRenderer.MinWidth or > PosterRenderer.MaxWidth)
        {
            errors.Add("width", $"width must be from {PosterRenderer.MinWidth} to {PosterRenderer.MaxWidth} pixels.");
        }

        var paper = query.Paper?.ToLowerInvariant() ?? "a4";
        if (!PaperSizes.All.ContainsKey(paper))
        {
            errors.Add("paper", $"paper must be one of: {string.Join(", ", PaperSizes.All.Keys)}.");
        }

        if (!errors.IsValid)
        {
            return Problems.Validation(errors.Errors);
        }

        if (await service.GetAsync(location, cancellationToken) is not { } settings)
        {
            return NotFound(location);
        }

        var url = PublicUrls.FeedbackPage(PublicUrls.BaseUrl(urls, http.Request), await service.CurrentSlugAsync(cancellationToken), location);
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        switch (format.Extension)
        {
            case "png":
                return TypedResults.File(renderer.Png(settings, url, query.Width ?? PosterRenderer.DefaultPngWidth), format.ContentType);
            case "pdf":
                return TypedResults.File(renderer.Pdf(settings, url, paper, $"{settings.BusinessName} — {settings.PosterHeadline}"), format.ContentType);
            default:
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
                return TypedResults.Text(renderer.Svg(settings, url, query.Width ?? PosterRenderer.DefaultSvgWidth), format.ContentType, System.Text.Encoding.UTF8);
        }
    }

    private static async Task<IResult> PublicPageAsync(string slug, string location, string? rating, HttpContext http, AcquisitionService service,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var found = await service.FindPublicAsync(slug, location, cancellationToken);
        if (found is null)
        {
            return new RazorComponentResult<FeedbackNotFoundPage>(new { Text = PublicPageText.ForBrowser(http.Request) }) { StatusCode = 404 };
        }

        var basePath = http.Request.PathBase.Value ?? string.Empty;
        var model = new FeedbackPageModel(found.Settings,
            PageUrl: PublicUrls.FeedbackPage(basePath, found.Slug, location),
            FeedbackEndpoint: $"{basePath}/api/v1/public/{Uri.EscapeDataString(found.Slug)}/feedback",
            Rating: int.TryParse(rating, out var stars) && stars is >= 1 and <= 5 ? stars : null);
        return new RazorComponentResult<FeedbackPage>(new { Model = model });
    }

    private static ProblemHttpResult NotFound(string location) =>
        Problems.NotFound(LocationNotFound, $"No acquisition settings for location '{location}'. Save them with PUT to create the location.");
}

namespace Parley.Features.Acquisition;

/// <summary>Configuration section <c>Server</c>, the part the feedback page and posters read.</summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Server";

    /// <summary>
    /// The address customers reach this server at, e.g. <c>https://opinie.example.com</c> (<c>Server:PublicBaseUrl</c>). Posters' QR
    /// codes and the links shown to owners use it; when empty, the scheme and host of the request that asks are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Configuration section <c>Posters</c>.</summary>
public sealed class PosterOptions
{
    public const string Section = "Posters";

    /// <summary>
    /// A TrueType font file for poster text (<c>Posters:FontFile</c>). When empty, DejaVu Sans or Liberation Sans from the
    /// system's font folders is used; with no font at all, posters are drawn without text.
    /// </summary>
    public string? FontFile { get; set; }

    /// <summary>The bold face to go with <see cref="FontFile"/> (<c>Posters:BoldFontFile</c>); empty uses the regular one.</summary>
    public string? BoldFontFile { get; set; }
}

/// <summary>Builds the absolute address of a location's public feedback page.</summary>
public static class PublicUrls
{
    public static string FeedbackPage(string baseUrl, string slug, string location) =>
        baseUrl.TrimEnd('/') + "/f/" + Uri.EscapeDataString(slug) +
        (location == AcquisitionRules.DefaultLocation ? string.Empty : "/" + Uri.EscapeDataString(location));

    /// <summary>The configured public address, else the request's own scheme, host and base path.</summary>
    public static string BaseUrl(PublicUrlOptions options, HttpRequest request) =>
        !string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? options.PublicBaseUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string GoogleReview(string placeId) =>
        "https://search.google.com/local/writereview?placeid=" + Uri.EscapeDataString(placeId);
}

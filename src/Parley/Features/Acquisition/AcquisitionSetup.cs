using Parley.Features.Acquisition.Posters;

namespace Parley.Features.Acquisition;

public static class AcquisitionSetup
{
    public static IServiceCollection AddParleyAcquisition(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicUrlOptions>().Bind(configuration.GetSection(PublicUrlOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) ||
                           (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query)),
                "Server:PublicBaseUrl must be an absolute http(s) URL such as https://opinie.example.com.")
            .ValidateOnStart();
        services.AddOptions<PosterOptions>().Bind(configuration.GetSection(PosterOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.FontFile) || File.Exists(o.FontFile), "Posters:FontFile names a file that does not exist.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BoldFontFile) || File.Exists(o.BoldFontFile), "Posters:BoldFontFile names a file that does not exist.")
            .ValidateOnStart();
        // Fonts are read from disk once, on the first poster.
        services.AddSingleton<PosterFonts>();
        services.AddSingleton<PosterRenderer>();
        services.AddScoped<AcquisitionService>();
        return services;
    }
}

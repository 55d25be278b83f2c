using Microsoft.Extensions.Options;

namespace Parley.Features.Chat;

/// <summary>
/// <c>/widget.js</c> is a static asset (with an ETag), but it loads on every page of the business's site: instead of the
/// build's default <c>no-cache</c> (a revalidation round trip per page view) browsers may keep it for
/// <c>Chat:WidgetMaxAgeSeconds</c>, after which the ETag makes the check cheap. A new version reaches visitors within that time.
/// </summary>
internal sealed class WidgetCaching(IOptions<ChatOptions> options) : IStartupFilter
{
    public const string Path = "/widget.js";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var cacheControl = $"public, max-age={options.Value.WidgetMaxAgeSeconds}";
        app.Use((http, rest) =>
        {
            if (http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
            {
                http.Response.OnStarting(() =>
                {
                    if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                    {
                        http.Response.Headers.CacheControl = cacheControl;
                    }

                    return Task.CompletedTask;
                });
            }

            return rest(http);
        });
        next(app);
    };
}

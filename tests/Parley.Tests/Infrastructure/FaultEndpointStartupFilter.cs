using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Parley.Tests.Infrastructure;

/// <summary>Adds <c>/test/fault</c>, which fails with an exception holding a secret, to check what a 500 reveals.</summary>
internal sealed class FaultEndpointStartupFilter : IStartupFilter
{
    public const string Secret = "connection-string-password=hunter2";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((Microsoft.AspNetCore.Http.HttpContext http, Func<Task> rest) =>
            http.Request.Path == "/test/fault" ? throw new InvalidOperationException(Secret) : rest());
    };
}

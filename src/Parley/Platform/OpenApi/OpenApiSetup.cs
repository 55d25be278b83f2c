using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Parley.Platform.OpenApi;

/// <summary>OpenAPI 3.1 at <c>/openapi/v1.json</c>, generated from the endpoint types; Scalar reads it at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddParleyOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            // Query parameters bound from [AsParameters] types are described by their property names ("Limit"); the API's
            // names are lower case (binding ignores case), and multi-word ones carry [FromQuery(Name = "snake_case")].
            o.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name && char.IsUpper(name[0]) &&
                        name.Skip(1).All(char.IsLower))
                    {
                        parameter.Name = name.ToLowerInvariant();
                    }
                }

                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Parley API",
                    Version = "v1",
                    Description = "Customer communication for small service businesses. JSON is snake_case; times are UTC ISO 8601 with milliseconds; " +
                                  "lists are arrays with X-Total-Count. Errors are RFC 9457 problem details that also carry " +
                                  "{\"error\":{\"code\",\"message\",\"details\"}}. Authenticate with `Authorization: Bearer <access token>` " +
                                  "or a workspace API key (`X-API-Key: pk_…`).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Access token from /api/v1/auth/login, or an API key (pk_…).",
                };
                document.Components.SecuritySchemes["api_key"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-API-Key",
                };
                document.Security = [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("api_key", document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapParleyOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").DisableRateLimiting();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Parley API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}

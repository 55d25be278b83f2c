using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Parley.Platform.Errors;

/// <summary>
/// Names the route or query value that could not be parsed when an endpoint answered a bare 400. Request delegates generated at
/// compile time answer an unparsable value (<c>?rating=five</c>) with an empty 400 instead of throwing, even with
/// <c>ThrowOnBadRequest</c>; the endpoint's parameter metadata says which values it parses as what, so the envelope can still
/// name the field, as it does for the values the runtime-built delegates report.
/// </summary>
internal static class UnparsableParameters
{
    public static string? Find(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() is not { Count: > 0 } parameters)
        {
            return null;
        }

        foreach (var parameter in parameters)
        {
            if (!parameter.HasTryParse)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            var raw = http.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is not null
                ? route.ToString()
                : http.Request.Query.TryGetValue(parameter.Name, out var query) ? query.ToString() : null;
            if (!string.IsNullOrEmpty(raw) && !Parses(type, raw))
            {
                return JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name);
            }
        }

        return null;
    }

    // The types Parley's endpoints take from the route or query; anything else is left unnamed (the 400 stays generic).
    private static bool Parses(Type type, string raw) => type switch
    {
        _ when type == typeof(int) => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(double) => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(decimal) => decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(raw, out _),
        _ when type == typeof(Guid) => Guid.TryParse(raw, out _),
        _ when type == typeof(DateTime) => DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(DateOnly) => DateOnly.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };
}

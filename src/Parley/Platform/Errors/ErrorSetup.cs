using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Parley.Platform.Errors;

public static partial class ErrorSetup
{
    public const string TraceIdKey = "trace_id";

    public static IServiceCollection AddParleyErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx => Complete(ctx.ProblemDetails, ctx.HttpContext));
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) must reach the handler instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseParleyErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        return app;
    }

    /// <summary>Every problem leaves with the envelope and the request's trace id, whoever produced it.</summary>
    internal static void Complete(ProblemDetails problem, HttpContext http)
    {
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= Problems.TitleFor(status);
        problem.Type ??= $"https://httpstatuses.io/{status}";
        problem.Instance ??= http.Request.Path;
        if (status == StatusCodes.Status400BadRequest && !problem.Extensions.ContainsKey(Problems.ErrorKey) && UnparsableParameters.Find(http) is { } field)
        {
            // The same envelope a thrown binding failure gets (see FromBadRequest).
            var invalid = Problems.Details(status, ErrorCodes.Validation, $"Invalid value for '{field}'.", new Dictionary<string, string[]> { [field] = [$"Invalid value for '{field}'."] });
            problem.Detail = invalid.Detail;
            foreach (var (key, value) in invalid.Extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        if (!problem.Extensions.ContainsKey(Problems.ErrorKey))
        {
            var message = problem.Detail ?? DefaultMessage(status);
            problem.Detail ??= message;
            problem.Extensions[Problems.ErrorKey] = new ApiError(ErrorCodes.ForStatus(status), message, new Dictionary<string, object?>());
        }

        problem.Extensions.Remove("traceId");
        problem.Extensions[TraceIdKey] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }

    private static string DefaultMessage(int status) => status switch
    {
        401 => "Authentication is required: send a bearer token or an API key.",
        403 => "You do not have permission to do this.",
        404 => "Nothing exists at this address.",
        405 => "This method is not allowed here.",
        415 => "Send the body as application/json.",
        429 => "Too many requests; try again later.",
        _ => Problems.TitleFor(status),
    };
}

internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiException api => Problems.Details(api.Status, api.Code, api.Message, api.Fields),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problems.Details(400, "REQUEST_TOO_LARGE", "The request body is larger than allowed."),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                Problems.Details(415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => FromJson(json),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (http.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
            problem = Problems.Details(500, ErrorCodes.Internal,
                "Something went wrong on our side. Quote the trace id when you report it.");
        }

        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        // Minimal APIs report a missing or unparsable route/query value by naming the parameter in quotes.
        var field = ExtractQuoted(bad.Message);
        var message = bad.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal) ||
                      bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) ||
                      bad.Message.Contains("body was not provided", StringComparison.Ordinal)
            ? "The request body is missing or is not valid JSON."
            : $"Invalid value for '{field ?? "request"}'.";
        return Problems.Details(400, ErrorCodes.Validation, message,
            new Dictionary<string, string[]> { [field is null or "" ? "body" : ToSnake(field)] = [message] });
    }

    private static ProblemDetails FromJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        string field, message;
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            (field, message) = ("body", json.Message[..(json.Message.IndexOf(" Path:", StringComparison.Ordinal) is var i and > 0 ? i : json.Message.Length)]);
        }
        else if (!IsSyntax(json) && path != "body")
        {
            (field, message) = (path, $"The value of '{path}' has the wrong type or is not allowed.");
        }
        else
        {
            (field, message) = ("body", $"The request body is not valid JSON (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).");
        }

        return Problems.Details(400, ErrorCodes.Validation, message, new Dictionary<string, string[]> { [field] = [message] });
    }

    // Syntax errors are raised by the reader (the serializer re-wraps them); conversion errors are not.
    private static bool IsSyntax(JsonException json) =>
        json.GetType().Name.Contains("Reader", StringComparison.Ordinal) ||
        json.InnerException?.GetType().Name.Contains("Reader", StringComparison.Ordinal) == true;

    private static string? ExtractQuoted(string message)
    {
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        if (start < 0 || end < 0)
        {
            return null;
        }

        var quoted = message[(start + 1)..end];
        var space = quoted.LastIndexOf(' ');
        return space >= 0 ? quoted[(space + 1)..] : quoted;
    }

    private static string ToSnake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Parley.Platform.Errors;

/// <summary>Builds problem-details results that also carry the contract's <c>error</c> envelope.</summary>
public static class Problems
{
    public const string ErrorKey = "error";
    public const string ErrorsKey = "errors";

    public static ProblemHttpResult Create(int status, string code, string message, IReadOnlyDictionary<string, string[]>? fields = null) =>
        TypedResults.Problem(Details(status, code, message, fields));

    public static ProblemHttpResult NotFound(string code, string message) => Create(StatusCodes.Status404NotFound, code, message);

    public static ProblemHttpResult Conflict(string code, string message, IReadOnlyDictionary<string, string[]>? fields = null) =>
        Create(StatusCodes.Status409Conflict, code, message, fields);

    public static ProblemHttpResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> fields, string? message = null) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.Validation, message ?? "The request has invalid fields.", fields);

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static ProblemDetails Details(int status, string code, string message, IReadOnlyDictionary<string, string[]>? fields = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleFor(status),
            Detail = message,
            Type = $"https://httpstatuses.io/{status}",
        };
        var details = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (fields is not null)
        {
            foreach (var (field, messages) in fields)
            {
                details[field] = messages.Length == 1 ? messages[0] : messages;
            }

            problem.Extensions[ErrorsKey] = fields;
        }

        problem.Extensions[ErrorKey] = new ApiError(code, message, details);
        return problem;
    }

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };
}

namespace Parley.Platform.Errors;

/// <summary>The contract's error envelope: <c>{"error":{"code","message","details"}}</c>.</summary>
public sealed record ApiError(string Code, string Message, IReadOnlyDictionary<string, object?> Details);

/// <summary>Thrown where returning a result would thread through many layers; answered in the envelope.</summary>
public sealed class ApiException(int status, string code, string message, IReadOnlyDictionary<string, string[]>? fields = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string[]>? Fields { get; } = fields;
}

public static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string RateLimited = "RATE_LIMIT_EXCEEDED";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    public static string ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => ServiceUnavailable,
        >= 500 => Internal,
        _ => "ERROR",
    };
}

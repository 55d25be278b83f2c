namespace Parley.Platform.Errors;

/// <summary>
/// Refuses a declared body larger than the limit before anything reads it, in the envelope. Kestrel's own limit still stops
/// bodies that do not declare their length (chunked); its error is mapped by <see cref="ApiExceptionHandler"/>.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue("Server:MaxRequestBodyBytes", Hosting.ParleyApplication.DefaultMaxRequestBodyBytes);

    public Task InvokeAsync(HttpContext http) =>
        http.Request.ContentLength > _limit
            ? Problems.Create(400, "REQUEST_TOO_LARGE", $"The request body is larger than {_limit} bytes.").ExecuteAsync(http)
            : next(http);
}

using Microsoft.AspNetCore.Identity;
using Parley.Platform.Errors;

namespace Parley.Features.Accounts;

internal static class IdentityErrors
{
    /// <summary>Maps Identity's error codes onto the request field they concern.</summary>
    public static ApiException ToApiException(IdentityResult result)
    {
        var fields = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "request")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal);
        var duplicate = result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName");
        return duplicate
            ? new ApiException(409, "EMAIL_TAKEN", "An account with this email already exists.", fields)
            : new ApiException(400, ErrorCodes.Validation, "The request has invalid fields.", fields);
    }
}

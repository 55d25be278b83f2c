using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform.Errors;

namespace Parley.Platform;

/// <summary><c>limit</c>/<c>offset</c> query parameters shared by every list endpoint.</summary>
public sealed record Page(int? Limit, int? Offset) : IValidatable
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public int Take => Limit ?? DefaultLimit;
    public int Skip => Offset ?? 0;

    public void Validate(Validator v)
    {
        if (Limit is < 1 or > MaxLimit)
        {
            v.Add("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        if (Offset is < 0)
        {
            v.Add("offset", "offset must be 0 or more.");
        }
    }
}

public static class ListResults
{
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>A plain JSON array, with the number of all matching rows in <c>X-Total-Count</c>.</summary>
    public static Ok<IReadOnlyList<T>> Ok<T>(HttpContext http, IReadOnlyList<T> items, int total)
    {
        http.Response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(items);
    }

    public static IQueryable<T> Apply<T>(this IQueryable<T> query, Page page) => query.Skip(page.Skip).Take(page.Take);
}

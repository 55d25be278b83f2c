using System.Text;
using System.Text.RegularExpressions;

namespace Parley.Features.Reviews;

/// <summary>
/// Plain-text fields (reviews, replies, feedback, names) are stored as text, never markup: HTML tags are removed (with the
/// content of script-like elements), control characters dropped, line ends normalised. "I &lt;3 it" stays as it is.
/// </summary>
public static partial class TextSanitizer
{
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math", "xmp", "head",
    };

    /// <summary>Null stays null; whitespace-only becomes empty.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Contains('<', StringComparison.Ordinal) ? StripMarkup(value) : value;
        var output = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                output.Append(c);
            }
        }

        return output.ToString().Trim();
    }

    /// <summary>Like <see cref="Clean"/>, but blank becomes null (optional fields).</summary>
    public static string? CleanOptional(string? value) => Clean(value) is { Length: > 0 } cleaned ? cleaned : null;

    private static string StripMarkup(string value)
    {
        var output = new StringBuilder(value.Length);
        var position = 0;
        while (position < value.Length)
        {
            var match = Markup().Match(value, position);
            if (!match.Success)
            {
                output.Append(value, position, value.Length - position);
                break;
            }

            output.Append(value, position, match.Index - position);
            position = match.Index + match.Length;
            var element = match.Groups["name"].Value;
            if (element.Equals("br", StringComparison.OrdinalIgnoreCase) || (match.Groups["close"].Success && element is "p" or "P" or "div" or "DIV"))
            {
                output.Append('\n');
            }
            else if (!match.Groups["close"].Success && DroppedWithContent.Contains(element))
            {
                var end = new Regex($@"</\s*{Regex.Escape(element)}\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                    .Match(value, position);
                position = end.Success ? end.Index + end.Length : value.Length;
            }
        }

        return output.ToString();
    }

    [GeneratedRegex(@"<!--[\s\S]*?(?:-->|$)|<[!?][a-zA-Z][^>]*>|<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9:-]*)(?:\s(?:[^>""']|""[^""]*""|'[^']*')*)?/?>",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Markup();
}

/// <summary>Workspaces name their time zone by IANA id; an unknown id falls back to UTC rather than failing a request.</summary>
public static class WorkspaceTimeZones
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Cache = new(StringComparer.Ordinal);

    public static TimeZoneInfo Resolve(string? id) =>
        string.IsNullOrWhiteSpace(id) ? TimeZoneInfo.Utc : Cache.GetOrAdd(id, static key =>
            TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : TimeZoneInfo.Utc);

    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
}

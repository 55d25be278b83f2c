using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Parley.Features.Templates;

/// <summary>A template variable: <c>@name</c> in text, a mention tag in storage.</summary>
public sealed record TemplateVariable(string Name, string Title, string Fallback);

/// <summary>What a template is filled with: a review's or a feedback's customer data. Null or blank = unknown.</summary>
public sealed record TemplateData(
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    int? Rating,
    DateTime? Date,
    string? ServiceName,
    string? EmployeeName,
    string? OrderNo);

/// <summary>Filled text (plain, no markup) and the variables the data could not fill (their fallbacks were used).</summary>
public sealed record RenderedTemplate(string Text, IReadOnlyList<string> MissingVariables)
{
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>
/// Template content in both directions. On save (<see cref="ToStorage"/>): markup other than mention tags is removed, text is
/// HTML-escaped, and each of the ten known <c>@variables</c> becomes the contract's mention tag
/// (<c>&lt;link rel="mention" name="pelne_imie" title="…"&gt;@pelne_imie&lt;/link&gt;</c>); other <c>@words</c> stay text.
/// At use (<see cref="Render"/>): mention tags and plain <c>@variables</c> alike become values, missing ones a fallback.
/// </summary>
public sealed partial class TemplateRenderer
{
    /// <summary>The contract's variables. Fallbacks keep a sentence readable ("Dzień dobry Kliencie,"); empty ones are removed with their spacing.</summary>
    public static readonly IReadOnlyList<TemplateVariable> Variables =
    [
        new("imie", "Imię klienta", "Kliencie"),
        new("nazwisko", "Nazwisko klienta", ""),
        new("pelne_imie", "Pełne imię (imię + nazwisko)", "Kliencie"),
        new("email", "Email klienta", ""),
        new("telefon", "Numer telefonu", ""),
        new("ocena", "Ocena (liczba)", ""),
        new("data", "Data opinii", ""),
        new("usluga", "Nazwa usługi", ""),
        new("pracownik", "Imię pracownika", ""),
        new("zamowienie", "Numer zamówienia", ""),
    ];

    private static readonly Dictionary<string, TemplateVariable> ByName = Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);

    /// <summary>Elements dropped with everything inside them.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math", "select", "xmp", "head",
    };

    /// <summary>Elements whose end is a line break in text.</summary>
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    };

    private const char EmptyMarker = '\u0001';

    /// <summary>Sanitises content and converts plain variables to mention tags (idempotent: stored content stays the same).</summary>
    public string ToStorage(string content)
    {
        var output = new StringBuilder(content.Length + 64);
        foreach (var segment in Parse(content))
        {
            switch (segment)
            {
                case MentionSegment mention:
                    AppendMention(output, mention.Name);
                    break;
                case TextSegment text:
                    var last = 0;
                    foreach (Match match in PlainVariable().Matches(text.Text))
                    {
                        AppendEscaped(output, text.Text.AsSpan(last, match.Index - last));
                        AppendMention(output, match.Groups["name"].Value);
                        last = match.Index + match.Length;
                    }

                    AppendEscaped(output, text.Text.AsSpan(last));
                    break;
            }
        }

        return TrimLines(output.ToString());
    }

    /// <summary>Fills the variables (mention tags and plain <c>@name</c>) and returns plain text; <c>@data</c> is DD.MM.YYYY in <paramref name="timeZone"/>.</summary>
    public RenderedTemplate Render(string content, TemplateData data, TimeZoneInfo timeZone)
    {
        var missing = new List<string>();
        var output = new StringBuilder(content.Length);
        foreach (var segment in Parse(content))
        {
            switch (segment)
            {
                case MentionSegment mention:
                    AppendValue(output, mention.Name, data, timeZone, missing);
                    break;
                case TextSegment text:
                    var last = 0;
                    foreach (Match match in PlainVariable().Matches(text.Text))
                    {
                        output.Append(text.Text.AsSpan(last, match.Index - last));
                        AppendValue(output, match.Groups["name"].Value, data, timeZone, missing);
                        last = match.Index + match.Length;
                    }

                    output.Append(text.Text.AsSpan(last));
                    break;
            }
        }

        return new RenderedTemplate(TrimLines(RemoveEmptyValues(output.ToString())), missing);
    }

    /// <summary>The variables a content uses (mention tags and plain), in order of first use.</summary>
    public IReadOnlyList<string> UsedVariables(string content)
    {
        var used = new List<string>();
        foreach (var segment in Parse(content))
        {
            if (segment is MentionSegment mention)
            {
                AddOnce(used, mention.Name);
            }
            else if (segment is TextSegment text)
            {
                foreach (Match match in PlainVariable().Matches(text.Text))
                {
                    AddOnce(used, match.Groups["name"].Value);
                }
            }
        }

        return used;
    }

    /// <summary>Plain text of content: markup removed, entities decoded, variables left as <c>@name</c>.</summary>
    public string ToPlainText(string content)
    {
        var output = new StringBuilder(content.Length);
        foreach (var segment in Parse(content))
        {
            output.Append(segment is MentionSegment mention ? "@" + mention.Name : ((TextSegment)segment).Text);
        }

        return TrimLines(output.ToString());
    }

    public static string? ValueOf(string variable, TemplateData data, TimeZoneInfo timeZone)
    {
        static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return variable switch
        {
            "imie" => Clean(data.FirstName),
            "nazwisko" => Clean(data.LastName),
            "pelne_imie" => Clean(string.Join(' ', new[] { Clean(data.FirstName), Clean(data.LastName) }.Where(p => p is not null))),
            "email" => Clean(data.Email),
            "telefon" => Clean(data.Phone),
            "ocena" => data.Rating?.ToString(CultureInfo.InvariantCulture),
            "data" => data.Date is { } date
                ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(date, DateTimeKind.Utc), timeZone).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
                : null,
            "usluga" => Clean(data.ServiceName),
            "pracownik" => Clean(data.EmployeeName),
            "zamowienie" => Clean(data.OrderNo),
            _ => null,
        };
    }

    /// <summary>Splits a person's name as platforms give it ("Anna Nowak", "Anna") into first and last name.</summary>
    public static (string? First, string? Last) SplitName(string? fullName)
    {
        var parts = (fullName ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => (null, null),
            1 => (parts[0], null),
            _ => (parts[0], string.Join(' ', parts[1..])),
        };
    }

    private static void AppendValue(StringBuilder output, string name, TemplateData data, TimeZoneInfo timeZone, List<string> missing)
    {
        var value = ValueOf(name, data, timeZone);
        if (value is null)
        {
            AddOnce(missing, name);
            value = ByName[name].Fallback;
        }

        if (value.Length == 0)
        {
            output.Append(EmptyMarker);
        }
        else
        {
            output.Append(value);
        }
    }

    /// <summary>An empty value takes its spacing with it: "Dzień dobry @x," becomes "Dzień dobry,", "a @x b" becomes "a b".</summary>
    private static string RemoveEmptyValues(string text)
    {
        if (!text.Contains(EmptyMarker, StringComparison.Ordinal))
        {
            return text;
        }

        text = EmptyAtLineStart().Replace(text, "$1");
        text = EmptyBeforePunctuation().Replace(text, string.Empty);
        text = EmptyInside().Replace(text, " ");
        return text.Replace(EmptyMarker.ToString(), string.Empty, StringComparison.Ordinal);
    }

    private static void AddOnce(List<string> list, string name)
    {
        if (!list.Contains(name))
        {
            list.Add(name);
        }
    }

    private static void AppendMention(StringBuilder output, string name) =>
        output.Append("<link rel=\"mention\" name=\"").Append(name).Append("\" title=\"").Append(ByName[name].Title).Append("\">@").Append(name).Append("</link>");

    private static void AppendEscaped(StringBuilder output, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '\r': break;
                default:
                    if (!char.IsControl(c) || c is '\n' or '\t')
                    {
                        output.Append(c);
                    }

                    break;
            }
        }
    }

    private static string TrimLines(string text) => text.Replace("\r", string.Empty, StringComparison.Ordinal).Trim();

    private abstract record Segment;

    private sealed record TextSegment(string Text) : Segment;

    private sealed record MentionSegment(string Name) : Segment;

    /// <summary>Text (entities decoded) and known mention tags; every other piece of markup is dropped.</summary>
    private static List<Segment> Parse(string content)
    {
        var segments = new List<Segment>();
        var text = new StringBuilder();
        void FlushText()
        {
            if (text.Length > 0)
            {
                segments.Add(new TextSegment(WebUtility.HtmlDecode(text.ToString())));
                text.Clear();
            }
        }

        var position = 0;
        while (position < content.Length)
        {
            var match = Markup().Match(content, position);
            if (!match.Success)
            {
                text.Append(content, position, content.Length - position);
                break;
            }

            text.Append(content, position, match.Index - position);
            position = match.Index + match.Length;
            if (!match.Groups["name"].Success)
            {
                continue; // comment, doctype, processing instruction
            }

            var element = match.Groups["name"].Value;
            var closing = match.Groups["close"].Success;
            if (closing)
            {
                if (BlockElements.Contains(element))
                {
                    text.Append('\n');
                }

                continue;
            }

            if (element.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                text.Append('\n');
            }
            else if (DroppedWithContent.Contains(element))
            {
                var end = new Regex($@"</\s*{Regex.Escape(element)}\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                    .Match(content, position);
                position = end.Success ? end.Index + end.Length : content.Length;
            }
            else if (element.Equals("link", StringComparison.OrdinalIgnoreCase) &&
                     NameAttribute().Match(match.Groups["attrs"].Value) is { Success: true } nameAttribute &&
                     ByName.ContainsKey(MentionName(nameAttribute)))
            {
                FlushText();
                segments.Add(new MentionSegment(MentionName(nameAttribute)));
                // The tag's label ("@pelne_imie") belongs to the tag: skip it with the closing tag.
                var close = LinkClose().Match(content, position);
                if (close.Success && close.Index - position <= 200 && content.IndexOf('<', position, close.Index - position) < 0)
                {
                    position = close.Index + close.Length;
                }
            }
        }

        FlushText();
        return segments;
    }

    private static string MentionName(Match attribute) =>
        (attribute.Groups["dq"].Success ? attribute.Groups["dq"].Value
            : attribute.Groups["sq"].Success ? attribute.Groups["sq"].Value
            : attribute.Groups["bare"].Value).Trim().TrimStart('@');

    [GeneratedRegex(@"<!--[\s\S]*?(?:-->|$)|<[!?][^>]*>|<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9:-]*)(?<attrs>(?:\s(?:[^>""']|""[^""]*""|'[^']*')*)?/?)>",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Markup();

    [GeneratedRegex(@"\bname\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s>""']+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NameAttribute();

    [GeneratedRegex(@"</\s*link\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinkClose();

    /// <summary>The ten variables, longest first, not inside a word or an email address and not followed by a word character.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.@+\-])@(?<name>pelne_imie|zamowienie|pracownik|nazwisko|telefon|usluga|email|ocena|imie|data)(?![\p{L}\p{N}_])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlainVariable();

    [GeneratedRegex("(^|\n)[ \t]*\u0001[ \t]*[,;:]?[ \t]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmptyAtLineStart();

    [GeneratedRegex("[ \t]*\u0001[ \t]*(?=[,.!?;:…)]|\n|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmptyBeforePunctuation();

    [GeneratedRegex("[ \t]*\u0001[ \t]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmptyInside();
}

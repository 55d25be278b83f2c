using System.Text;

namespace Parley.Features.Ai.Engine;

/// <summary>Builds a review reply from per-language templates; the same input always yields the same reply.</summary>
public sealed class ReplyComposer(LanguageDetector detector, SentimentAnalyzer sentiment, ThemeClassifier themes)
{
    private const int MaxThemeSentences = 2;
    private const string DefaultLanguage = Language.Polish;

    public ReplyComposer()
        : this(new LanguageDetector())
    {
    }

    private ReplyComposer(LanguageDetector detector)
        : this(detector, new SentimentAnalyzer(detector), new ThemeClassifier())
    {
    }

    public ComposedReply Compose(ReplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Text ?? string.Empty;
        var lang = ResolveLanguage(request.Language, text);
        var band = Band(request.Rating, text, lang);
        var templates = ReplyTemplates.For(lang);
        var hash = StableHash(text, request.Rating ?? 0);
        var bandTemplates = templates.Bands[band];
        var openingIndex = (int)(hash % (uint)bandTemplates.Openings.Count);
        var closingIndex = (int)((hash >> 11) % (uint)bandTemplates.Closings.Count);

        var business = request.BusinessName?.Trim() ?? string.Empty;
        var businessInText = business.Length > 0 ? business : templates.BusinessFallback;
        var builder = new StringBuilder(256);
        builder.Append(Greeting(templates, lang, request.AuthorName)).Append("\n\n");
        builder.Append(bandTemplates.Openings[openingIndex].Replace("{business}", businessInText, StringComparison.Ordinal));

        var key = new StringBuilder().Append(lang).Append('.').Append(band).Append(".o").Append(openingIndex).Append(".c").Append(closingIndex);
        var used = 0;
        foreach (var theme in ThemesFor(request, text, lang))
        {
            if (used == MaxThemeSentences)
            {
                break;
            }

            if (templates.Themes.TryGetValue(theme, out var byBand) && byBand.TryGetValue(band, out var sentence))
            {
                builder.Append(' ').Append(sentence);
                key.Append('+').Append(theme);
                used++;
            }
        }

        builder.Append(' ').Append(bandTemplates.Closings[closingIndex]).Append("\n\n");
        builder.Append(business.Length > 0
            ? templates.Signature.Replace("{business}", business, StringComparison.Ordinal)
            : templates.SignatureAnonymous);
        return new ComposedReply(builder.ToString(), lang, key.ToString());
    }

    private string ResolveLanguage(string? requested, string text)
    {
        if (Language.IsSupported(requested))
        {
            return requested!;
        }

        var guess = detector.Detect(text).Code;
        return Language.IsSupported(guess) ? guess : DefaultLanguage;
    }

    private string Band(int? rating, string text, string lang) => rating switch
    {
        <= 2 => SentimentResult.Negative,
        3 => SentimentResult.Neutral,
        >= 4 => SentimentResult.Positive,
        null => sentiment.Analyze(text, lang).Label,
    };

    private IEnumerable<string> ThemesFor(ReplyRequest request, string text, string lang)
    {
        if (request.Themes is { Count: > 0 })
        {
            return request.Themes;
        }

        return themes.Classify(text, lang, ThemeTaxonomy.Default).Select(m => m.Key);
    }

    private static string Greeting(ReplyTemplates templates, string lang, string? authorName)
    {
        var first = FirstName(authorName);
        var address = first is null ? null : lang == Language.Polish ? PolishVocative.PoliteAddress(first) : first;
        return address is null
            ? templates.GreetingAnonymous
            : templates.GreetingNamed.Replace("{name}", address, StringComparison.Ordinal);
    }

    /// <summary>The first word of the author name when it looks like a real name (letters only), capitalised.</summary>
    private static string? FirstName(string? authorName)
    {
        var trimmed = authorName.AsSpan().Trim();
        var space = trimmed.IndexOfAny(' ', '\t');
        var first = space < 0 ? trimmed : trimmed[..space];
        if (first.Length < 2)
        {
            return null;
        }

        foreach (var c in first)
        {
            if (!char.IsLetter(c) && c != '-')
            {
                return null;
            }
        }

        return string.Concat(char.ToUpperInvariant(first[0]).ToString(), first[1..].ToString().ToLowerInvariant());
    }

    /// <summary>FNV-1a, because string.GetHashCode is randomised per process.</summary>
    private static uint StableHash(string text, int salt)
    {
        var hash = 2166136261u ^ (uint)salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

using System.Text.Json.Serialization;
using Parley.Features.Templates;

namespace Parley.Features.AutoReply;

/// <summary>A review or an intercepted feedback, as the engine sees it.</summary>
public sealed record AutoReplyItem(
    string Type,
    string Id,
    string Source,
    int Rating,
    string Content,
    DateTime Date,
    bool Read,
    bool Answered,
    string AuthorName,
    string? Email,
    string? Phone,
    TemplateData Data)
{
    /// <summary>The contract's status words for the item: <c>new</c> until opened, then <c>read</c>.</summary>
    public string Status => Read ? AutoReplyItemStatuses.Read : AutoReplyItemStatuses.New;

    public string LiveKey => Type + ":" + Id;

    public string? CustomerEmail => string.IsNullOrWhiteSpace(Email) ? null : Email.Trim().ToLowerInvariant();

    /// <summary>Digits only, the last nine (Polish numbers with or without +48); null when fewer than six digits.</summary>
    public string? CustomerPhone
    {
        get
        {
            var digits = new string((Phone ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
            return digits.Length < 6 ? null : digits.Length > 9 ? digits[^9..] : digits;
        }
    }

    /// <summary>Source and author name folded: the same name on the same platform is the same customer.</summary>
    public string? CustomerAuthor
    {
        get
        {
            var name = string.Join(' ', KeywordMatcher.Words(Ai.Engine.TextNormalizer.Normalize(AuthorName)));
            return name.Length == 0 ? null : $"{Source}:{(name.Length > 200 ? name[..200] : name)}";
        }
    }
}

/// <summary>A template the engine may choose from, with the variables it uses (computed once).</summary>
public sealed record CatalogTemplate(string Id, string Name, string Content, int Rating, bool Active, bool AutoReply, DateTime CreatedAt, IReadOnlyList<string> Variables)
{
    /// <summary>The template rendered once with placeholder values (see <see cref="TemplatePlan"/>); filled per item without parsing again.</summary>
    internal TemplatePlan? Plan { get; set; }
}

/// <summary>
/// The workspace's templates indexed for the strategies: active auto-reply templates per rating (oldest first) and, for
/// <c>first_available</c>, in order of distance from each rating. Built once per catalog, shared by its evaluations.
/// </summary>
public sealed class TemplateCatalog
{
    private readonly CatalogTemplate[][] _byRating = new CatalogTemplate[6][];
    private readonly CatalogTemplate[][] _nearest = new CatalogTemplate[6][];

    public TemplateCatalog(IEnumerable<CatalogTemplate> templates)
    {
        All = templates.ToList();
        var usable = All.Where(t => t.Active && t.AutoReply).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        for (var rating = 1; rating <= 5; rating++)
        {
            var r = rating;
            _byRating[r] = usable.Where(t => t.Rating == r).ToArray();
            _nearest[r] = usable.OrderBy(t => Math.Abs(t.Rating - r)).ThenBy(t => t.Rating).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToArray();
        }
    }

    public IReadOnlyList<CatalogTemplate> All { get; }

    public IReadOnlyList<CatalogTemplate> ForRating(int rating) => rating is >= 1 and <= 5 ? _byRating[rating] : [];

    public IReadOnlyList<CatalogTemplate> NearestTo(int rating) => rating is >= 1 and <= 5 ? _nearest[rating] : [];

    public CatalogTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    public static implicit operator TemplateCatalog(List<CatalogTemplate> templates) => new(templates);

    public static implicit operator TemplateCatalog(CatalogTemplate[] templates) => new(templates);
}

/// <summary>A rule prepared for evaluation: keywords compiled, schedule parsed.</summary>
public sealed class CompiledRule
{
    public CompiledRule(AutoReplyRule rule)
    {
        Rule = rule;
        Keywords = rule.Keywords.Select(KeywordMatcher.Compile).OfType<KeywordMatcher>().ToArray();
        Schedule = ScheduleSpec.From(rule);
        RatingText = rule.RatingOperator switch
        {
            RatingOperators.Eq => $"= {rule.RatingValue}",
            RatingOperators.Gte => $"≥ {rule.RatingValue}",
            RatingOperators.Lte => $"≤ {rule.RatingValue}",
            RatingOperators.Between => $"between {rule.RatingMin} and {rule.RatingMax}",
            _ => "",
        };
        SourcesText = string.Join(", ", rule.Sources);
        StatusesText = string.Join(", ", rule.Statuses);
        KeywordsText = string.Join(", ", Keywords.Select(k => $"\"{k.Original}\""));
    }

    public AutoReplyRule Rule { get; }
    public KeywordMatcher[] Keywords { get; }
    public ScheduleSpec Schedule { get; }

    /// <summary>Pieces of the trace's wording, prepared once (the engine writes a trace for every evaluation).</summary>
    internal string RatingText { get; }
    internal string SourcesText { get; }
    internal string StatusesText { get; }
    internal string KeywordsText { get; }

    internal int ConditionCount =>
        (Rule.RatingOperator is null ? 0 : 1) + (Rule.Sources.Count > 0 ? 1 : 0) + (Rule.Statuses.Count > 0 ? 1 : 0) + (Keywords.Length > 0 ? 1 : 0);

    internal static readonly TraceCondition[] AnyCondition = [new("any", TraceResults.Passed, "The rule has no conditions: it matches every item.")];

    private readonly TraceCondition?[] _rating = new TraceCondition?[7];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, bool), TraceCondition> _other = new();
    private TraceCondition?[]? _keywords;

    internal TraceCondition RatingCondition(int rating, bool ok) =>
        rating is >= 0 and <= 6
            ? _rating[rating] ??= new TraceCondition("rating", ok ? TraceResults.Passed : TraceResults.Failed, $"Rating {rating} {(ok ? "is" : "is not")} {RatingText}.")
            : new TraceCondition("rating", ok ? TraceResults.Passed : TraceResults.Failed, $"Rating {rating} {(ok ? "is" : "is not")} {RatingText}.");

    internal TraceCondition SourceCondition(string source, bool ok) =>
        _other.GetOrAdd(("source:" + source, ok), static (key, texts) => new TraceCondition("source", key.Item2 ? TraceResults.Passed : TraceResults.Failed,
            $"Source {key.Item1[7..]} {(key.Item2 ? "is" : "is not")} one of {texts}."), SourcesText);

    internal TraceCondition StatusCondition(string status, bool ok) =>
        _other.GetOrAdd(("status:" + status, ok), static (key, texts) => new TraceCondition("status", key.Item2 ? TraceResults.Passed : TraceResults.Failed,
            $"Status {key.Item1[7..]} {(key.Item2 ? "is" : "is not")} one of {texts}."), StatusesText);

    /// <summary><paramref name="found"/>: the index of the keyword that appears, or -1.</summary>
    internal TraceCondition KeywordCondition(int found)
    {
        _keywords ??= new TraceCondition?[Keywords.Length + 1];
        return _keywords[found + 1] ??= found < 0
            ? new TraceCondition("keywords", TraceResults.Failed, $"None of {KeywordsText} appears in the text.")
            : new TraceCondition("keywords", TraceResults.Passed, $"The text mentions \"{Keywords[found].Original}\".");
    }
    public string Id => Rule.Id;
    public string Name => Rule.Name;
}

/// <summary>Settings prepared for evaluation.</summary>
public sealed class CompiledSettings(AutoReplySettings settings)
{
    private readonly string?[] _ages = new string?[Math.Clamp(settings.MaxAgeDays, 0, 3650) + 2];

    public AutoReplySettings Settings { get; } = settings;
    public KeywordMatcher[] ApprovalKeywords { get; } = settings.RequireApprovalKeywords.Select(KeywordMatcher.Compile).OfType<KeywordMatcher>().ToArray();

    internal string NoCooldownHit { get; } = $"No auto-reply went to this customer in the last {settings.CooldownDays} days.";

    /// <summary>"Written 3 days ago, within the 30-day limit." — one wording per whole day, prepared on first use.</summary>
    internal string AgeWithinLimit(double ageDays)
    {
        var days = ageDays < 1 ? 0 : (int)Math.Floor(ageDays);
        string Text() => $"Written {(days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago")}, within the {Settings.MaxAgeDays}-day limit.";
        return days < _ages.Length ? _ages[days] ??= Text() : Text();
    }
}

/// <summary>What the database knows about an item and its customer, loaded before the (pure) evaluation.</summary>
public sealed record EvaluationFacts(
    string? ExistingEntryId,
    string? ExistingEntryState,
    CooldownHit? Cooldown,
    double? ResponseRatePercent,
    int ResponseRateItems)
{
    public static readonly EvaluationFacts None = new(null, null, null, null, 0);
}

/// <summary>An earlier auto-reply to the same customer: which entry, when, and what identified the customer.</summary>
public sealed record CooldownHit(string EntryId, DateTime CreatedAt, string MatchedBy);

/// <summary>One step of an evaluation, as stored and returned by <c>GET /auto-reply/evaluations</c>.</summary>
public sealed record TraceStep(
    string Step,
    string Result,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RuleId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RuleName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TemplateId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TraceCondition>? Conditions = null);

public sealed record TraceCondition(string Condition, string Result, string Detail);

/// <summary>What an evaluation decided.</summary>
public sealed class EvaluationResult
{
    public required string Outcome { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<TraceStep> Steps { get; init; }
    public CompiledRule? Rule { get; init; }
    public CatalogTemplate? Template { get; init; }
    public string? Content { get; init; }
    public bool RequiresApproval { get; init; }
    public IReadOnlyList<string> ApprovalReasons { get; init; } = [];
    public DateTime? DueAt { get; init; }

    /// <summary>Temporary outcomes (response rate) are evaluated again after this time.</summary>
    public DateTime? RecheckAt { get; init; }

    /// <summary>Whether the evaluation produces an auto-reply.</summary>
    public bool CreatesEntry => Outcome is EvaluationOutcomes.Queued or EvaluationOutcomes.AwaitingApproval;

    /// <summary>Rule tests: the tested rule's conditions held (a template may still have been missing).</summary>
    public bool ConditionsMatched { get; init; }

    /// <summary>Rule tests: the gates (settings, limits) that would stop the engine from sending for this item.</summary>
    public IReadOnlyList<string> BlockedBy { get; init; } = [];
}

/// <summary>
/// A template rendered once by <see cref="TemplateRenderer"/> with placeholder values, so filling it for an item is a single
/// pass that asks <see cref="TemplateRenderer.ValueOf"/> for each variable — the renderer's markup handling, decoding and
/// values, without parsing the template for every item. Used only for complete data (templates with a missing value are
/// never sent); a template whose text happens to contain a placeholder is rendered in full instead.
/// </summary>
internal sealed class TemplatePlan
{
    private const char Open = '\u0002';
    private const char Close = '\u0003';
    private const string RatingPlaceholder = "987654321";
    private const string DatePlaceholder = "03.02.1901";
    private const string FullNamePlaceholder = "\u0002imie\u0003 \u0002nazwisko\u0003";

    private static readonly TemplateData Placeholders = new("\u0002imie\u0003", "\u0002nazwisko\u0003", "\u0002email\u0003", "\u0002telefon\u0003",
        987654321, new DateTime(1901, 2, 3, 12, 0, 0, DateTimeKind.Utc), "\u0002usluga\u0003", "\u0002pracownik\u0003", "\u0002zamowienie\u0003");

    private readonly string? _plan;
    private readonly string _content;
    private readonly bool _rating;
    private readonly bool _date;

    public TemplatePlan(TemplateRenderer renderer, string content)
    {
        _content = content;
        var plain = renderer.ToPlainText(content);
        if (plain.Contains(Open) || plain.Contains(Close) || plain.Contains(RatingPlaceholder, StringComparison.Ordinal) ||
            plain.Contains(DatePlaceholder, StringComparison.Ordinal))
        {
            return;
        }

        _plan = renderer.Render(content, Placeholders, TimeZoneInfo.Utc).Text;
        _rating = _plan.Contains(RatingPlaceholder, StringComparison.Ordinal);
        _date = _plan.Contains(DatePlaceholder, StringComparison.Ordinal);
    }

    /// <summary>The filled text; the same as <c>renderer.Render(content, data, zone).Text</c> for data that fills every variable.</summary>
    public string Fill(TemplateRenderer renderer, TemplateData data, TimeZoneInfo zone)
    {
        if (_plan is null)
        {
            return renderer.Render(_content, data, zone).Text;
        }

        var output = new System.Text.StringBuilder(_plan.Length + 64);
        var i = 0;
        while (i < _plan.Length)
        {
            var open = _plan.IndexOf(Open, i);
            if (open < 0)
            {
                output.Append(_plan, i, _plan.Length - i);
                break;
            }

            output.Append(_plan, i, open - i);
            if (string.CompareOrdinal(_plan, open, FullNamePlaceholder, 0, FullNamePlaceholder.Length) == 0)
            {
                output.Append(TemplateRenderer.ValueOf("pelne_imie", data, zone));
                i = open + FullNamePlaceholder.Length;
                continue;
            }

            var close = _plan.IndexOf(Close, open);
            output.Append(TemplateRenderer.ValueOf(_plan[(open + 1)..close], data, zone));
            i = close + 1;
        }

        if (_rating)
        {
            output.Replace(RatingPlaceholder, TemplateRenderer.ValueOf("ocena", data, zone));
        }

        if (_date)
        {
            output.Replace(DatePlaceholder, TemplateRenderer.ValueOf("data", data, zone));
        }

        // The renderer drops carriage returns from the whole text, values included.
        return output.Replace("\r", string.Empty).ToString();
    }
}

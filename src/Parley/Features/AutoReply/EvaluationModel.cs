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
public sealed record CatalogTemplate(string Id, string Name, string Content, int Rating, bool Active, bool AutoReply, DateTime CreatedAt, IReadOnlyList<string> Variables);

/// <summary>A rule prepared for evaluation: keywords compiled, schedule parsed.</summary>
public sealed class CompiledRule
{
    public CompiledRule(AutoReplyRule rule)
    {
        Rule = rule;
        Keywords = rule.Keywords.Select(KeywordMatcher.Compile).OfType<KeywordMatcher>().ToArray();
        Schedule = ScheduleSpec.From(rule);
    }

    public AutoReplyRule Rule { get; }
    public KeywordMatcher[] Keywords { get; }
    public ScheduleSpec Schedule { get; }
    public string Id => Rule.Id;
    public string Name => Rule.Name;
}

/// <summary>Settings prepared for evaluation.</summary>
public sealed class CompiledSettings(AutoReplySettings settings)
{
    public AutoReplySettings Settings { get; } = settings;
    public KeywordMatcher[] ApprovalKeywords { get; } = settings.RequireApprovalKeywords.Select(KeywordMatcher.Compile).OfType<KeywordMatcher>().ToArray();
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

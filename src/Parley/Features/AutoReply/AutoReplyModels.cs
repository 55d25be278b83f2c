using System.Text.Json.Serialization;

namespace Parley.Features.AutoReply;

/// <summary>The contract's AutoReplySettings (plus <c>updated_at</c>, null while the defaults apply).</summary>
public sealed record AutoReplySettingsView(
    bool Enabled,
    bool RequireApproval,
    bool EmailNotifications,
    int ApprovalTimeoutHours,
    int DailyLimit,
    int CooldownDays,
    int MaxAgeDays,
    double? ResponseRateThreshold,
    IReadOnlyList<int> RequireApprovalForRatings,
    IReadOnlyList<string> RequireApprovalKeywords,
    DateTime? UpdatedAt);

public sealed record RatingConditionView(
    string Operator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Max);

/// <summary>A rule's conditions; a condition that is not set is left out.</summary>
public sealed record RuleConditionsView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RatingConditionView? Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Keywords);

public sealed record TimeWindowView(string Start, string End);

public sealed record RuleScheduleView(string Type, int DelayMinutes, TimeWindowView? TimeWindow, bool WeekdaysOnly);

public sealed record TemplateSelectionView(string Strategy, string? FallbackTemplateId);

/// <summary>The contract's AutoReplyRule plus <c>priority</c> (lower is evaluated first).</summary>
public sealed record AutoReplyRuleView(
    string Id,
    string Name,
    bool Enabled,
    int Priority,
    RuleConditionsView Conditions,
    RuleScheduleView Schedule,
    TemplateSelectionView TemplateSelection,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>
/// The contract's AutoReplyHistory, plus what a person needs to trust it: the detailed <c>state</c>, when it is
/// <c>due_at</c>, why it needs approval, attempts, how it was delivered and the last note.
/// </summary>
public sealed record AutoReplyHistoryView(
    string Id,
    string ReviewId,
    string ReviewType,
    string TemplateId,
    string TemplateName,
    string RuleId,
    string RuleName,
    string Content,
    string Status,
    DateTime CreatedAt,
    DateTime? SentAt,
    string? ApprovedBy,
    DateTime? ApprovedAt,
    DateTime? CancelledAt,
    string? ErrorMessage,
    string State,
    string Source,
    int Rating,
    DateTime DueAt,
    bool RequiresApproval,
    IReadOnlyList<string> ApprovalReasons,
    bool AutoApproved,
    int Attempts,
    string? Delivery,
    string? DeliveryDetail,
    string? Note,
    string? CancelReason,
    string GeneratedContent);

/// <summary>The contract's approve response, plus <c>state</c>, <c>due_at</c> and <c>error_message</c> (a reply due later stays pending).</summary>
public sealed record ApproveResult(string Id, string Status, string Content, DateTime? SentAt, DateTime? ApprovedAt, string? ApprovedBy,
    string State, DateTime DueAt, string? ErrorMessage);

public sealed record CancelResult(string Id, string Status, DateTime? CancelledAt);

public sealed record RetryResult(string Id, string Status, DateTime? SentAt, string? ErrorMessage, string State, DateTime DueAt);

/// <summary>The contract's AutoReplyStats.</summary>
public sealed record AutoReplyStatsView(
    int TotalSent,
    int TotalPending,
    int TotalFailed,
    int TotalAutoReplies,
    int GoogleAutoReplies,
    int InterceptedAutoReplies,
    double TimeSavedHours);

public sealed record RuleTestTemplate(string Id, string Name, string Content);

/// <summary>The contract's <c>feedbackData</c>: the item's customer data, empty strings where unknown.</summary>
public sealed record RuleTestData(
    string Name,
    string Surname,
    string Email,
    string Phone,
    int Rating,
    DateTime Date,
    string ServiceName,
    string EmployeeName,
    string OrderNo,
    string Source);

/// <summary>
/// The contract's test response: <c>matches</c> with the template, the filled <c>preview</c> and <c>feedbackData</c>, or
/// <c>matches: false</c> with a <c>message</c>. Both carry the evaluation's <c>trace</c> and, when the engine would not send for
/// this item right now (switched off, already answered, limits), <c>blocked_by</c>.
/// </summary>
public sealed record RuleTestResult(
    bool Matches,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RuleTestTemplate? Template,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preview,
    [property: JsonPropertyName("feedbackData"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RuleTestData? FeedbackData,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequiresApproval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ApprovalReasons,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? DueAt,
    IReadOnlyList<string> BlockedBy,
    IReadOnlyList<TraceStep> Trace);

/// <summary>One stored evaluation of an item (<c>id</c> null for an unsaved preview): what was decided and every step of why.</summary>
public sealed record EvaluationView(
    string? Id,
    string ReviewId,
    string ReviewType,
    string Trigger,
    string Outcome,
    string Summary,
    string? RuleId,
    string? TemplateId,
    string? HistoryId,
    DateTime EvaluatedAt,
    DateTime? RecheckAt,
    IReadOnlyList<TraceStep> Steps);

/// <summary>Filters of <c>GET /auto-reply/history</c>; null or <c>all</c> means no filter.</summary>
public sealed record HistoryQuery(string? Status = null, string? ReviewType = null, string? RuleId = null, string? ReviewId = null, string? State = null);

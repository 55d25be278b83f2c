using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>A workspace's auto-reply settings; a workspace without a row uses <see cref="AutoReplyDefaults"/>.</summary>
public sealed class AutoReplySettings : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public bool Enabled { get; set; }
    public bool RequireApproval { get; set; } = true;
    public bool EmailNotifications { get; set; }

    /// <summary>Pending approvals are approved automatically after this many hours; 0 = never.</summary>
    public int ApprovalTimeoutHours { get; set; } = 24;

    public int DailyLimit { get; set; } = 50;
    public int CooldownDays { get; set; } = 7;
    public int MaxAgeDays { get; set; } = 30;

    /// <summary>0–100; null = no threshold.</summary>
    public double? ResponseRateThreshold { get; set; } = 95;

    public List<int> RequireApprovalForRatings { get; set; } = [1, 2];
    public List<string> RequireApprovalKeywords { get; set; } = ["reklamacja", "problem", "skarga"];

    /// <summary>When auto-replies were last switched on: the sweep only picks up missed items that arrived after it.</summary>
    public DateTime? EnabledAt { get; set; }

    public DateTime? UpdatedAt { get; set; }
}

/// <summary>A rule: conditions on a review or feedback, a schedule and a way to choose the template. Evaluated by <see cref="Priority"/>.</summary>
public sealed class AutoReplyRule : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Name { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Lower runs first; the first rule that matches and can fill a template wins.</summary>
    public int Priority { get; set; }

    /// <summary>One of <see cref="RatingOperators"/>; null = any rating.</summary>
    public string? RatingOperator { get; set; }
    public int? RatingValue { get; set; }
    public int? RatingMin { get; set; }
    public int? RatingMax { get; set; }

    /// <summary>Allowed sources (<see cref="AutoReplySources"/>); empty = any.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Allowed statuses (<see cref="AutoReplyItemStatuses"/>); empty = any.</summary>
    public List<string> Statuses { get; set; } = [];

    /// <summary>Any of these in the content (case- and diacritics-insensitive); empty = no keyword condition.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>One of <see cref="ScheduleTypes"/>.</summary>
    public string ScheduleType { get; set; } = ScheduleTypes.Immediate;
    public int DelayMinutes { get; set; }

    /// <summary>"HH:mm" in the workspace's time zone; both set for <c>scheduled</c>, may cross midnight.</summary>
    public string? WindowStart { get; set; }
    public string? WindowEnd { get; set; }
    public bool WeekdaysOnly { get; set; }

    /// <summary>One of <see cref="TemplateStrategies"/>.</summary>
    public string TemplateStrategy { get; set; } = TemplateStrategies.RatingMatch;
    public string? FallbackTemplateId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One auto-reply (the contract's history entry): <c>awaiting_approval | scheduled → sending → sent | failed</c>, or
/// <c>cancelled</c>. Every state is stored before the external call; the dispatcher claims a row with a conditional update
/// (token + lease), so no two dispatchers send it and a crash never resends it blindly.
/// </summary>
public sealed class AutoReplyEntry : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }

    /// <summary>One of <see cref="AutoReplyItemTypes"/>.</summary>
    public required string ItemType { get; set; }
    public required string ItemId { get; set; }

    /// <summary>The review's source, or <c>feedback</c>.</summary>
    public required string Source { get; set; }
    public int Rating { get; set; }

    /// <summary>When the customer wrote the item (UTC); response-rate figures exclude auto-answered items by it.</summary>
    public DateTime ItemDate { get; set; }

    public required string RuleId { get; set; }
    public required string RuleName { get; set; }
    public required string TemplateId { get; set; }
    public required string TemplateName { get; set; }

    /// <summary>What is (or was) sent: the filled template, or the approver's edit.</summary>
    public required string Content { get; set; }

    /// <summary>The filled template before any edit.</summary>
    public required string GeneratedContent { get; set; }

    /// <summary>One of <see cref="EntryStates"/>.</summary>
    public string State { get; set; } = EntryStates.Scheduled;

    /// <summary>"review:{id}" / "feedback:{id}" unless the entry was cancelled: unique, so an item never has two live auto-replies.</summary>
    public string? LiveKey { get; set; }

    public bool RequiresApproval { get; set; }
    public List<string> ApprovalReasons { get; set; } = [];

    /// <summary>When the schedule allows sending (UTC); the dispatcher takes entries whose time has come.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>The rule's schedule when the entry was made (<see cref="ScheduleSpec.ToStorage"/>): approvals and postponements keep to it.</summary>
    public string Schedule { get; set; } = ScheduleTypes.Immediate;

    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public bool AutoApproved { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    public DateTime? SentAt { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>Why the entry waits or what happened last (daily limit reached, retry planned…), for people.</summary>
    public string? Note { get; set; }

    public int Attempts { get; set; }

    /// <summary>The current claim: only the dispatcher holding it may record the outcome.</summary>
    public string? ClaimToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SendingStartedAt { get; set; }

    /// <summary>Passed to connectors and stored with the reply, so a repeated delivery can be recognised.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>One of <see cref="DeliveryKinds"/> once sent.</summary>
    public string? Delivery { get; set; }
    public string? DeliveryDetail { get; set; }

    /// <summary>The workspace-local day a daily-limit slot was taken for (released if the send fails).</summary>
    public DateOnly? SlotDay { get; set; }

    /// <summary>Normalised customer identity for the cooldown: email, phone digits, and source + author name.</summary>
    public string? CustomerEmail { get; set; }
    public string? CustomerPhone { get; set; }
    public string? CustomerAuthor { get; set; }

    public string? EvaluationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The trace of one evaluation of an item: which rules were considered and why, what was decided.</summary>
public sealed class AutoReplyEvaluation : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string ItemType { get; set; }
    public required string ItemId { get; set; }

    /// <summary>One of <see cref="EvaluationTriggers"/>.</summary>
    public required string Trigger { get; set; }

    /// <summary>One of <see cref="EvaluationOutcomes"/>.</summary>
    public required string Outcome { get; set; }
    public required string Summary { get; set; }
    public string? RuleId { get; set; }
    public string? TemplateId { get; set; }
    public string? EntryId { get; set; }

    /// <summary>The steps as JSON (<see cref="TraceStep"/> list).</summary>
    public required string Trace { get; set; }

    /// <summary>Set when the outcome is temporary (response rate): the sweep evaluates the item again after this time.</summary>
    public DateTime? RecheckAt { get; set; }

    public DateTime EvaluatedAt { get; set; }
}

/// <summary>Daily-limit slots taken per workspace and workspace-local day; taken with a conditional update, so two dispatchers cannot exceed it.</summary>
public sealed class AutoReplyDailyCount : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}

internal static class JsonListConversion
{
    private static readonly JsonSerializerOptions Options = new();

    public static PropertyBuilder<List<T>> HasJsonConversion<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => string.IsNullOrEmpty(v) ? new List<T>() : JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
            new ValueComparer<List<T>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()));
}

internal sealed class AutoReplySettingsConfiguration : IEntityTypeConfiguration<AutoReplySettings>
{
    public void Configure(EntityTypeBuilder<AutoReplySettings> builder)
    {
        builder.ToTable("AutoReplySettings");
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.RequireApprovalForRatings).HasJsonConversion().HasMaxLength(64);
        builder.Property(s => s.RequireApprovalKeywords).HasJsonConversion().HasMaxLength(8000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutoReplyRuleConfiguration : IEntityTypeConfiguration<AutoReplyRule>
{
    public void Configure(EntityTypeBuilder<AutoReplyRule> builder)
    {
        builder.ToTable("AutoReplyRules");
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.WorkspaceId).HasMaxLength(32);
        builder.Property(r => r.Name).HasMaxLength(AutoReplyLimits.RuleNameMaxLength);
        builder.Property(r => r.RatingOperator).HasMaxLength(16);
        builder.Property(r => r.Sources).HasJsonConversion().HasMaxLength(256);
        builder.Property(r => r.Statuses).HasJsonConversion().HasMaxLength(128);
        builder.Property(r => r.Keywords).HasJsonConversion().HasMaxLength(8000);
        builder.Property(r => r.ScheduleType).HasMaxLength(16);
        builder.Property(r => r.WindowStart).HasMaxLength(5);
        builder.Property(r => r.WindowEnd).HasMaxLength(5);
        builder.Property(r => r.TemplateStrategy).HasMaxLength(32);
        builder.Property(r => r.FallbackTemplateId).HasMaxLength(32);
        builder.HasIndex(r => new { r.WorkspaceId, r.Priority });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutoReplyEntryConfiguration : IEntityTypeConfiguration<AutoReplyEntry>
{
    public void Configure(EntityTypeBuilder<AutoReplyEntry> builder)
    {
        builder.ToTable("AutoReplyEntries");
        builder.Property(e => e.Id).HasMaxLength(32);
        builder.Property(e => e.WorkspaceId).HasMaxLength(32);
        builder.Property(e => e.ItemType).HasMaxLength(16);
        builder.Property(e => e.ItemId).HasMaxLength(32);
        builder.Property(e => e.Source).HasMaxLength(16);
        builder.Property(e => e.RuleId).HasMaxLength(32);
        builder.Property(e => e.RuleName).HasMaxLength(AutoReplyLimits.RuleNameMaxLength);
        builder.Property(e => e.TemplateId).HasMaxLength(32);
        builder.Property(e => e.TemplateName).HasMaxLength(200);
        builder.Property(e => e.Content).HasMaxLength(AutoReplyLimits.ContentMaxLength);
        builder.Property(e => e.GeneratedContent).HasMaxLength(AutoReplyLimits.ContentMaxLength);
        builder.Property(e => e.State).HasMaxLength(24);
        builder.Property(e => e.LiveKey).HasMaxLength(64);
        builder.Property(e => e.Schedule).HasMaxLength(64);
        builder.Property(e => e.ApprovalReasons).HasJsonConversion().HasMaxLength(2000);
        builder.Property(e => e.ApprovedBy).HasMaxLength(64);
        builder.Property(e => e.CancelledBy).HasMaxLength(64);
        builder.Property(e => e.CancelReason).HasMaxLength(500);
        builder.Property(e => e.ErrorMessage).HasMaxLength(1000);
        builder.Property(e => e.Note).HasMaxLength(500);
        builder.Property(e => e.ClaimToken).HasMaxLength(32);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(64);
        builder.Property(e => e.Delivery).HasMaxLength(16);
        builder.Property(e => e.DeliveryDetail).HasMaxLength(500);
        builder.Property(e => e.CustomerEmail).HasMaxLength(256);
        builder.Property(e => e.CustomerPhone).HasMaxLength(32);
        builder.Property(e => e.CustomerAuthor).HasMaxLength(240);
        builder.Property(e => e.EvaluationId).HasMaxLength(32);

        // One auto-reply per item and rule (a repeated event is a no-op), and at most one live auto-reply per item.
        builder.HasIndex(e => new { e.WorkspaceId, e.ItemType, e.ItemId, e.RuleId }).IsUnique();
        builder.HasIndex(e => new { e.WorkspaceId, e.LiveKey }).IsUnique();
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        // The dispatcher's queries across workspaces: due entries, expired leases.
        builder.HasIndex(e => new { e.State, e.DueAt });
        builder.HasIndex(e => new { e.State, e.LeaseUntil });
        builder.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
        builder.HasIndex(e => new { e.WorkspaceId, e.State, e.CreatedAt });
        builder.HasIndex(e => new { e.WorkspaceId, e.CustomerEmail });
        builder.HasIndex(e => new { e.WorkspaceId, e.CustomerPhone });
        builder.HasIndex(e => new { e.WorkspaceId, e.CustomerAuthor });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutoReplyEvaluationConfiguration : IEntityTypeConfiguration<AutoReplyEvaluation>
{
    public void Configure(EntityTypeBuilder<AutoReplyEvaluation> builder)
    {
        builder.ToTable("AutoReplyEvaluations");
        builder.Property(e => e.Id).HasMaxLength(32);
        builder.Property(e => e.WorkspaceId).HasMaxLength(32);
        builder.Property(e => e.ItemType).HasMaxLength(16);
        builder.Property(e => e.ItemId).HasMaxLength(32);
        builder.Property(e => e.Trigger).HasMaxLength(16);
        builder.Property(e => e.Outcome).HasMaxLength(32);
        builder.Property(e => e.Summary).HasMaxLength(1000);
        builder.Property(e => e.RuleId).HasMaxLength(32);
        builder.Property(e => e.TemplateId).HasMaxLength(32);
        builder.Property(e => e.EntryId).HasMaxLength(32);
        builder.HasIndex(e => new { e.WorkspaceId, e.ItemType, e.ItemId, e.EvaluatedAt });
        builder.HasIndex(e => e.RecheckAt);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutoReplyDailyCountConfiguration : IEntityTypeConfiguration<AutoReplyDailyCount>
{
    public void Configure(EntityTypeBuilder<AutoReplyDailyCount> builder)
    {
        builder.ToTable("AutoReplyDailyCounts");
        builder.HasKey(c => new { c.WorkspaceId, c.Day });
        builder.Property(c => c.WorkspaceId).HasMaxLength(32);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

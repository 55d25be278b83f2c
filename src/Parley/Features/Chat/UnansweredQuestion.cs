using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public enum UnansweredStatus
{
    Open,
    Dismissed,
    /// <summary>A draft FAQ entry was made from it.</summary>
    Drafted,
}

/// <summary>
/// A question the knowledge base could not answer (the answerer said clarify or unknown), counted per normalised text and
/// language, so the owner sees what visitors ask most and can turn it into an FAQ entry.
/// </summary>
public sealed class UnansweredQuestion : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Language { get; set; }
    /// <summary>Lower case, without diacritics, punctuation and repeated spaces: what counts as "the same question".</summary>
    public required string NormalizedText { get; set; }
    /// <summary>The wording of the first time it was asked.</summary>
    public required string Text { get; set; }
    public int Count { get; set; }
    public DateTime FirstAskedAt { get; set; }
    public DateTime LastAskedAt { get; set; }
    public string? LastConversationId { get; set; }
    public UnansweredStatus Status { get; set; }
    public DateTime? HandledAt { get; set; }
    public string? HandledByUserId { get; set; }
    /// <summary>The draft FAQ entry "create FAQ" made from it (its id in the knowledge base).</summary>
    public string? FaqEntryId { get; set; }
}

public static class UnansweredRules
{
    public const int NormalizedMaxLength = 300;
    public const int TextMaxLength = 500;

    /// <summary>
    /// "Ile kosztuje  strzyżenie?!" and "ile kosztuje strzyzenie" are one question: lower case, letters and digits only, Latin
    /// diacritics folded (ł → l), single spaces. Cyrillic and other scripts keep their letters.
    /// </summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(Math.Min(decomposed.Length, NormalizedMaxLength));
        var space = false;
        foreach (var raw in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(raw);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var c = char.ToLowerInvariant(raw) switch { 'ł' => 'l', 'ß' => 's', 'ё' => 'е', var other => other };
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                space = false;
                if (builder.Length >= NormalizedMaxLength)
                {
                    break;
                }
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }
}

internal sealed class UnansweredQuestionConfiguration : IEntityTypeConfiguration<UnansweredQuestion>
{
    public void Configure(EntityTypeBuilder<UnansweredQuestion> builder)
    {
        builder.ToTable("ChatUnansweredQuestions");
        builder.Property(q => q.Id).HasMaxLength(32);
        builder.Property(q => q.WorkspaceId).HasMaxLength(32);
        builder.Property(q => q.Language).HasMaxLength(8);
        builder.Property(q => q.NormalizedText).HasMaxLength(UnansweredRules.NormalizedMaxLength);
        builder.Property(q => q.Text).HasMaxLength(UnansweredRules.TextMaxLength);
        builder.Property(q => q.LastConversationId).HasMaxLength(32);
        builder.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.HandledByUserId).HasMaxLength(64);
        builder.Property(q => q.FaqEntryId).HasMaxLength(64);
        builder.HasIndex(q => new { q.WorkspaceId, q.Language, q.NormalizedText }).IsUnique();
        builder.HasIndex(q => new { q.WorkspaceId, q.Status, q.Count });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(q => q.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public sealed record UnansweredView(string Id, string Language, string Text, string NormalizedText, int Count, DateTime FirstAskedAt,
    DateTime LastAskedAt, string? LastConversationId, UnansweredStatus Status, DateTime? HandledAt);

/// <summary>
/// A draft FAQ entry in the shape the knowledge base's <c>POST /api/v1/knowledge/faq</c> takes
/// (<c>{language, question, alternatives[], answer, tags[]}</c>); the answer is left for the owner to write.
/// </summary>
public sealed record FaqDraft(string UnansweredId, string Language, string Question, IReadOnlyList<string> Alternatives, string Answer,
    IReadOnlyList<string> Tags);

/// <summary>The questions the knowledge base could not answer, most asked first; each can be dismissed or turned into a draft FAQ.</summary>
public sealed class UnansweredService(ParleyDb db, IWorkspaceContext current, TimeProvider clock)
{
    public const string FaqTag = "chat";

    public async Task<(IReadOnlyList<UnansweredView> Items, int Total)> ListAsync(UnansweredStatus status, string? language, Page page,
        CancellationToken cancellationToken)
    {
        var questions = db.Set<UnansweredQuestion>().AsNoTracking().Where(q => q.Status == status);
        if (ChatPhrases.Normalize(language) is { } code)
        {
            questions = questions.Where(q => q.Language == code);
        }

        var total = await questions.CountAsync(cancellationToken);
        var items = await questions.OrderByDescending(q => q.Count).ThenByDescending(q => q.LastAskedAt).ThenBy(q => q.Id).Apply(page)
            .Select(q => new UnansweredView(q.Id, q.Language, q.Text, q.NormalizedText, q.Count, q.FirstAskedAt, q.LastAskedAt, q.LastConversationId,
                q.Status, q.HandledAt))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Not worth an answer: it leaves the open list (and is still counted if asked again).</summary>
    public async Task<UnansweredView> DismissAsync(string id, CancellationToken cancellationToken)
    {
        var question = await FindAsync(id, cancellationToken);
        if (question.Status == UnansweredStatus.Open)
        {
            question.Status = UnansweredStatus.Dismissed;
            question.HandledAt = clock.GetUtcNow().UtcDateTime;
            question.HandledByUserId = current.UserId;
            await db.SaveChangesAsync(cancellationToken);
        }

        return View(question);
    }

    /// <summary>
    /// Turns the question into a draft FAQ entry and marks it handled. The knowledge base creates the entry from the draft;
    /// drafting twice is refused so one question never makes two entries.
    /// </summary>
    public async Task<FaqDraft> DraftFaqAsync(string id, CancellationToken cancellationToken)
    {
        var question = await FindAsync(id, cancellationToken);
        if (question.Status == UnansweredStatus.Drafted)
        {
            throw new ApiException(409, "UNANSWERED_ALREADY_DRAFTED", "A draft FAQ entry was already made from this question.");
        }

        var handled = await db.Set<UnansweredQuestion>().Where(q => q.Id == id && q.Status != UnansweredStatus.Drafted)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, UnansweredStatus.Drafted)
                .SetProperty(q => q.HandledAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(q => q.HandledByUserId, current.UserId), cancellationToken);
        if (handled == 0)
        {
            throw new ApiException(409, "UNANSWERED_ALREADY_DRAFTED", "A draft FAQ entry was already made from this question.");
        }

        return new FaqDraft(question.Id, question.Language, question.Text.Trim(), [], string.Empty, [FaqTag]);
    }

    private async Task<UnansweredQuestion> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<UnansweredQuestion>().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
        ?? throw new ApiException(404, "UNANSWERED_NOT_FOUND", "No unanswered question with this id in the workspace.");

    private static UnansweredView View(UnansweredQuestion q) =>
        new(q.Id, q.Language, q.Text, q.NormalizedText, q.Count, q.FirstAskedAt, q.LastAskedAt, q.LastConversationId, q.Status, q.HandledAt);
}

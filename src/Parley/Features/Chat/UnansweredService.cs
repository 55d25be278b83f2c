using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Knowledge;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public sealed record UnansweredView(string Id, string Language, string Text, string NormalizedText, int Count, DateTime FirstAskedAt,
    DateTime LastAskedAt, string? LastConversationId, UnansweredStatus Status, DateTime? HandledAt, string? FaqEntryId);

/// <summary>What "create FAQ" made: the question (now drafted and linked to the entry) and the draft FAQ entry in the knowledge base.</summary>
public sealed record DraftedFaq(UnansweredView Question, FaqItem Entry);

/// <summary>The questions the knowledge base could not answer, most asked first; each can be dismissed or turned into a draft FAQ.</summary>
public sealed class UnansweredService(ParleyDb db, IWorkspaceContext current, KnowledgeService knowledge, TimeProvider clock)
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
                q.Status, q.HandledAt, q.FaqEntryId))
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
    /// "Create FAQ": makes a draft FAQ entry in the knowledge base (through <see cref="KnowledgeService"/>, so the index and caches
    /// follow) in the question's language, with the question as its question and no answer yet, and links the question to it.
    /// The draft is not used for answers until the owner writes the answer and publishes it. The question is claimed first, so
    /// two clicks never make two entries; if the entry cannot be made, the claim is undone.
    /// </summary>
    public async Task<DraftedFaq> DraftFaqAsync(string id, CancellationToken cancellationToken)
    {
        var question = await db.Set<UnansweredQuestion>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new ApiException(404, "UNANSWERED_NOT_FOUND", "No unanswered question with this id in the workspace.");
        if (question.Status == UnansweredStatus.Drafted)
        {
            throw AlreadyDrafted();
        }

        if (!KnowledgeRules.Languages.Contains(question.Language))
        {
            throw new ApiException(409, "UNANSWERED_LANGUAGE_UNSUPPORTED",
                $"The knowledge base keeps entries in {string.Join(", ", KnowledgeRules.Languages)}; this question is in '{question.Language}'.");
        }

        var entryId = DraftEntryPrefix + question.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = current.UserId;
        var claimed = await db.Set<UnansweredQuestion>().Where(q => q.Id == id && q.Status != UnansweredStatus.Drafted)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, UnansweredStatus.Drafted)
                .SetProperty(q => q.HandledAt, now)
                .SetProperty(q => q.HandledByUserId, userId)
                .SetProperty(q => q.FaqEntryId, entryId), cancellationToken);
        if (claimed == 0)
        {
            throw AlreadyDrafted();
        }

        FaqItem entry;
        try
        {
            var text = question.Text.Trim();
            var draft = new FaqItem(text.Length > KnowledgeRules.ShortMax ? text[..KnowledgeRules.ShortMax].TrimEnd() : text, [], null, [FaqTag])
            {
                Id = entryId,
                Language = question.Language,
                Draft = true,
            };
            entry = (FaqItem)await knowledge.CreateAsync(draft, cancellationToken);
        }
        catch
        {
            // Nothing was made: the question goes back to where it was, so it can be tried again.
            await db.Set<UnansweredQuestion>().Where(q => q.Id == id && q.FaqEntryId == entryId)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, question.Status)
                    .SetProperty(q => q.HandledAt, question.HandledAt)
                    .SetProperty(q => q.HandledByUserId, question.HandledByUserId)
                    .SetProperty(q => q.FaqEntryId, (string?)null), CancellationToken.None);
            throw;
        }

        question.Status = UnansweredStatus.Drafted;
        question.HandledAt = now;
        question.HandledByUserId = userId;
        question.FaqEntryId = entryId;
        return new DraftedFaq(View(question), entry);
    }

    /// <summary>Draft entries made from a question are named after it: one question, one entry.</summary>
    public const string DraftEntryPrefix = "faq-draft-";

    private static ApiException AlreadyDrafted() =>
        new(409, "UNANSWERED_ALREADY_DRAFTED", "A draft FAQ entry was already made from this question.");

    private async Task<UnansweredQuestion> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<UnansweredQuestion>().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
        ?? throw new ApiException(404, "UNANSWERED_NOT_FOUND", "No unanswered question with this id in the workspace.");

    private static UnansweredView View(UnansweredQuestion q) =>
        new(q.Id, q.Language, q.Text, q.NormalizedText, q.Count, q.FirstAskedAt, q.LastAskedAt, q.LastConversationId, q.Status, q.HandledAt, q.FaqEntryId);
}

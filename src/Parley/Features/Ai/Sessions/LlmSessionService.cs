using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Ai.Sessions;

public sealed record LlmSessionView(string Id, string Name, string? SystemPrompt, string? Model, LlmSessionStatus Status,
    DateTime CreatedAt, DateTime LastActivity, int MessageCount);

public sealed record LlmMessageView(string Id, string Role, string Content, string? Engine, DateTime CreatedAt);

public sealed record AskResult(string Question, string Answer, string Engine, DateTime Timestamp, AiUsage Usage);

public sealed record LlmAskView(string Id, string SessionId, LlmAskStatus Status, string Question, string? Answer, string? Engine,
    AiUsage Usage, string? Error, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>LLM sessions: history kept per session and sent with each question, limits per workspace, asks now or later.</summary>
public sealed class LlmSessionService(ParleyDb db, IWorkspaceContext current, AiGateway gateway, PromptLibrary prompts,
    IOptions<AiOptions> options, TimeProvider clock)
{
    public const string Feature = "llm_session";

    public async Task<LlmSessionView> CreateAsync(string? name, string? systemPrompt, string? model, CancellationToken cancellationToken)
    {
        var open = await db.Set<LlmSession>().CountAsync(s => s.Status == LlmSessionStatus.Active, cancellationToken);
        if (open >= options.Value.MaxOpenSessions)
        {
            throw new ApiException(409, "SESSION_LIMIT_REACHED",
                $"This workspace already has {open} open sessions (the limit is {options.Value.MaxOpenSessions}); close one first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var session = new LlmSession
        {
            WorkspaceId = current.WorkspaceId!,
            Name = string.IsNullOrWhiteSpace(name) ? $"Session {now:yyyy-MM-dd HH:mm}" : name.Trim(),
            SystemPrompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt,
            Model = string.IsNullOrWhiteSpace(model) ? null : model.Trim(),
            Status = LlmSessionStatus.Active,
            CreatedAt = now,
            LastActivityAt = now,
        };
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return View(session);
    }

    public async Task<(IReadOnlyList<LlmSessionView> Items, int Total)> ListAsync(Page page, CancellationToken cancellationToken)
    {
        var query = db.Set<LlmSession>().AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(s => s.LastActivityAt).Apply(page)
            .Select(s => new LlmSessionView(s.Id, s.Name, s.SystemPrompt, s.Model, s.Status, s.CreatedAt, s.LastActivityAt, s.MessageCount))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<LlmSessionView> GetAsync(string id, CancellationToken cancellationToken) => View(await FindAsync(id, cancellationToken));

    public async Task<IReadOnlyList<LlmMessageView>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        await FindAsync(id, cancellationToken);
        return await db.Set<LlmMessage>().AsNoTracking().Where(m => m.SessionId == id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new LlmMessageView(m.Id, m.Role, m.Content, m.Engine, m.CreatedAt)).ToListAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var session = await FindAsync(id, cancellationToken);
        db.Remove(session);
        await db.SaveChangesAsync(cancellationToken);
    }

    public void ValidateQuestion(string? question)
    {
        var v = new Validator();
        if (v.Required("question", question))
        {
            v.Length("question", question, 1, options.Value.MaxQuestionChars);
        }

        v.ThrowIfInvalid();
    }

    public async Task<AskResult> AskAsync(string id, string question, CancellationToken cancellationToken)
    {
        var session = await ActiveAsync(id, cancellationToken);
        var answer = await gateway.CompleteAsync(Feature, await ConversationAsync(session, question, cancellationToken), session.Model, cancellationToken: cancellationToken);
        return await SaveExchangeAsync(session, question, answer, cancellationToken);
    }

    public async IAsyncEnumerable<AiStreamPart> AskStreamingAsync(string id, string question,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = await ActiveAsync(id, cancellationToken);
        var conversation = await ConversationAsync(session, question, cancellationToken);
        await foreach (var part in gateway.StreamAsync(Feature, conversation, session.Model, cancellationToken))
        {
            if (part.Final is { } final)
            {
                await SaveExchangeAsync(session, question, final, cancellationToken);
            }

            yield return part;
        }
    }

    public async Task<LlmAsk> QueueAskAsync(string id, string question, CancellationToken cancellationToken)
    {
        var session = await ActiveAsync(id, cancellationToken);
        var ask = new LlmAsk { WorkspaceId = session.WorkspaceId, SessionId = session.Id, Question = question, Status = LlmAskStatus.Pending, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(ask);
        await db.SaveChangesAsync(cancellationToken);
        return ask;
    }

    /// <summary>Answers a queued question; claimed with a conditional update so it is answered once even if the job fires twice.</summary>
    public async Task RunQueuedAskAsync(string askId, CancellationToken cancellationToken)
    {
        var claimed = await db.Set<LlmAsk>().Where(a => a.Id == askId && a.Status == LlmAskStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, LlmAskStatus.Running), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var ask = await db.Set<LlmAsk>().FirstAsync(a => a.Id == askId, cancellationToken);
        try
        {
            var result = await AskAsync(ask.SessionId, ask.Question, cancellationToken);
            ask.Status = LlmAskStatus.Completed;
            ask.Answer = result.Answer;
            ask.Engine = result.Engine;
            ask.PromptTokens = result.Usage.PromptTokens;
            ask.CompletionTokens = result.Usage.CompletionTokens;
        }
        catch (ApiException e)
        {
            ask.Status = LlmAskStatus.Failed;
            ask.Error = e.Message;
        }

        ask.CompletedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<LlmAskView> GetAskAsync(string sessionId, string askId, CancellationToken cancellationToken)
    {
        var ask = await db.Set<LlmAsk>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == askId && a.SessionId == sessionId, cancellationToken)
            ?? throw new ApiException(404, "ASK_NOT_FOUND", "No question with this id in the session.");
        return new LlmAskView(ask.Id, ask.SessionId, ask.Status, ask.Question, ask.Answer, ask.Engine,
            new AiUsage(ask.PromptTokens, ask.CompletionTokens), ask.Error, ask.CreatedAt, ask.CompletedAt);
    }

    /// <summary>Marks sessions idle longer than the timeout as expired, in every workspace; returns how many.</summary>
    public async Task<int> ExpireIdleAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.SessionIdleMinutes);
        return await db.Set<LlmSession>().IgnoreQueryFilters()
            .Where(s => s.Status == LlmSessionStatus.Active && s.LastActivityAt < before)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, LlmSessionStatus.Expired), cancellationToken);
    }

    private async Task<LlmSession> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<LlmSession>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new ApiException(404, "SESSION_NOT_FOUND", "No session with this id in the workspace.");

    private async Task<LlmSession> ActiveAsync(string id, CancellationToken cancellationToken)
    {
        var session = await FindAsync(id, cancellationToken);
        // A long-lived context (an admin circuit) may hold a copy from before the idle job expired it.
        await db.Entry(session).ReloadAsync(cancellationToken);
        return session.Status == LlmSessionStatus.Active
            ? session
            : throw new ApiException(409, "SESSION_EXPIRED", "The session expired after being idle; start a new one.");
    }

    private async Task<List<ChatMessage>> ConversationAsync(LlmSession session, string question, CancellationToken cancellationToken)
    {
        var history = await db.Set<LlmMessage>().AsNoTracking().Where(m => m.SessionId == session.Id)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(options.Value.MaxHistoryMessages)
            .Select(m => new { m.Role, m.Content }).ToListAsync(cancellationToken);
        var messages = new List<ChatMessage> { new(ChatRole.System, session.SystemPrompt ?? prompts.Get("llm-session-system")) };
        messages.AddRange(Enumerable.Reverse(history).Select(m => new ChatMessage(m.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, m.Content)));
        messages.Add(new ChatMessage(ChatRole.User, question));
        return messages;
    }

    private async Task<AskResult> SaveExchangeAsync(LlmSession session, string question, AiAnswer answer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new LlmMessage { WorkspaceId = session.WorkspaceId, SessionId = session.Id, Role = "user", Content = question, CreatedAt = now });
        db.Add(new LlmMessage
        {
            WorkspaceId = session.WorkspaceId, SessionId = session.Id, Role = "assistant", Content = answer.Text, Engine = answer.Engine,
            PromptTokens = answer.Usage.PromptTokens, CompletionTokens = answer.Usage.CompletionTokens, CreatedAt = now.AddTicks(1),
        });
        session.MessageCount += 2;
        session.LastActivityAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new AskResult(question, answer.Text, answer.Engine, now, answer.Usage);
    }

    private static LlmSessionView View(LlmSession s) =>
        new(s.Id, s.Name, s.SystemPrompt, s.Model, s.Status, s.CreatedAt, s.LastActivityAt, s.MessageCount);
}

using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Contacts;

namespace Parley.Features.Chat;

/// <summary>What one visitor message changes: new rows to insert and the conversation's counters and status to update.</summary>
internal sealed class ChatWrite
{
    public required string WorkspaceId { get; init; }
    public required string ConversationId { get; init; }
    public Contact? NewContact { get; init; }
    /// <summary>Set for the first message of a session; its counters already include <see cref="Messages"/>.</summary>
    public Conversation? NewConversation { get; init; }
    public List<ConversationMessage> Messages { get; } = [];
    public int UnreadDelta { get; init; }
    public DateTime LastMessageAt { get; init; }
    public string? Preview { get; init; }
    public string? Language { get; init; }
    /// <summary>A closed conversation the visitor writes to again opens (back to the bot).</summary>
    public bool Reopen { get; init; }
    /// <summary>The answerer asked for a person: bot → handoff (only if nobody changed the status meanwhile).</summary>
    public bool Handoff { get; init; }
    public UnansweredAsk? Unanswered { get; init; }

    internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record UnansweredAsk(string Language, string NormalizedText, string Text, DateTime At, string ConversationId);

/// <summary>
/// Commits visitor messages in groups: every sender waits until its rows are durable, but one transaction (one fsync on SQLite,
/// one round trip on PostgreSQL) carries everything that arrived meanwhile. SQLite has a single writer anyway; one loop writing
/// for everybody replaces a queue of transactions waiting on its lock.
/// </summary>
internal sealed partial class ChatWriter : BackgroundService
{
    private readonly Channel<ChatWrite> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<ChatWriter> _logger;
    private readonly int _batchSize;

    public ChatWriter(IServiceScopeFactory scopes, IOptions<ChatOptions> options, ILogger<ChatWriter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _batchSize = options.Value.WriteBatchSize;
        _queue = Channel.CreateBounded<ChatWrite>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Completes once the write is committed; a cancelled caller does not cancel a write already queued.</summary>
    public async Task WriteAsync(ChatWrite write, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(write, cancellationToken);
        await write.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ChatWrite>(_batchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _batchSize && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                await FlushAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is already queued is still written below.
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
            if (batch.Count == _batchSize)
            {
                await FlushAsync(batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<ChatWrite> batch)
    {
        try
        {
            await CommitAsync(batch);
            foreach (var write in batch)
            {
                write.Done.TrySetResult();
            }
        }
        catch (Exception e) when (batch.Count > 1 && e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // One bad write (or a race with another instance on a unique key) must not fail the others: retry them one by one.
            LogBatchRetried(_logger, e, batch.Count);
            foreach (var write in batch)
            {
                try
                {
                    await CommitAsync([write]);
                    write.Done.TrySetResult();
                }
                catch (Exception single)
                {
                    write.Done.TrySetException(single);
                }
            }
        }
        catch (Exception e)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
        }
    }

    private async Task CommitAsync(List<ChatWrite> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();

        // Questions asked again in this batch are counted once per key; new ones are inserted with the batch.
        foreach (var group in batch.Where(w => w.Unanswered is not null).GroupBy(w => (w.WorkspaceId, w.Unanswered!.Language, w.Unanswered.NormalizedText)))
        {
            var last = group.Last().Unanswered!;
            var count = group.Count();
            var (workspaceId, language, normalized) = group.Key;
            var updated = await db.Set<UnansweredQuestion>().IgnoreQueryFilters()
                .Where(q => q.WorkspaceId == workspaceId && q.Language == language && q.NormalizedText == normalized)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Count, q => q.Count + count)
                    .SetProperty(q => q.LastAskedAt, last.At)
                    .SetProperty(q => q.LastConversationId, last.ConversationId));
            if (updated == 0)
            {
                var first = group.First().Unanswered!;
                db.Add(new UnansweredQuestion
                {
                    WorkspaceId = workspaceId,
                    Language = language,
                    NormalizedText = normalized,
                    Text = first.Text.Length > UnansweredRules.TextMaxLength ? first.Text[..UnansweredRules.TextMaxLength] : first.Text,
                    Count = count,
                    FirstAskedAt = first.At,
                    LastAskedAt = last.At,
                    LastConversationId = last.ConversationId,
                    Status = UnansweredStatus.Open,
                });
            }
        }

        foreach (var write in batch)
        {
            if (write.NewContact is not null)
            {
                db.Add(write.NewContact);
            }

            if (write.NewConversation is not null)
            {
                db.Add(write.NewConversation);
            }

            foreach (var message in write.Messages)
            {
                db.Add(message);
            }
        }

        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);

        // Counters of conversations that existed before this batch, once per conversation.
        foreach (var group in batch.Where(w => w.NewConversation is null).GroupBy(w => (w.WorkspaceId, w.ConversationId)))
        {
            var (workspaceId, conversationId) = group.Key;
            var last = group.Last();
            var unread = group.Sum(w => w.UnreadDelta);
            var messages = group.Sum(w => w.Messages.Count);
            var language = group.LastOrDefault(w => w.Language is not null)?.Language;
            var conversation = db.Set<Conversation>().IgnoreQueryFilters().Where(c => c.Id == conversationId && c.WorkspaceId == workspaceId);
            if (group.Any(w => w.Reopen))
            {
                await conversation.Where(c => c.Status == ConversationStatus.Closed)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Bot).SetProperty(c => c.ClosedAt, (DateTime?)null));
            }

            await conversation.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.UnreadCount, c => c.UnreadCount + unread)
                .SetProperty(c => c.MessageCount, c => c.MessageCount + messages)
                .SetProperty(c => c.LastMessageAt, last.LastMessageAt)
                .SetProperty(c => c.LastMessagePreview, last.Preview)
                .SetProperty(c => c.Language, c => language ?? c.Language));
            if (group.FirstOrDefault(w => w.Handoff) is { } handoff)
            {
                await conversation.Where(c => c.Status == ConversationStatus.Bot)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Handoff).SetProperty(c => c.HandoffAt, handoff.LastMessageAt));
            }
        }

        await transaction.CommitAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} chat writes failed; writing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);
}

using System.Threading.Channels;
using System.Data.Common;
using Microsoft.Extensions.Options;
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
    private readonly ChatStore _store;
    private readonly ILogger<ChatWriter> _logger;
    private readonly int _batchSize;

    public ChatWriter(ChatStore store, IOptions<ChatOptions> options, ILogger<ChatWriter> logger)
    {
        _store = store;
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
        catch (Exception e) when (batch.Count > 1 && e is DbException or InvalidOperationException)
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

    private Task CommitAsync(List<ChatWrite> batch) => _store.CommitAsync(batch, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} chat writes failed; writing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);
}

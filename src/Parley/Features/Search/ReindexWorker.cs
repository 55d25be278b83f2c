using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Knowledge;
using Parley.Platform.Tenancy;

namespace Parley.Features.Search;

public static class ReindexStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>Workspaces waiting for a reindex, and the progress of the one running on this instance.</summary>
public sealed class ReindexQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public ConcurrentDictionary<string, (int Done, int Total)> Progress { get; } = new(StringComparer.Ordinal);

    public bool Enqueue(string workspaceId) => _channel.Writer.TryWrite(workspaceId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>
/// Rebuilds a workspace's index in the background: raises the knowledge-base version (so every other instance rebuilds too on its
/// next search), builds this instance's index with progress, installs it and records the outcome in the database.
/// </summary>
internal sealed partial class ReindexWorker(ReindexQueue queue, IServiceScopeFactory scopes, KnowledgeIndexRegistry registry, TimeProvider clock,
    ILogger<ReindexWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var workspaceId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(workspaceId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, workspaceId, e);
                await RecordAsync(workspaceId, s =>
                {
                    s.ReindexStatus = ReindexStatuses.Failed;
                    s.ReindexFinishedAt = clock.GetUtcNow().UtcDateTime;
                    s.ReindexError = e.GetType().Name + ": " + e.Message[..Math.Min(e.Message.Length, 900)];
                }, CancellationToken.None);
            }
            finally
            {
                queue.Progress.TryRemove(workspaceId, out _);
            }
        }
    }

    private async Task RunAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await RecordAsync(workspaceId, s =>
        {
            s.ReindexStatus = ReindexStatuses.Running;
            s.ReindexStartedAt = clock.GetUtcNow().UtcDateTime;
            s.ReindexFinishedAt = null;
            s.ReindexError = null;
        }, cancellationToken);

        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
            await scope.ServiceProvider.GetRequiredService<KnowledgeService>().TouchAsync(cancellationToken);
        }

        var built = await registry.BuildAsync(workspaceId, (done, total) => queue.Progress[workspaceId] = (done, total), cancellationToken);
        registry.Install(workspaceId, built);
        await RecordAsync(workspaceId, s =>
        {
            s.ReindexStatus = ReindexStatuses.Completed;
            s.ReindexFinishedAt = clock.GetUtcNow().UtcDateTime;
            s.ReindexDocuments = built.Index.Documents.Count;
        }, cancellationToken);
    }

    private async Task RecordAsync(string workspaceId, Action<KnowledgeBaseState> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var state = await db.Set<KnowledgeBaseState>().IgnoreQueryFilters().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (state is null)
        {
            state = new KnowledgeBaseState { WorkspaceId = workspaceId, ChangedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(state);
        }

        change(state);
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reindex of workspace {WorkspaceId} failed")]
    private static partial void LogFailed(ILogger logger, string workspaceId, Exception exception);
}

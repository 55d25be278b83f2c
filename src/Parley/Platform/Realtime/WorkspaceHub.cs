using Microsoft.AspNetCore.SignalR;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Realtime;

/// <summary>
/// Pushes workspace events to the admin UI and API clients. Connections join their workspace's group only;
/// clients send nothing here, they listen.
/// </summary>
public sealed class WorkspaceHub(WorkspaceResolver resolver) : Hub
{
    public const string Path = "/hubs/workspace";
    public const string JoinedEvent = "joined";

    public static string GroupFor(string workspaceId) => "ws:" + workspaceId;

    public override async Task OnConnectedAsync()
    {
        // Resolved again here: a hub call runs in its own scope, not the connecting request's.
        var http = Context.GetHttpContext();
        var requested = http is null ? null : WorkspaceResolutionMiddleware.RequestedWorkspace(http.Request);
        var resolved = Context.User is null ? null : await resolver.ResolveAsync(Context.User, requested, Context.ConnectionAborted);
        if (resolved is null)
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(resolved.WorkspaceId));
        // Tells the client it is subscribed: events published before this moment were not meant for it.
        await Clients.Caller.SendAsync(JoinedEvent, new { workspace_id = resolved.WorkspaceId });
        await base.OnConnectedAsync();
    }
}

/// <summary>What features use to tell a workspace's connected clients that something happened.</summary>
public interface IWorkspaceEvents
{
    Task PublishAsync(string workspaceId, string eventName, object payload, CancellationToken cancellationToken = default);
}

internal sealed class WorkspaceEvents(IHubContext<WorkspaceHub> hub, Telemetry.ParleyMetrics metrics) : IWorkspaceEvents
{
    public async Task PublishAsync(string workspaceId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        await hub.Clients.Group(WorkspaceHub.GroupFor(workspaceId)).SendAsync(eventName, payload, cancellationToken);
        metrics.RealtimeEvents.Add(1, new KeyValuePair<string, object?>("event", eventName));
    }
}

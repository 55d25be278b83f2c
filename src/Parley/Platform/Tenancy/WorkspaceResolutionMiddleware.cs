using Parley.Platform.Errors;

namespace Parley.Platform.Tenancy;

/// <summary>After authentication, sets the request's workspace context (see <see cref="WorkspaceResolver"/>).</summary>
internal sealed class WorkspaceResolutionMiddleware(RequestDelegate next)
{
    public const string WorkspaceHeader = "X-Workspace-Id";
    public const string WorkspaceQuery = "workspace_id";

    public async Task InvokeAsync(HttpContext http, WorkspaceContext workspace)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            // Resolved only here: the resolver needs a DbContext, which anonymous requests (widget, health) should not pay for.
            var resolver = http.RequestServices.GetRequiredService<WorkspaceResolver>();
            var requested = RequestedWorkspace(http.Request);
            var resolved = await resolver.ResolveAsync(http.User, requested, http.RequestAborted);
            if (resolved is null && requested is not null)
            {
                await Problems.NotFound("WORKSPACE_NOT_FOUND", "No workspace with this id is yours.").ExecuteAsync(http);
                return;
            }

            if (resolved is not null)
            {
                workspace.Apply(resolved);
            }
        }

        await next(http);
    }

    /// <summary>The header, or (for WebSocket clients in browsers, which cannot send headers) the query on hub paths.</summary>
    public static string? RequestedWorkspace(HttpRequest request)
    {
        var header = request.Headers[WorkspaceHeader].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        return request.Path.StartsWithSegments("/hubs") && request.Query[WorkspaceQuery].ToString() is { Length: > 0 } query ? query : null;
    }
}

public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];
}

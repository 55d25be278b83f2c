namespace Parley.Platform.Tenancy;

/// <summary>Who is calling, and in which workspace: set once per request (or admin circuit) after authentication.</summary>
public interface IWorkspaceContext
{
    string? WorkspaceId { get; }
    WorkspaceRole? Role { get; }
    string? UserId { get; }
    string? ApiKeyId { get; }
}

public sealed class WorkspaceContext : IWorkspaceContext
{
    public string? WorkspaceId { get; private set; }
    public WorkspaceRole? Role { get; private set; }
    public string? UserId { get; private set; }
    public string? ApiKeyId { get; private set; }

    public void SetUser(string workspaceId, WorkspaceRole role, string userId)
    {
        WorkspaceId = workspaceId;
        Role = role;
        UserId = userId;
        ApiKeyId = null;
    }

    public void SetApiKey(string workspaceId, WorkspaceRole role, string apiKeyId)
    {
        WorkspaceId = workspaceId;
        Role = role;
        ApiKeyId = apiKeyId;
        UserId = null;
    }

    /// <summary>For work done on behalf of a workspace outside a request (jobs, seeding).</summary>
    public void SetSystem(string workspaceId)
    {
        WorkspaceId = workspaceId;
        Role = WorkspaceRole.Owner;
        UserId = null;
        ApiKeyId = null;
    }

    public void Clear()
    {
        WorkspaceId = null;
        Role = null;
        UserId = null;
        ApiKeyId = null;
    }
}

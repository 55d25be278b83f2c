namespace Parley.Platform.Tenancy;

/// <summary>Roles inside one workspace, ordered by what they may do.</summary>
public enum WorkspaceRole
{
    Viewer = 0,
    Agent = 1,
    Admin = 2,
    Owner = 3,
}

namespace Parley.Platform.Tenancy;

/// <summary>A row that belongs to one business; the database scopes every query on it to the caller's workspace.</summary>
public interface IWorkspaceOwned
{
    string WorkspaceId { get; set; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Workspaces;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Parley.Features.Acquisition;

public sealed record AcquisitionLocationView(string LocationId, string BusinessName, bool Saved, DateTime? UpdatedAt);

/// <summary>What the public page of one location needs: the workspace and the location's settings.</summary>
public sealed record PublicAcquisition(string WorkspaceId, string Slug, AcquisitionSettingsDocument Settings);

public sealed class AcquisitionService(ParleyDb db, IWorkspaceContext current, IOptions<HttpJsonOptions> json, TimeProvider clock)
{
    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    /// <summary>A location's settings; the default location always has some (its defaults until saved), other locations only once saved.</summary>
    public async Task<AcquisitionSettingsDocument?> GetAsync(string location, CancellationToken cancellationToken)
    {
        var workspace = await CurrentWorkspaceAsync(cancellationToken);
        var row = await db.Set<AcquisitionSettings>().AsNoTracking().Where(s => s.LocationId == location)
            .Select(s => s.Document).FirstOrDefaultAsync(cancellationToken);
        return row is null && location != AcquisitionRules.DefaultLocation ? null : Read(workspace, location, row);
    }

    /// <summary>Whether the location has a public page: the default one always, others once their settings are saved.</summary>
    public async Task<bool> HasLocationAsync(string location, CancellationToken cancellationToken) =>
        location == AcquisitionRules.DefaultLocation || await db.Set<AcquisitionSettings>().AnyAsync(s => s.LocationId == location, cancellationToken);

    /// <summary>
    /// Applies the fields present in <paramref name="changes"/> over the location's current settings (a location that has none
    /// starts from the defaults), validates the result and saves it. Absent fields keep their values; <c>null</c> clears a
    /// nullable one.
    /// </summary>
    public async Task<AcquisitionSettingsDocument> UpdateAsync(string location, JsonObject changes, CancellationToken cancellationToken)
    {
        var workspace = await CurrentWorkspaceAsync(cancellationToken);
        var row = await db.Set<AcquisitionSettings>().FirstOrDefaultAsync(s => s.LocationId == location, cancellationToken);
        var merged = Merge(workspace, location, row?.Document);
        foreach (var (key, value) in changes)
        {
            merged[key.ToLowerInvariant()] = value?.DeepClone();
        }

        merged["location_id"] = location;
        AcquisitionSettingsDocument document;
        try
        {
            document = merged.Deserialize<AcquisitionSettingsDocument>(Json)
                       ?? throw new ApiException(400, ErrorCodes.Validation, "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var message = $"The value of '{field}' has the wrong type or is not allowed.";
            throw new ApiException(400, ErrorCodes.Validation, message, new Dictionary<string, string[]> { [field] = [message] });
        }

        return await SaveAsync(document, row, cancellationToken);
    }

    /// <summary>Saves a whole settings document (the admin designer edits all fields at once).</summary>
    public async Task<AcquisitionSettingsDocument> SaveAsync(AcquisitionSettingsDocument document, CancellationToken cancellationToken)
    {
        var row = await db.Set<AcquisitionSettings>().FirstOrDefaultAsync(s => s.LocationId == document.LocationId, cancellationToken);
        return await SaveAsync(document, row, cancellationToken);
    }

    public async Task<IReadOnlyList<AcquisitionLocationView>> ListLocationsAsync(CancellationToken cancellationToken)
    {
        var workspace = await CurrentWorkspaceAsync(cancellationToken);
        var rows = await db.Set<AcquisitionSettings>().AsNoTracking().OrderBy(s => s.CreatedAt)
            .Select(s => new { s.LocationId, s.Document, s.UpdatedAt }).ToListAsync(cancellationToken);
        var views = rows.Select(r => new AcquisitionLocationView(r.LocationId, Read(workspace, r.LocationId, r.Document).BusinessName, true, r.UpdatedAt)).ToList();
        if (views.All(v => v.LocationId != AcquisitionRules.DefaultLocation))
        {
            views.Insert(0, new AcquisitionLocationView(AcquisitionRules.DefaultLocation, workspace.Name, false, null));
        }

        return views;
    }

    /// <summary>Deletes a location's settings; the default location goes back to its defaults.</summary>
    public async Task<bool> DeleteAsync(string location, CancellationToken cancellationToken) =>
        await db.Set<AcquisitionSettings>().Where(s => s.LocationId == location).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>The current workspace's public slug (posters point at its page).</summary>
    public async Task<string> CurrentSlugAsync(CancellationToken cancellationToken) => (await CurrentWorkspaceAsync(cancellationToken)).Slug;

    /// <summary>For the public page, which has no workspace context: the workspace is named by its slug.</summary>
    public async Task<PublicAcquisition?> FindPublicAsync(string slug, string location, CancellationToken cancellationToken)
    {
        if (!AcquisitionRules.IsValidLocation(location) || slug.Length > WorkspaceRules.SlugMaxLength)
        {
            return null;
        }

        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Slug == slug)
            .Select(w => new WorkspaceFacts(w.Id, w.Name, w.Slug, w.Locale)).FirstOrDefaultAsync(cancellationToken);
        if (workspace is null)
        {
            return null;
        }

        var row = await db.Set<AcquisitionSettings>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.WorkspaceId == workspace.Id && s.LocationId == location).Select(s => s.Document).FirstOrDefaultAsync(cancellationToken);
        return row is null && location != AcquisitionRules.DefaultLocation
            ? null
            : new PublicAcquisition(workspace.Id, workspace.Slug, Read(workspace, location, row));
    }

    private async Task<AcquisitionSettingsDocument> SaveAsync(AcquisitionSettingsDocument document, AcquisitionSettings? row, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        document.Validate(validator);
        validator.ThrowIfInvalid();
        document = document.Normalized();

        var stored = JsonSerializer.SerializeToNode(document, Json)!.AsObject();
        stored.Remove("location_id");
        var now = clock.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = new AcquisitionSettings
            {
                WorkspaceId = current.WorkspaceId!, LocationId = document.LocationId, Document = stored.ToJsonString(), CreatedAt = now, UpdatedAt = now,
            };
            db.Add(row);
        }
        else
        {
            row.Document = stored.ToJsonString();
            row.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // Another request created this location a moment ago: the later write wins, as it would have a moment later.
            db.Entry(row).State = EntityState.Detached;
            await db.Set<AcquisitionSettings>().Where(s => s.LocationId == document.LocationId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Document, row.Document).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }

        return document;
    }

    private AcquisitionSettingsDocument Read(WorkspaceFacts workspace, string location, string? stored) =>
        stored is null
            ? Defaults(workspace, location)
            : Merge(workspace, location, stored).Deserialize<AcquisitionSettingsDocument>(Json)!;

    /// <summary>The defaults overlaid with what is stored, so a document saved before a field existed reads with that field's default.</summary>
    private JsonObject Merge(WorkspaceFacts workspace, string location, string? stored)
    {
        var merged = JsonSerializer.SerializeToNode(Defaults(workspace, location), Json)!.AsObject();
        if (stored is not null && JsonNode.Parse(stored) is JsonObject saved)
        {
            foreach (var (key, value) in saved)
            {
                merged[key] = value?.DeepClone();
            }
        }

        merged["location_id"] = location;
        return merged;
    }

    private static AcquisitionSettingsDocument Defaults(WorkspaceFacts workspace, string location) =>
        AcquisitionRules.Defaults(workspace.Name, workspace.Locale == "en" ? "en" : "pl", location);

    private async Task<WorkspaceFacts> CurrentWorkspaceAsync(CancellationToken cancellationToken) =>
        await db.Workspaces.AsNoTracking().Where(w => w.Id == current.WorkspaceId)
            .Select(w => new WorkspaceFacts(w.Id, w.Name, w.Slug, w.Locale)).FirstOrDefaultAsync(cancellationToken)
        ?? throw new ApiException(404, "WORKSPACE_NOT_FOUND", "The workspace no longer exists.");

    private sealed record WorkspaceFacts(string Id, string Name, string Slug, string Locale);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Acquisition;

/// <summary>
/// One location's feedback page and poster design. The design is kept as one JSON document (the wire shape without
/// <c>location_id</c>): it is always read and written whole, nothing queries inside it, and fields the designer gains later
/// take their defaults when an older document is read.
/// </summary>
public sealed class AcquisitionSettings : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string LocationId { get; set; }
    public required string Document { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class AcquisitionSettingsConfiguration : IEntityTypeConfiguration<AcquisitionSettings>
{
    public void Configure(EntityTypeBuilder<AcquisitionSettings> builder)
    {
        builder.ToTable("AcquisitionSettings");
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.LocationId).HasMaxLength(AcquisitionRules.LocationMaxLength);
        builder.HasIndex(s => new { s.WorkspaceId, s.LocationId }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

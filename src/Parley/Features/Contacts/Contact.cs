using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Contacts;

/// <summary>
/// A person the business talks to. A chat visitor gets one at their first message (still anonymous); name, email and phone are
/// stored only with consent, which is recorded with its time, IP address, user agent and where it was given. Leads, bookings and
/// reviews link to contacts.
/// </summary>
public sealed class Contact : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>The visitor's language when known (<c>pl</c>, <c>en</c>, …).</summary>
    public string? Language { get; set; }
    public DateTime? ConsentAt { get; set; }
    public string? ConsentIp { get; set; }
    public string? ConsentUserAgent { get; set; }
    /// <summary>Where consent was given, e.g. <c>chat_widget</c>.</summary>
    public string? ConsentSource { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class ContactRules
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 256;
    public const int PhoneMaxLength = 40;
    public const int UserAgentMaxLength = 500;
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.WorkspaceId).HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(ContactRules.NameMaxLength);
        builder.Property(c => c.Email).HasMaxLength(ContactRules.EmailMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(ContactRules.PhoneMaxLength);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.ConsentIp).HasMaxLength(64);
        builder.Property(c => c.ConsentUserAgent).HasMaxLength(ContactRules.UserAgentMaxLength);
        builder.Property(c => c.ConsentSource).HasMaxLength(32);
        builder.HasIndex(c => new { c.WorkspaceId, c.Email });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

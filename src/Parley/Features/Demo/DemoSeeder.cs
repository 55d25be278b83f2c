using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Features.Workspaces;
using Parley.Platform.Auth;
using Parley.Platform.Tenancy;

namespace Parley.Features.Demo;

/// <summary>
/// Fills a demo workspace (a Warsaw beauty salon) so a newcomer has something to look at. Idempotent: a second run reports what exists.
/// Passwords are generated per run unless <c>Demo:Password</c> is configured; they are printed, never stored in the repository.
/// </summary>
public sealed class DemoSeeder(
    ParleyDb db, UserManager<ParleyUser> users, WorkspaceContext workspace, IConfiguration configuration, TimeProvider clock,
    Knowledge.Demo.RenovationDemoSeeder renovation, Reviews.ReviewDemoData reviewDemo)
{
    public const string Slug = "salon-bella-demo";
    public const string OwnerEmail = "wlasciciel@salon-bella.example";

    private static readonly (string Email, WorkspaceRole Role)[] Team =
    [
        ("recepcja@salon-bella.example", WorkspaceRole.Agent),
        ("ksiegowa@salon-bella.example", WorkspaceRole.Viewer),
        ("kierownik@salon-bella.example", WorkspaceRole.Admin),
    ];

    public async Task<string> SeedAsync(CancellationToken cancellationToken)
    {
        // The renovation company (knowledge base and website chatbot) is seeded alongside the salon.
        var renovationReport = await renovation.SeedAsync(cancellationToken);
        var existing = await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Slug == Slug, cancellationToken);
        if (existing is not null)
        {
            return $"Demo workspace '{existing.Name}' already exists (slug {Slug}); owner: {OwnerEmail}.\n" + renovationReport;
        }

        var password = configuration["Demo:Password"] is { Length: >= 8 } configured ? configured : "Demo-" + SecretHash.NewSecret(9);
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = await CreateUserAsync(OwnerEmail, password, now);
        var salon = new Workspace
        {
            Name = "Salon Urody Bella",
            Slug = Slug,
            TimeZone = "Europe/Warsaw",
            Locale = "pl",
            Plan = "pro",
            CreatedAt = now.AddMonths(-6),
        };
        db.Workspaces.Add(salon);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = salon.Id, UserId = owner.Id, Role = WorkspaceRole.Owner, CreatedAt = salon.CreatedAt });
        foreach (var (email, role) in Team)
        {
            var member = await CreateUserAsync(email, password, now);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = salon.Id, UserId = member.Id, Role = role, CreatedAt = now.AddDays(-30) });
        }

        await db.SaveChangesAsync(cancellationToken);
        workspace.SetSystem(salon.Id);
        await Parley.Features.Chat.ChatDemo.SeedAsync(db, salon.Id, now, cancellationToken);
        var inbox = await reviewDemo.SeedAsync(new WorkspaceSettings(salon.Id, salon.Name, salon.Slug, salon.TimeZone, salon.Locale, salon.Plan, salon.CreatedAt), now, cancellationToken);
        inbox += "\n" + await AutoReply.AutoReplyDemoData.SeedAsync(db, salon.Id, now, cancellationToken);
        return $"Demo workspace '{salon.Name}' created (slug {Slug}).\n{inbox}\nLog in as {OwnerEmail} with password: {password}\n" +
               $"Team (same password): {string.Join(", ", Team.Select(t => $"{t.Email} ({t.Role.ToString().ToLowerInvariant()})"))}\n" + renovationReport;
    }

    private async Task<ParleyUser> CreateUserAsync(string email, string password, DateTime now)
    {
        var user = new ParleyUser { Email = email, UserName = email, EmailConfirmed = true, CreatedAt = now };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        return user;
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Features.Workspaces;
using Parley.Platform.Auth;
using Parley.Platform.Tenancy;

namespace Parley.Features.Knowledge.Demo;

/// <summary>
/// A second demo workspace: a Warsaw renovation company with a knowledge base in Polish, English and German (embedded JSON in
/// the import format), so the website chatbot can be tried right after <c>seed-demo</c>. Idempotent.
/// </summary>
public sealed class RenovationDemoSeeder(
    ParleyDb db, UserManager<ParleyUser> users, WorkspaceContext workspace, KnowledgeService knowledge, IConfiguration configuration, TimeProvider clock)
{
    public const string Slug = "nova-remonty-demo";
    public const string OwnerEmail = "wlasciciel@nova-remonty.example";
    public const string AgentEmail = "biuro@nova-remonty.example";

    /// <summary>The demo knowledge base: every embedded <c>Demo/*.json</c> document, merged.</summary>
    public static KnowledgeDocument LoadDocument()
    {
        var assembly = typeof(RenovationDemoSeeder).Assembly;
        var items = new List<KnowledgeItem>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Parley.Features.Knowledge.Demo.", StringComparison.Ordinal)
                     && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var document = JsonSerializer.Deserialize<KnowledgeDocument>(stream, KnowledgeService.Json)
                ?? throw new InvalidOperationException($"Demo knowledge file {name} is empty.");
            items.AddRange(document.Items());
        }

        return KnowledgeDocument.From(items, DateTime.UnixEpoch);
    }

    public async Task<string> SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Slug == Slug, cancellationToken);
        if (existing is not null)
        {
            var report = await ImportAsync(existing.Id, cancellationToken);
            return $"Demo workspace '{existing.Name}' already exists (slug {Slug}); owner: {OwnerEmail}. Knowledge base: {report}.";
        }

        var password = configuration["Demo:Password"] is { Length: >= 8 } configured ? configured : "Demo-" + SecretHash.NewSecret(9);
        var now = clock.GetUtcNow().UtcDateTime;
        var company = new Workspace { Name = "Nova Remonty", Slug = Slug, TimeZone = "Europe/Warsaw", Locale = "pl", Plan = "pro", CreatedAt = now.AddMonths(-3) };
        db.Workspaces.Add(company);
        foreach (var (email, role) in new[] { (OwnerEmail, WorkspaceRole.Owner), (AgentEmail, WorkspaceRole.Agent) })
        {
            var user = new ParleyUser { Email = email, UserName = email, EmailConfirmed = true, CreatedAt = now };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }

            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = company.Id, UserId = user.Id, Role = role, CreatedAt = company.CreatedAt });
        }

        await db.SaveChangesAsync(cancellationToken);
        var imported = await ImportAsync(company.Id, cancellationToken);
        return $"Demo workspace '{company.Name}' created (slug {Slug}), knowledge base: {imported}.\n" +
               $"Log in as {OwnerEmail} (or {AgentEmail}, agent) with password: {password}\n" +
               $"Try the chatbot's knowledge: GET /api/v1/public/{Slug}/search?q=gwarancja";
    }

    private async Task<string> ImportAsync(string workspaceId, CancellationToken cancellationToken)
    {
        workspace.SetSystem(workspaceId);
        try
        {
            var report = await knowledge.ImportAsync(LoadDocument(), ImportModes.Merge, cancellationToken);
            return $"{report.Total} entries ({report.Created} new, {report.Updated} updated)";
        }
        finally
        {
            workspace.Clear();
        }
    }
}

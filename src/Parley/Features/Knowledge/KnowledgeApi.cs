using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Knowledge;

public sealed record KnowledgeListQuery(string? Lang, string? Q) : IValidatable
{
    public void Validate(Validator v)
    {
        v.OneOf("lang", Lang, KnowledgeRules.Languages);
        v.Length("q", Q, 0, 200);
    }
}

public sealed record ImportQuery(string? Mode) : IValidatable
{
    public void Validate(Validator v) => v.OneOf("mode", Mode, ImportModes.All);
}

public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder routes)
    {
        var knowledge = routes.MapGroup("/api/v1/knowledge").WithTags("Knowledge").AddEndpointFilter<ValidationFilter>()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        knowledge.MapGet("/export", ExportAsync).RequireAuthorization(Policies.Viewer).WithName("ExportKnowledge")
            .WithSummary("The whole knowledge base as one JSON document (the import format).");
        knowledge.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Agent).WithName("ImportKnowledge")
            .WithSummary("Import a knowledge base document: mode=merge (default; same id replaces, nothing deleted) or mode=replace (becomes exactly the document). All or nothing; returns counts.")
            .ProducesProblem(400).ProducesProblem(403);

        MapKind<FaqItem>(knowledge, KnowledgeKinds.Faq, "FAQ entries: question, alternative phrasings, answer, tags.");
        MapKind<PackageItem>(knowledge, KnowledgeKinds.Packages, "Offer packages: name, price per m² or price, duration, what is included.");
        MapKind<PortfolioItem>(knowledge, KnowledgeKinds.Portfolio, "Finished projects: title, description, location, area, duration, package, year.");
        MapKind<ProcessStepItem>(knowledge, KnowledgeKinds.Process, "Steps of working together: number, title, description, duration.");
        MapKind<PartnerItem>(knowledge, KnowledgeKinds.Partners, "Partners: name, category, description, URL, benefit for customers.");
        MapKind<TeamMemberItem>(knowledge, KnowledgeKinds.Team, "Team members: name, role, bio, photo.");
        MapKind<WhyUsItem>(knowledge, KnowledgeKinds.WhyUs, "Reasons to choose the business.");
        MapKind<BlogPostItem>(knowledge, KnowledgeKinds.Blog, "Blog posts: title, summary, content, author, date, URL, tags.");
        MapKind<FactItem>(knowledge, KnowledgeKinds.Facts, "Company facts: category (hours, offices, areas, contact, company, payment, other), title, value.");

        // Any other kind is a missing resource with a clear code, not an empty 404.
        knowledge.MapMethods("/{kind}", ["GET", "POST"], UnknownKind).ExcludeFromDescription();
        knowledge.MapMethods("/{kind}/{id}", ["GET", "PUT", "DELETE"], UnknownKind).ExcludeFromDescription();
        return routes;
    }

    private static void MapKind<T>(RouteGroupBuilder knowledge, string kind, string summary)
        where T : KnowledgeItem
    {
        KindEndpoints<T>.Kind = kind;
        var group = knowledge.MapGroup("/" + kind);
        var name = string.Concat(kind.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        group.MapGet("/", KindEndpoints<T>.ListAsync)
            .RequireAuthorization(Policies.Viewer).WithName($"List{name}").WithSummary(summary + " Filter by lang, search titles with q.");
        group.MapGet("/{id}", KindEndpoints<T>.GetAsync).RequireAuthorization(Policies.Viewer).WithName($"Get{name}").ProducesProblem(404);
        // Passed as Delegate: the route-handler analyzer cannot resolve a generic body parameter (it throws), the runtime can.
        Delegate create = KindEndpoints<T>.CreateAsync, update = KindEndpoints<T>.UpdateAsync;
        group.MapPost("/", create)
            .RequireAuthorization(Policies.Agent).WithName($"Create{name}").WithSummary("Create an entry; id is optional (generated when left out).")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/{id}", update)
            .RequireAuthorization(Policies.Agent).WithName($"Update{name}").WithSummary("Replace an entry with the body.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapDelete("/{id}", KindEndpoints<T>.DeleteAsync).RequireAuthorization(Policies.Agent).WithName($"Delete{name}")
            .ProducesProblem(403).ProducesProblem(404);
    }

    /// <summary>The handlers of one kind; <see cref="Kind"/> is set once when the routes are mapped.</summary>
    private static class KindEndpoints<T>
        where T : KnowledgeItem
    {
        public static string Kind { get; set; } = "";

        public static async Task<Ok<IReadOnlyList<T>>> ListAsync([AsParameters] KnowledgeListQuery query, [AsParameters] Page page,
            KnowledgeService knowledgeBase, HttpContext http, CancellationToken cancellationToken)
        {
            var (items, total) = await knowledgeBase.ListAsync(Kind, query.Lang, query.Q, page, cancellationToken);
            return ListResults.Ok(http, items.Cast<T>().ToList(), total);
        }

        public static async Task<Results<Ok<T>, ProblemHttpResult>> GetAsync(string id, KnowledgeService knowledgeBase, CancellationToken cancellationToken) =>
            await knowledgeBase.GetAsync(Kind, id, cancellationToken) is T item ? TypedResults.Ok(item) : NotFound(Kind);

        public static async Task<Created<T>> CreateAsync(T item, KnowledgeService knowledgeBase, CancellationToken cancellationToken)
        {
            var created = (T)await knowledgeBase.CreateAsync(item, cancellationToken);
            return TypedResults.Created($"/api/v1/knowledge/{Kind}/{created.Id}", created);
        }

        public static async Task<Results<Ok<T>, ProblemHttpResult>> UpdateAsync(string id, T item, KnowledgeService knowledgeBase, CancellationToken cancellationToken)
        {
            if (item.Id is not null && item.Id != id)
            {
                return Problems.Validation("id", "id in the body must match the id in the path (or be left out).");
            }

            return await knowledgeBase.UpdateAsync(Kind, id, item, cancellationToken) is T updated ? TypedResults.Ok(updated) : NotFound(Kind);
        }

        public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, KnowledgeService knowledgeBase, CancellationToken cancellationToken) =>
            await knowledgeBase.DeleteAsync(Kind, id, cancellationToken) ? TypedResults.NoContent() : NotFound(Kind);
    }

    private static async Task<Ok<KnowledgeDocument>> ExportAsync(KnowledgeService knowledgeBase, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.ContentDisposition = "attachment; filename=\"knowledge.json\"";
        return TypedResults.Ok(await knowledgeBase.ExportAsync(cancellationToken));
    }

    private static async Task<Ok<ImportReport>> ImportAsync([AsParameters] ImportQuery query, KnowledgeDocument document, KnowledgeService knowledgeBase,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await knowledgeBase.ImportAsync(document, query.Mode ?? ImportModes.Merge, cancellationToken));

    private static ProblemHttpResult UnknownKind(string kind) =>
        Problems.NotFound("KNOWLEDGE_KIND_NOT_FOUND", $"Unknown knowledge kind '{kind}'; kinds: {string.Join(", ", KnowledgeKinds.All)}.");

    private static ProblemHttpResult NotFound(string kind) =>
        Problems.NotFound("KNOWLEDGE_ENTRY_NOT_FOUND", $"No {kind} entry with this id in the knowledge base.");
}

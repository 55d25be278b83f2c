using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Knowledge;

public sealed record KnowledgeListQuery : IValidatable
{
    public string? Lang { get; init; }

    public string? Q { get; init; }

    public void Validate(Validator v)
    {
        v.OneOf("lang", Lang, KnowledgeRules.Languages);
        v.Length("q", Q, 0, 200);
    }
}

public sealed record ImportQuery : IValidatable
{
    public string? Mode { get; init; }

    public void Validate(Validator v) => v.OneOf("mode", Mode, ImportModes.All);
}

public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder routes)
    {
        var knowledge = routes.MapGroup("/api/v1/knowledge").WithTags("Knowledge").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        knowledge.MapGet("/export", ExportAsync).RequireAuthorization(Policies.Viewer).WithName("ExportKnowledge")
            .WithSummary("The whole knowledge base as one JSON document (the import format).");
        knowledge.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Agent).WithName("ImportKnowledge")
            .WithSummary("Import a knowledge base document: mode=merge (default; same id replaces, nothing deleted) or mode=replace (becomes exactly the document). All or nothing; returns counts.")
            .ProducesProblem(400).ProducesProblem(403);

        // One block per kind with closed handler types, so the request delegates are generated at compile time.
        var faq = KindGroup<FaqItem>(knowledge, KnowledgeKinds.Faq);
        Describe(KnowledgeKinds.Faq, "FAQ entries: question, alternative phrasings, answer, tags.",
            faq.MapGet("/", KindEndpoints<FaqItem>.ListAsync),
            faq.MapGet("/{id}", KindEndpoints<FaqItem>.GetAsync),
            faq.MapPost("/", KindEndpoints<FaqItem>.CreateAsync),
            faq.MapPut("/{id}", KindEndpoints<FaqItem>.UpdateAsync),
            faq.MapDelete("/{id}", KindEndpoints<FaqItem>.DeleteAsync));
        var packages = KindGroup<PackageItem>(knowledge, KnowledgeKinds.Packages);
        Describe(KnowledgeKinds.Packages, "Offer packages: name, price per m² or price, duration, what is included.",
            packages.MapGet("/", KindEndpoints<PackageItem>.ListAsync),
            packages.MapGet("/{id}", KindEndpoints<PackageItem>.GetAsync),
            packages.MapPost("/", KindEndpoints<PackageItem>.CreateAsync),
            packages.MapPut("/{id}", KindEndpoints<PackageItem>.UpdateAsync),
            packages.MapDelete("/{id}", KindEndpoints<PackageItem>.DeleteAsync));
        var portfolio = KindGroup<PortfolioItem>(knowledge, KnowledgeKinds.Portfolio);
        Describe(KnowledgeKinds.Portfolio, "Finished projects: title, description, location, area, duration, package, year.",
            portfolio.MapGet("/", KindEndpoints<PortfolioItem>.ListAsync),
            portfolio.MapGet("/{id}", KindEndpoints<PortfolioItem>.GetAsync),
            portfolio.MapPost("/", KindEndpoints<PortfolioItem>.CreateAsync),
            portfolio.MapPut("/{id}", KindEndpoints<PortfolioItem>.UpdateAsync),
            portfolio.MapDelete("/{id}", KindEndpoints<PortfolioItem>.DeleteAsync));
        var process = KindGroup<ProcessStepItem>(knowledge, KnowledgeKinds.Process);
        Describe(KnowledgeKinds.Process, "Steps of working together: number, title, description, duration.",
            process.MapGet("/", KindEndpoints<ProcessStepItem>.ListAsync),
            process.MapGet("/{id}", KindEndpoints<ProcessStepItem>.GetAsync),
            process.MapPost("/", KindEndpoints<ProcessStepItem>.CreateAsync),
            process.MapPut("/{id}", KindEndpoints<ProcessStepItem>.UpdateAsync),
            process.MapDelete("/{id}", KindEndpoints<ProcessStepItem>.DeleteAsync));
        var partners = KindGroup<PartnerItem>(knowledge, KnowledgeKinds.Partners);
        Describe(KnowledgeKinds.Partners, "Partners: name, category, description, URL, benefit for customers.",
            partners.MapGet("/", KindEndpoints<PartnerItem>.ListAsync),
            partners.MapGet("/{id}", KindEndpoints<PartnerItem>.GetAsync),
            partners.MapPost("/", KindEndpoints<PartnerItem>.CreateAsync),
            partners.MapPut("/{id}", KindEndpoints<PartnerItem>.UpdateAsync),
            partners.MapDelete("/{id}", KindEndpoints<PartnerItem>.DeleteAsync));
        var team = KindGroup<TeamMemberItem>(knowledge, KnowledgeKinds.Team);
        Describe(KnowledgeKinds.Team, "Team members: name, role, bio, photo.",
            team.MapGet("/", KindEndpoints<TeamMemberItem>.ListAsync),
            team.MapGet("/{id}", KindEndpoints<TeamMemberItem>.GetAsync),
            team.MapPost("/", KindEndpoints<TeamMemberItem>.CreateAsync),
            team.MapPut("/{id}", KindEndpoints<TeamMemberItem>.UpdateAsync),
            team.MapDelete("/{id}", KindEndpoints<TeamMemberItem>.DeleteAsync));
        var whyUs = KindGroup<WhyUsItem>(knowledge, KnowledgeKinds.WhyUs);
        Describe(KnowledgeKinds.WhyUs, "Reasons to choose the business.",
            whyUs.MapGet("/", KindEndpoints<WhyUsItem>.ListAsync),
            whyUs.MapGet("/{id}", KindEndpoints<WhyUsItem>.GetAsync),
            whyUs.MapPost("/", KindEndpoints<WhyUsItem>.CreateAsync),
            whyUs.MapPut("/{id}", KindEndpoints<WhyUsItem>.UpdateAsync),
            whyUs.MapDelete("/{id}", KindEndpoints<WhyUsItem>.DeleteAsync));
        var blog = KindGroup<BlogPostItem>(knowledge, KnowledgeKinds.Blog);
        Describe(KnowledgeKinds.Blog, "Blog posts: title, summary, content, author, date, URL, tags.",
            blog.MapGet("/", KindEndpoints<BlogPostItem>.ListAsync),
            blog.MapGet("/{id}", KindEndpoints<BlogPostItem>.GetAsync),
            blog.MapPost("/", KindEndpoints<BlogPostItem>.CreateAsync),
            blog.MapPut("/{id}", KindEndpoints<BlogPostItem>.UpdateAsync),
            blog.MapDelete("/{id}", KindEndpoints<BlogPostItem>.DeleteAsync));
        var facts = KindGroup<FactItem>(knowledge, KnowledgeKinds.Facts);
        Describe(KnowledgeKinds.Facts, "Company facts: category (hours, offices, areas, contact, company, payment, other), title, value.",
            facts.MapGet("/", KindEndpoints<FactItem>.ListAsync),
            facts.MapGet("/{id}", KindEndpoints<FactItem>.GetAsync),
            facts.MapPost("/", KindEndpoints<FactItem>.CreateAsync),
            facts.MapPut("/{id}", KindEndpoints<FactItem>.UpdateAsync),
            facts.MapDelete("/{id}", KindEndpoints<FactItem>.DeleteAsync));

        // Any other kind is a missing resource with a clear code, not an empty 404.
        knowledge.MapMethods("/{kind}", ["GET", "POST"], UnknownKind).ExcludeFromDescription();
        knowledge.MapMethods("/{kind}/{id}", ["GET", "PUT", "DELETE"], UnknownKind).ExcludeFromDescription();
        return routes;
    }

    private static RouteGroupBuilder KindGroup<T>(RouteGroupBuilder knowledge, string kind)
        where T : KnowledgeItem
    {
        KindEndpoints<T>.Kind = kind;
        return knowledge.MapGroup("/" + kind);
    }

    private static void Describe(string kind, string summary, RouteHandlerBuilder list, RouteHandlerBuilder get, RouteHandlerBuilder create,
        RouteHandlerBuilder update, RouteHandlerBuilder delete)
    {
        var name = string.Concat(kind.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        list.RequireAuthorization(Policies.Viewer).WithName($"List{name}").WithSummary(summary + " Filter by lang, search titles with q.");
        get.RequireAuthorization(Policies.Viewer).WithName($"Get{name}").ProducesProblem(404);
        create.RequireAuthorization(Policies.Agent).WithName($"Create{name}").WithSummary("Create an entry; id is optional (generated when left out).")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        update.RequireAuthorization(Policies.Agent).WithName($"Update{name}").WithSummary("Replace an entry with the body.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        delete.RequireAuthorization(Policies.Agent).WithName($"Delete{name}").ProducesProblem(403).ProducesProblem(404);
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

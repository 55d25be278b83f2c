using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Contacts;

public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder routes)
    {
        var contacts = routes.MapGroup("/api/v1/contacts").WithTags("Contacts").ValidateArguments()
            .RequireAuthorization(Policies.Viewer).RequireRateLimiting(RateLimitSetup.ApiPolicy);
        contacts.MapGet("/", ListAsync).WithName("ListContacts")
            .WithSummary("Contacts that left details (with consent), newest first; q matches name, email or phone; all=true includes anonymous chat visitors.");
        contacts.MapGet("/{id}", GetAsync).WithName("GetContact").WithSummary("One contact with its consent record.").ProducesProblem(404);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ContactView>>> ListAsync([AsParameters] Page page, string? q, bool? all, ContactService contacts,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await contacts.ListAsync(q, all != true, page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Results<Ok<ContactView>, ProblemHttpResult>> GetAsync(string id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.GetAsync(id, cancellationToken) is { } contact
            ? TypedResults.Ok(contact)
            : Problems.NotFound("CONTACT_NOT_FOUND", "No contact with this id in the workspace.");
}

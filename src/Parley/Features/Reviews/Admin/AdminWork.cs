using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews.Admin;

/// <summary>
/// Runs one piece of the review pages' work in its own service scope, as the signed-in person of this circuit — like an API request
/// does. A circuit lives for hours and shares one database context between every component; the inbox badges, live reloads and the
/// page's own clicks run concurrently, and one context must never see two operations at once.
/// </summary>
public sealed class AdminWork(IServiceScopeFactory scopes, IWorkspaceContext circuit)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        if (circuit.WorkspaceId is not { } workspaceId || circuit.Role is not { } role)
        {
            throw new ApiException(401, ErrorCodes.Unauthorized, "The admin session has no workspace.");
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Apply(new ResolvedWorkspace(workspaceId, role, circuit.UserId, circuit.ApiKeyId));
        return await work(scope.ServiceProvider);
    }

    public Task RunAsync(Func<IServiceProvider, Task> work) => RunAsync<bool>(async services =>
    {
        await work(services);
        return true;
    });
}

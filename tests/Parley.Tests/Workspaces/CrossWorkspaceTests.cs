using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Workspaces;

/// <summary>Another workspace's ids answer 404 on every endpoint that takes an id, and nothing of theirs changes.</summary>
public sealed class CrossWorkspaceTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherWorkspacesIdsAnswerNotFoundAndChangeNothing(string lane)
    {
        var app = Lanes.App(lane);
        var victim = await app.RegisterAsync();
        var attacker = await app.RegisterAsync();
        await victim.CreateApiKeyAsync("admin");
        var (victimAgent, _) = await victim.AddMemberAsync("agent");
        victimAgent.Dispose();
        using var victimClient = victim.Client();
        var keyId = (await Json.ReadArrayAsync(await victimClient.GetAsync("/api/v1/api-keys")))[0]!["id"]!.GetValue<string>();
        var memberId = (await Json.ReadArrayAsync(await victimClient.GetAsync("/api/v1/members")))[1]!["id"]!.GetValue<string>();
        var invitationId = (await Json.ReadAsync(await victimClient.PostAsJsonAsync("/api/v1/members/invitations",
            new { email = $"p-{Guid.NewGuid():N}@example.com", role = "viewer" })))["id"]!.GetValue<string>();
        using var client = attacker.Client();

        var responses = new[]
        {
            await client.DeleteAsync($"/api/v1/api-keys/{keyId}"),
            await client.PutAsJsonAsync($"/api/v1/members/{memberId}", new { role = "viewer" }),
            await client.DeleteAsync($"/api/v1/members/{memberId}"),
            await client.DeleteAsync($"/api/v1/members/invitations/{invitationId}"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        foreach (var response in responses)
        {
            Assert.EndsWith("_NOT_FOUND", (await Json.ReadAsync(response))["error"]!["code"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Single(await Json.ReadArrayAsync(await victimClient.GetAsync("/api/v1/api-keys")));
        var members = await Json.ReadArrayAsync(await victimClient.GetAsync("/api/v1/members"));
        Assert.Equal("agent", members[1]!["role"]!.GetValue<string>());
        Assert.Single(await Json.ReadArrayAsync(await victimClient.GetAsync("/api/v1/members/invitations")));
        Assert.Empty(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/api-keys")));
        Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/members")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheQueryFilterShowsAContextOnlyItsOwnWorkspacesRows(string lane)
    {
        var app = Lanes.App(lane);
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await a.CreateApiKeyAsync("read");
        await b.CreateApiKeyAsync("read");
        await b.CreateApiKeyAsync("read");

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(b.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var seen = await db.ApiKeys.Select(k => k.WorkspaceId).ToListAsync();

        await using var empty = app.Services.CreateAsyncScope();
        var unscoped = await empty.ServiceProvider.GetRequiredService<ParleyDb>().ApiKeys.CountAsync();

        Assert.Equal(2, seen.Count);
        Assert.All(seen, id => Assert.Equal(b.WorkspaceId, id));
        Assert.Equal(0, unscoped);
    }
}

using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Workspaces;

public sealed class WorkspaceTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnOwnerReadsAndChangesTheWorkspaceSettings(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var slug = "bella-" + Guid.NewGuid().ToString("N")[..8];

        var updated = await client.PutAsJsonAsync("/api/v1/workspace", new { name = "Bella", slug, time_zone = "Europe/Berlin", locale = "de" });
        var read = await Json.ReadAsync(await client.GetAsync("/api/v1/workspace"));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Bella", read["name"]!.GetValue<string>());
        Assert.Equal(slug, read["slug"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", read["time_zone"]!.GetValue<string>());
        Assert.Equal("de", read["locale"]!.GetValue<string>());
        Assert.Equal("free", read["plan"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", read["created_at"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InvalidSettingsAreRefusedFieldByFieldAndNothingChanges(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync("Stara Nazwa");
        using var client = tenant.Client();

        var response = await client.PutAsJsonAsync("/api/v1/workspace", new { name = "Nowa", slug = "Bad Slug!", time_zone = "Mars/Olympus", locale = "fr" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var details = (await Json.ReadAsync(response))["error"]!["details"]!.AsObject();
        Assert.Equal(["locale", "slug", "time_zone"], details.Select(d => d.Key).Order(StringComparer.Ordinal));
        var read = await Json.ReadAsync(await client.GetAsync("/api/v1/workspace"));
        Assert.Equal("Stara Nazwa", read["name"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ASlugTakenByAnotherWorkspaceAnswersConflict(string lane)
    {
        var first = await Lanes.App(lane).RegisterAsync();
        var second = await Lanes.App(lane).RegisterAsync();
        using var client = second.Client();

        var response = await client.PutAsJsonAsync("/api/v1/workspace", new { slug = first.Slug });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("SLUG_TAKEN", (await Json.ReadAsync(response))["error"]!["code"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnInvitedAgentJoinsWithTheRoleAndCanReadButNotAdminister(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var (agent, agentEmail) = await tenant.AddMemberAsync("agent");
        using (agent)
        {
            using var owner = tenant.Client();
            var members = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/members"));
            var me = await Json.ReadAsync(await agent.GetAsync("/api/v1/me"));
            var settings = await agent.PutAsJsonAsync("/api/v1/workspace", new { name = "Hijacked" });
            var invite = await agent.PostAsJsonAsync("/api/v1/members/invitations", new { email = "x@example.com", role = "viewer" });

            Assert.Equal(2, members.Count);
            Assert.Contains(members, m => m!["email"]!.GetValue<string>() == agentEmail && m["role"]!.GetValue<string>() == "agent");
            Assert.Equal(tenant.WorkspaceId, me["workspace"]!["id"]!.GetValue<string>());
            Assert.Equal("agent", me["workspace"]!["role"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, settings.StatusCode);
            Assert.Equal("FORBIDDEN", (await Json.ReadAsync(settings))["error"]!["code"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnInvitationWorksOnceAndItsTokenIsNotListed(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        var invitation = await Json.ReadAsync(await owner.PostAsJsonAsync("/api/v1/members/invitations", new { email = $"v-{Guid.NewGuid():N}@example.com", role = "viewer" }));
        var pending = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/members/invitations"));
        using var anonymous = tenant.App.CreateClient();
        var token = invitation["token"]!.GetValue<string>();

        var first = await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token, password = Tenant.Password });
        var second = await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token, password = Tenant.Password });

        Assert.Contains("/accept-invitation?token=", invitation["accept_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(pending);
        Assert.Null(pending[0]!["token"]);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("INVITATION_NOT_FOUND", (await Json.ReadAsync(second))["error"]!["code"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnAdminCannotGrantOwnershipAndTheLastOwnerCannotBeDemoted(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var (admin, _) = await tenant.AddMemberAsync("admin");
        using (admin)
        {
            using var owner = tenant.Client();
            var members = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/members"));
            var ownerMemberId = members.First(m => m!["role"]!.GetValue<string>() == "owner")!["id"]!.GetValue<string>();
            var adminMemberId = members.First(m => m!["role"]!.GetValue<string>() == "admin")!["id"]!.GetValue<string>();

            var grant = await admin.PutAsJsonAsync($"/api/v1/members/{adminMemberId}", new { role = "owner" });
            var demoteLast = await owner.PutAsJsonAsync($"/api/v1/members/{ownerMemberId}", new { role = "viewer" });
            var removeLast = await owner.DeleteAsync($"/api/v1/members/{ownerMemberId}");
            var demoteAdmin = await owner.PutAsJsonAsync($"/api/v1/members/{adminMemberId}", new { role = "viewer" });

            Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, demoteLast.StatusCode);
            Assert.Equal("LAST_OWNER", (await Json.ReadAsync(demoteLast))["error"]!["code"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Conflict, removeLast.StatusCode);
            Assert.Equal("viewer", (await Json.ReadAsync(demoteAdmin))["role"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/members/invitations")).StatusCode);
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task APersonInTwoWorkspacesChoosesOneWithTheHeaderAndCannotNameAStrangersWorkspace(string lane)
    {
        var app = Lanes.App(lane);
        var home = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        using var otherOwner = other.Client();
        var invitation = await Json.ReadAsync(await otherOwner.PostAsJsonAsync("/api/v1/members/invitations", new { email = home.Email, role = "agent" }));
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token = invitation["token"]!.GetValue<string>() })).StatusCode);
        using var client = home.Client();

        var defaultMe = await Json.ReadAsync(await client.GetAsync("/api/v1/me"));
        using var chooseOther = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspace");
        chooseOther.Headers.Add("X-Workspace-Id", other.WorkspaceId);
        var chosen = await Json.ReadAsync(await client.SendAsync(chooseOther));
        using var chooseStranger = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspace");
        chooseStranger.Headers.Add("X-Workspace-Id", stranger.WorkspaceId);
        var refused = await client.SendAsync(chooseStranger);

        Assert.Equal(2, defaultMe["workspaces"]!.AsArray().Count);
        Assert.Equal(home.WorkspaceId, defaultMe["workspace"]!["id"]!.GetValue<string>());
        Assert.Equal(other.WorkspaceId, chosen["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("WORKSPACE_NOT_FOUND", (await Json.ReadAsync(refused))["error"]!["code"]!.GetValue<string>());
    }
}

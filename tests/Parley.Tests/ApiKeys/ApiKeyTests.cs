using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.ApiKeys;

public sealed class ApiKeyTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AKeyIsShownOnceAtCreationAndNeverListed(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();

        var response = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Booksy sync", scopes = new[] { "write", "read" } });
        var created = await Json.ReadAsync(response);
        var listResponse = await owner.GetAsync("/api/v1/api-keys");
        var list = await Json.ReadArrayAsync(listResponse);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["id", "name", "scopes", "key", "created_at"], created.AsObject().Select(p => p.Key));
        Assert.StartsWith("pk_", created["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["read", "write"], created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var listed = Assert.Single(list);
        Assert.Equal("Booksy sync", listed!["name"]!.GetValue<string>());
        Assert.Null(listed["key"]);
        Assert.Equal(created["key"]!.GetValue<string>()[..10], listed["prefix"]!.GetValue<string>());
        Assert.Equal("1", listResponse.Headers.GetValues("X-Total-Count").Single());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AKeyAuthenticatesThroughEitherHeaderWithinItsScopes(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var readKey = await tenant.CreateApiKeyAsync("read");
        using var viaHeader = tenant.App.ClientWithApiKey(readKey);
        using var viaBearer = tenant.App.CreateClient();
        viaBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readKey);

        var me = await Json.ReadAsync(await viaHeader.GetAsync("/api/v1/me"));
        var workspace = await Json.ReadAsync(await viaBearer.GetAsync("/api/v1/workspace"));
        var createWithRead = await viaHeader.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", scopes = new[] { "admin" } });
        var updateWithRead = await viaHeader.PutAsJsonAsync("/api/v1/workspace", new { name = "x" });

        Assert.Null(me["user"]);
        Assert.Equal("test key", me["api_key"]!["name"]!.GetValue<string>());
        Assert.Equal("viewer", me["workspace"]!["role"]!.GetValue<string>());
        Assert.Equal(tenant.WorkspaceId, workspace["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, createWithRead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, updateWithRead.StatusCode);

        var adminKey = await tenant.CreateApiKeyAsync("admin");
        using var admin = tenant.App.ClientWithApiKey(adminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "made by a key", scopes = new[] { "read" } })).StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ARevokedKeyStopsWorkingAtOnce(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var key = await tenant.CreateApiKeyAsync("read");
        using var owner = tenant.Client();
        var id = (await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/api-keys")))[0]!["id"]!.GetValue<string>();
        using var machine = tenant.App.ClientWithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/v1/workspace")).StatusCode);

        var revoke = await owner.DeleteAsync($"/api/v1/api-keys/{id}");
        var again = await owner.DeleteAsync($"/api/v1/api-keys/{id}");
        var after = await machine.GetAsync("/api/v1/workspace");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("API_KEY_NOT_FOUND", (await Json.ReadAsync(again))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Empty(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/api-keys")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnknownKeyAndBadScopesAreRefused(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var stranger = tenant.App.ClientWithApiKey("pk_this-key-does-not-exist");
        using var owner = tenant.Client();

        var unknown = await stranger.GetAsync("/api/v1/workspace");
        var badScope = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scopes = new[] { "root" } });
        var noScope = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scopes = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.NotNull((await Json.ReadAsync(badScope))["error"]!["details"]!["scopes"]);
        Assert.Equal(HttpStatusCode.BadRequest, noScope.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ListingPagesWithLimitAndOffsetAndCountsAll(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            await tenant.CreateApiKeyAsync("read");
        }

        using var owner = tenant.Client();
        var page = await owner.GetAsync("/api/v1/api-keys?limit=2&offset=1");
        var badLimit = await owner.GetAsync("/api/v1/api-keys?limit=0");
        var notANumber = await owner.GetAsync("/api/v1/api-keys?limit=many");

        Assert.Equal(2, (await Json.ReadArrayAsync(page)).Count);
        Assert.Equal("5", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.NotNull((await Json.ReadAsync(badLimit))["error"]!["details"]!["limit"]);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await Json.ReadAsync(notANumber))["error"]!["code"]!.GetValue<string>());
    }
}

using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Accounts;

public sealed class AuthTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RegisteringCreatesAUserAWorkspaceAndWorkingTokens(string lane)
    {
        var app = Lanes.App(lane);
        using var client = app.CreateClient();
        var email = $"Anna.{Guid.NewGuid():N}@example.com";

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Tenant.Password, workspace_name = "Salon Urody Ślicznotka" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(email, body["user"]!["email"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["user"]!["id"]!.GetValue<string>()));
        Assert.Equal("Salon Urody Ślicznotka", body["workspace"]!["name"]!.GetValue<string>());
        Assert.StartsWith("salon-urody-slicznotka", body["workspace"]!["slug"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.StartsWith("rt_", body["refresh_token"]!.GetValue<string>(), StringComparison.Ordinal);

        using var authed = app.ClientWithToken(body["access_token"]!.GetValue<string>());
        var me = await Json.ReadAsync(await authed.GetAsync("/api/v1/me"));
        Assert.Equal(email, me["user"]!["email"]!.GetValue<string>());
        Assert.Equal("owner", me["workspace"]!["role"]!.GetValue<string>());
        Assert.Single(me["workspaces"]!.AsArray());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RegisteringAnEmailTwiceAnswersConflictAndKeepsTheFirstAccount(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = tenant.Email, password = "another-password", workspace_name = "Second" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("EMAIL_TAKEN", body["error"]!["code"]!.GetValue<string>());
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = Tenant.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RegisteringWithMissingAndInvalidFieldsListsEachField(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("VALIDATION_ERROR", body["error"]!["code"]!.GetValue<string>());
        var details = body["error"]!["details"]!.AsObject();
        Assert.Contains("email", details.Select(d => d.Key));
        Assert.Contains("password", details.Select(d => d.Key));
        Assert.Contains("workspace_name", details.Select(d => d.Key));
        Assert.NotNull(body["errors"]!["workspace_name"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task LoginWithTheRightPasswordReturnsTokensAndTheWrongOneAnswersUnauthorized(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.CreateClient();

        var ok = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = Tenant.Password }));
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = "wrong-password" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "wrong-password" });

        Assert.False(string.IsNullOrEmpty(ok["access_token"]!.GetValue<string>()));
        Assert.Equal("Bearer", ok["token_type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("INVALID_CREDENTIALS", (await Json.ReadAsync(wrong))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightPassword(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = "wrong-password" });
        }

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = Tenant.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ACCOUNT_LOCKED", (await Json.ReadAsync(response))["error"]!["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ARefreshTokenWorksOnceAndReusingItRevokesTheWholeFamily(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = tenant.RefreshToken });
        var renewed = await Json.ReadAsync(first);
        var replay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = tenant.RefreshToken });
        var afterReplay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = renewed["refresh_token"]!.GetValue<string>() });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(tenant.RefreshToken, renewed["refresh_token"]!.GetValue<string>());
        using var authed = tenant.App.ClientWithToken(renewed["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await authed.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("INVALID_REFRESH_TOKEN", (await Json.ReadAsync(replay))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, afterReplay.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task LoggingOutRevokesTheRefreshToken(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.CreateClient();

        var logout = await client.PostAsJsonAsync("/api/v1/auth/logout", new { refresh_token = tenant.RefreshToken });
        var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = tenant.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ATamperedAccessTokenIsRefused(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.App.ClientWithToken(tenant.AccessToken[..^4] + "AAAA");

        var response = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHORIZED", (await Json.ReadAsync(response))["error"]!["code"]!.GetValue<string>());
    }
}

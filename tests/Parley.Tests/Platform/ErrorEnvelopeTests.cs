using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>Every failure answers RFC 9457 problem details that also carry the contract's error envelope.</summary>
public sealed class ErrorEnvelopeTests
{
    private static async Task<JsonNode> AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["title"]!.GetValue<string>()));
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["message"]!.GetValue<string>()));
        Assert.NotNull(body["error"]!["details"]!.AsObject());
        Assert.Matches("^[0-9a-f]{32}$", body["trace_id"]!.GetValue<string>());
        return body;
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task MalformedJsonIsAValidationError(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();
        var body = await AssertEnvelopeAsync(await client.PostAsync("/api/v1/auth/login", Json.Raw("{\"email\": ")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(body["error"]!["details"]!["body"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AWrongTypeNamesTheField(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();
        var body = await AssertEnvelopeAsync(await client.PostAsync("/api/v1/auth/login", Json.Raw("{\"email\": [1,2], \"password\": \"x\"}")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(body["error"]!["details"]!["email"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnknownEnumValueNamesTheField(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var body = await AssertEnvelopeAsync(await client.PostAsync("/api/v1/members/invitations", Json.Raw("{\"email\":\"a@example.com\",\"role\":\"superuser\"}")),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(body["error"]!["details"]!["role"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AMissingBodyAndMissingFieldsAreValidationErrors(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();
        await AssertEnvelopeAsync(await client.PostAsync("/api/v1/auth/login", Json.Raw("")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var body = await AssertEnvelopeAsync(await client.PostAsync("/api/v1/auth/login", Json.Raw("{}")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("email is required.", body["error"]!["details"]!["email"]!.GetValue<string>());
        Assert.NotNull(body["errors"]!["password"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnOversizedBodyIsRefusedBeforeItIsRead(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();
        var huge = "{\"email\":\"" + new string('a', 1_100_000) + "\",\"password\":\"x\"}";
        await AssertEnvelopeAsync(await client.PostAsync("/api/v1/auth/login", Json.Raw(huge)), HttpStatusCode.BadRequest, "REQUEST_TOO_LARGE");
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task UnauthenticatedForbiddenAndUnknownAnswerInTheEnvelope(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (viewer)
        {
            using var anonymous = tenant.App.CreateClient();
            await AssertEnvelopeAsync(await anonymous.GetAsync("/api/v1/workspace"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            await AssertEnvelopeAsync(await viewer.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scopes = new[] { "read" } }), HttpStatusCode.Forbidden, "FORBIDDEN");
            await AssertEnvelopeAsync(await anonymous.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, "NOT_FOUND");
            await AssertEnvelopeAsync(await viewer.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid():N}"), HttpStatusCode.Forbidden, "FORBIDDEN");
            using var owner = tenant.Client();
            await AssertEnvelopeAsync(await owner.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid():N}"), HttpStatusCode.NotFound, "API_KEY_NOT_FOUND");
            await AssertEnvelopeAsync(await owner.PatchAsync("/api/v1/workspace", Json.Raw("{}")), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnUnexpectedFailureAnswers500WithATraceIdAndNoInternals(string lane)
    {
        using var client = Lanes.App(lane).CreateClient();
        var response = await client.GetAsync("/test/fault");
        var text = await response.Content.ReadAsStringAsync();
        await AssertEnvelopeAsync(response, HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR");
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
    }
}

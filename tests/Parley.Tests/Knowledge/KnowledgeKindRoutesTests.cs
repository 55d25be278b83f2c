using System.Net;
using System.Net.Http.Json;
using Parley.Features.Knowledge;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Knowledge;

/// <summary>Each knowledge kind has its own five routes, typed request and response bodies, and its own names in the API description.</summary>
public sealed class KnowledgeKindRoutesTests
{
    private static ParleyApp App => Lanes.App(Lanes.Sqlite);

    private static string OperationName(string kind) => string.Concat(kind.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    [Fact]
    public async Task EveryKindIsDescribedWithItsFiveOperationsAndItsOwnEntrySchema()
    {
        using var client = App.CreateClient();

        var document = await Json.ReadAsync(await client.GetAsync("/openapi/v1.json"));

        var paths = document["paths"]!;
        Assert.Equal(9, KnowledgeKinds.All.Count);
        foreach (var kind in KnowledgeKinds.All)
        {
            var name = OperationName(kind);
            var collection = paths[$"/api/v1/knowledge/{kind}"]!;
            var entry = paths[$"/api/v1/knowledge/{kind}/{{id}}"]!;
            Assert.Equal($"List{name}", collection["get"]!["operationId"]!.GetValue<string>());
            Assert.Equal($"Create{name}", collection["post"]!["operationId"]!.GetValue<string>());
            Assert.Equal($"Get{name}", entry["get"]!["operationId"]!.GetValue<string>());
            Assert.Equal($"Update{name}", entry["put"]!["operationId"]!.GetValue<string>());
            Assert.Equal($"Delete{name}", entry["delete"]!["operationId"]!.GetValue<string>());
            var listParameters = collection["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>().ToLowerInvariant()).ToList();
            Assert.Equal(["lang", "q", "limit", "offset"], listParameters);
            // The body is the kind's own entry type, not the common base.
            var bodySchema = collection["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
            Assert.EndsWith("Item", bodySchema, StringComparison.Ordinal);
            Assert.DoesNotContain("KnowledgeItem", bodySchema, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryKindListsReadsValidatesAndDeletesThroughItsOwnRoutes()
    {
        var tenant = await App.RegisterAsync();
        using var client = tenant.Client();

        foreach (var kind in KnowledgeKinds.All)
        {
            var list = await client.GetAsync($"/api/v1/knowledge/{kind}?lang=en&limit=5");
            var badLanguage = await client.GetAsync($"/api/v1/knowledge/{kind}?lang=fr");
            var badLimit = await client.GetAsync($"/api/v1/knowledge/{kind}?limit=0");
            var unparsableOffset = await client.GetAsync($"/api/v1/knowledge/{kind}?offset=first");
            var missing = await client.GetAsync($"/api/v1/knowledge/{kind}/nothing-here");
            var empty = await client.PostAsJsonAsync($"/api/v1/knowledge/{kind}", new { language = "xx" });
            var mismatched = await client.PutAsJsonAsync($"/api/v1/knowledge/{kind}/one", new { id = "two", language = "en" });
            var deleteMissing = await client.DeleteAsync($"/api/v1/knowledge/{kind}/nothing-here");

            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Empty(await Json.ReadArrayAsync(list));
            Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
            Assert.Equal(HttpStatusCode.BadRequest, badLanguage.StatusCode);
            Assert.True((await Json.ReadAsync(badLanguage))["error"]!["details"]!.AsObject().ContainsKey("lang"), kind);
            Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
            Assert.True((await Json.ReadAsync(badLimit))["error"]!["details"]!.AsObject().ContainsKey("limit"), kind);
            Assert.Equal(HttpStatusCode.BadRequest, unparsableOffset.StatusCode);
            var unparsable = (await Json.ReadAsync(unparsableOffset))["error"]!;
            Assert.Equal("VALIDATION_ERROR", unparsable["code"]!.GetValue<string>());
            Assert.Equal("Invalid value for 'offset'.", unparsable["details"]!["offset"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var notFound = (await Json.ReadAsync(missing))["error"]!;
            Assert.Equal("KNOWLEDGE_ENTRY_NOT_FOUND", notFound["code"]!.GetValue<string>());
            Assert.Contains($"No {kind} entry", notFound["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.True((await Json.ReadAsync(empty))["error"]!["details"]!.AsObject().ContainsKey("language"), kind);
            Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, deleteMissing.StatusCode);
        }
    }
}

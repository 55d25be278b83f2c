using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reviews;

/// <summary>Shared helpers for the review inbox tests: creating reviews and checking response shapes.</summary>
public static class ReviewTestData
{
    public static readonly string[] ReviewFields =
        ["id", "source", "author_name", "author_avatar", "rating", "content", "date", "status", "service_context", "reply", "email", "phone", "order_no",
         "read", "external_id", "sentiment"];

    public static async Task<JsonNode> CreateReviewAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/reviews", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToJsonString());
        return json;
    }

    public static Task<JsonNode> CreateReviewAsync(HttpClient client, string source = "google", int rating = 5, string content = "Fantastyczna obsługa! Polecam.",
        string author = "Anna Nowak", DateTime? date = null, string? externalId = null, string? service = "Koloryzacja Sombre", string? employee = "Kasia") =>
        CreateReviewAsync(client, new
        {
            source,
            external_id = externalId,
            author_name = author,
            author_avatar = "https://i.pravatar.cc/150?u=101",
            rating,
            content,
            date = (date ?? DateTime.UtcNow.AddHours(-1)).ToString("O"),
            service_context = new { service_name = service, employee_name = employee },
            email = "anna.nowak@example.com",
            phone = "500600700",
            order_no = "ORD-12345",
        });

    public static void AssertFields(JsonNode? node, params string[] expected)
    {
        Assert.NotNull(node);
        var actual = node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }

    public static string Str(JsonNode? node) => node!.GetValue<string>();
}

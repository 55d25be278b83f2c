using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Platform.Realtime;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class InboxEventsTests
{
    private static readonly string[] Events = ["review_created", "review_replied", "feedback_created", "feedback_status_changed", "unread_counts_changed"];

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InboxChangesReachTheWorkspacesConnectedClients(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        var received = Channel.CreateUnbounded<(string Name, JsonElementHolder Payload)>();
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, WorkspaceHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(tenant.AccessToken);
            })
            .Build();
        foreach (var name in Events)
        {
            connection.On<System.Text.Json.JsonElement>(name, payload => received.Writer.TryWrite((name, new JsonElementHolder(payload))));
        }

        connection.On<System.Text.Json.JsonElement>(WorkspaceHub.JoinedEvent, _ => joined.TrySetResult());
        await connection.StartAsync();
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(15));

        using var client = tenant.Client();
        var review = await CreateReviewAsync(client);
        await NextAsync(received, "review_created", p => Assert.Equal(Str(review["id"]), Str(p["id"])));
        await NextAsync(received, "unread_counts_changed", p =>
        {
            AssertFields(p, "reviews", "feedback");
            Assert.Equal(1, p["reviews"]!.GetValue<int>());
            Assert.Equal(0, p["feedback"]!.GetValue<int>());
        });

        await client.PostAsJsonAsync($"/api/v1/reviews/{Str(review["id"])}/reply", new { content = "Dziękujemy!" });
        await NextAsync(received, "review_replied", p => Assert.Equal("answered", Str(p["status"])));
        await NextAsync(received, "unread_counts_changed", p => Assert.Equal(0, p["reviews"]!.GetValue<int>()));

        using var anonymous = app.CreateClient();
        await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback", new { rating = 2, message = "Za głośno" });
        var feedbackId = "";
        await NextAsync(received, "feedback_created", p => feedbackId = Str(p["id"]));
        await NextAsync(received, "unread_counts_changed", p => Assert.Equal(1, p["feedback"]!.GetValue<int>()));

        await client.PutAsJsonAsync($"/api/v1/intercepted-feedbacks/{feedbackId}/status", new { status = "read" });
        await NextAsync(received, "feedback_status_changed", p =>
        {
            AssertFields(p, "id", "status", "updated_at");
            Assert.Equal("read", Str(p["status"]));
        });
        await NextAsync(received, "unread_counts_changed", p => Assert.Equal(0, p["feedback"]!.GetValue<int>()));
    }

    private static async Task NextAsync(Channel<(string Name, JsonElementHolder Payload)> received, string expected, Action<JsonNode> check)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var (name, payload) = await received.Reader.ReadAsync(timeout.Token);
        Assert.Equal(expected, name);
        check(JsonNode.Parse(payload.Element.GetRawText())!);
    }

    public sealed record JsonElementHolder(System.Text.Json.JsonElement Element);
}

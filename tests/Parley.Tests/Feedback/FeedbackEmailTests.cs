using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Parley.Integrations.Smtp;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Feedback;

/// <summary>A Parley whose outbox is drained only when a test says so, with a one-second retry backoff.</summary>
public sealed class ManualOutboxApp : IDisposable
{
    public ParleyApp App { get; } = new(Lanes.Sqlite, new Dictionary<string, string?>
    {
        ["Jobs:Enabled"] = "false",
        ["Email:RetryBaseSeconds"] = "1",
        ["Email:MaxAttempts"] = "3",
    });

    public async Task<int> DispatchAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    public void Dispose() => App.Dispose();
}

public sealed class FeedbackEmailTests(ManualOutboxApp manual) : IClassFixture<ManualOutboxApp>
{
    internal static async Task UseSmtpAsync(HttpClient client, int port)
    {
        var response = await client.PutAsJsonAsync("/api/v1/email/settings",
            new { host = "127.0.0.1", port, security = "none", from_address = "salon@example.com", from_name = "Salon Bella" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonNode> ReplyToNewFeedbackAsync(HttpClient client, string email = "jan.kowalski@example.com")
    {
        var created = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks",
            new { rating = 2, message = "Muzyka była zdecydowanie za głośno.", name = "Jan", surname = "Kowalski", email }));
        var reply = await client.PostAsJsonAsync($"/api/v1/intercepted-feedbacks/{Str(created["id"])}/reply",
            new { message = "Dziękujemy za opinię. Postaramy się poprawić." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return await Json.ReadAsync(reply);
    }

    private static async Task<JsonNode> OutboxMessageAsync(HttpClient client) =>
        Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/email/outbox")))!;

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AReplyIsEmailedToTheCustomerThroughTheOutbox(string lane)
    {
        await using var smtp = new FakeSmtpServer();
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        await UseSmtpAsync(client, smtp.Port);

        var reply = await ReplyToNewFeedbackAsync(client);
        var delivery = reply["reply"]!["delivery"]!;
        Assert.Equal("email", Str(delivery["channel"]));
        Assert.Equal("jan.kowalski@example.com", Str(delivery["to"]));
        Assert.Contains(Str(delivery["state"]), new[] { "pending", "sending", "sent" });

        // The outbox job runs on its own (nudged when the reply was queued).
        var received = await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["jan.kowalski@example.com"], received.To);
        Assert.Equal("salon@example.com", received.From);
        var mime = await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));
        Assert.Contains("Odpowiedź na Twoją opinię", mime.Subject);
        Assert.Contains("Dziękujemy za opinię. Postaramy się poprawić.", mime.TextBody);
        Assert.Contains("Dzień dobry Jan,", mime.TextBody);
        Assert.Equal("Salon Bella", mime.From.Mailboxes.Single().Name);

        var state = "";
        for (var i = 0; i < 50 && state != "sent"; i++)
        {
            var feedback = Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks")))!;
            state = Str(feedback["reply"]!["delivery"]!["state"]);
            await Task.Delay(100);
        }

        Assert.Equal("sent", state);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task ATemporaryFailureIsRetriedAfterABackoffAndTheEmailIsSentOnce()
    {
        await using var smtp = new FakeSmtpServer { FailNextMessages = 1 };
        var tenant = await manual.App.RegisterAsync();
        using var client = tenant.Client();
        await UseSmtpAsync(client, smtp.Port);
        await ReplyToNewFeedbackAsync(client);

        await manual.DispatchAsync();
        var afterFailure = await OutboxMessageAsync(client);
        Assert.Equal("pending", Str(afterFailure["status"]));
        Assert.Equal(1, afterFailure["attempts"]!.GetValue<int>());
        Assert.Contains("451", Str(afterFailure["last_error"]));
        Assert.Empty(smtp.Messages);

        // Not due yet: nothing is sent before the backoff has passed.
        await manual.DispatchAsync();
        Assert.Equal(1, smtp.DataAttempts);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await manual.DispatchAsync();
        var sent = await OutboxMessageAsync(client);
        Assert.Equal("sent", Str(sent["status"]));
        Assert.Equal(2, sent["attempts"]!.GetValue<int>());
        Assert.Null(sent["last_error"]);
        Assert.Single(smtp.Messages);

        await manual.DispatchAsync();
        Assert.Single(smtp.Messages);
        Assert.Equal(2, smtp.DataAttempts);
    }

    [Fact]
    public async Task ARefusedRecipientFailsAtOnceAndCanBeRetriedByHand()
    {
        await using var smtp = new FakeSmtpServer { RejectRecipients = true };
        var tenant = await manual.App.RegisterAsync();
        using var client = tenant.Client();
        await UseSmtpAsync(client, smtp.Port);
        await ReplyToNewFeedbackAsync(client);

        await manual.DispatchAsync();
        var failed = await OutboxMessageAsync(client);
        Assert.Equal("failed", Str(failed["status"]));
        Assert.Contains("550", Str(failed["last_error"]));
        var feedback = Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks")))!;
        Assert.Equal("failed", Str(feedback["reply"]!["delivery"]!["state"]));

        smtp.RejectRecipients = false;
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/email/outbox/{Str(failed["id"])}/retry", null)).StatusCode);
        await manual.DispatchAsync();
        Assert.Equal("sent", Str((await OutboxMessageAsync(client))["status"]));
        Assert.Single(smtp.Messages);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/email/outbox/{Str(failed["id"])}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task TwoDispatchersRacingForTheSameEmailSendItOnce()
    {
        await using var smtp = new FakeSmtpServer();
        var tenant = await manual.App.RegisterAsync();
        using var client = tenant.Client();
        await UseSmtpAsync(client, smtp.Port);
        await ReplyToNewFeedbackAsync(client);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(manual.DispatchAsync)));
        Assert.Equal("sent", Str((await OutboxMessageAsync(client))["status"]));
        Assert.Single(smtp.Messages);
        Assert.Equal(1, smtp.DataAttempts);
    }

    [Fact]
    public async Task WithoutAnySmtpServerTheEmailWaitsWithAClearError()
    {
        var tenant = await manual.App.RegisterAsync();
        using var client = tenant.Client();
        await ReplyToNewFeedbackAsync(client);

        await manual.DispatchAsync();
        var message = await OutboxMessageAsync(client);
        Assert.Equal("pending", Str(message["status"]));
        Assert.Contains("No SMTP server is configured", Str(message["last_error"]));
    }

    [Fact]
    public async Task SmtpSettingsKeepThePasswordSecretAndTheTestEmailReportsDelivery()
    {
        await using var smtp = new FakeSmtpServer();
        var tenant = await manual.App.RegisterAsync();
        using var client = tenant.Client();

        var none = await Json.ReadAsync(await client.GetAsync("/api/v1/email/settings"));
        Assert.Equal("none", Str(none["source"]));

        var saved = await Json.ReadAsync(await client.PutAsJsonAsync("/api/v1/email/settings",
            new { host = "127.0.0.1", port = smtp.Port, security = "none", username = "", password = "s3cret-pass", from_address = "salon@example.com" }));
        AssertFields(saved, "source", "host", "port", "security", "username", "password_set", "from_address", "from_name", "updated_at");
        Assert.Equal("workspace", Str(saved["source"]));
        Assert.True(saved["password_set"]!.GetValue<bool>());
        Assert.DoesNotContain("s3cret-pass", saved.ToJsonString());

        var test = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/email/test", new { to = "owner@example.com" }));
        Assert.True(test["sent"]!.GetValue<bool>(), test.ToJsonString());
        Assert.Equal(["owner@example.com"], (await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(10))).To);

        var invalid = await client.PutAsJsonAsync("/api/v1/email/settings", new { host = "", port = 0, security = "tls13", from_address = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var details = (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject();
        Assert.Equal(["from_address", "host", "port", "security"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var (agent, _) = await tenant.AddMemberAsync("agent");
        using (agent)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/email/settings")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/email/settings")).StatusCode);
        Assert.Equal("none", Str((await Json.ReadAsync(await client.GetAsync("/api/v1/email/settings")))["source"]));
    }
}

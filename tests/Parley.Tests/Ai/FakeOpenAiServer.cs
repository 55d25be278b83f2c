using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Tests.Ai;

public enum FakeMode
{
    Answer,
    Slow,
    RateLimited,
    ServerError,
    Malformed,
}

/// <summary>
/// An OpenAI-compatible server on loopback speaking the real wire format of <c>POST /v1/chat/completions</c>, with and
/// without <c>stream</c>, that can also be slow, rate limited, broken or malformed on demand.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public FakeMode Mode { get; set; } = FakeMode.Answer;
    public string Reply { get; set; } = "Oczywiście, mamy wolny termin w sobotę o 10:00.";
    public ConcurrentQueue<(string? Authorization, JsonNode Body)> Requests { get; } = new();
    public Uri Endpoint { get; private set; } = null!;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address + "/v1");
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        Requests.Enqueue((http.Request.Headers.Authorization.ToString(), body));
        var model = body["model"]?.GetValue<string>() ?? "unknown";
        switch (Mode)
        {
            case FakeMode.Slow:
                await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
                return;
            case FakeMode.RateLimited:
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = "20";
                await http.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached", type = "rate_limit_exceeded", code = "rate_limit_exceeded" } });
                return;
            case FakeMode.ServerError:
                http.Response.StatusCode = 500;
                await http.Response.WriteAsJsonAsync(new { error = new { message = "The server had an error", type = "server_error" } });
                return;
            case FakeMode.Malformed:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"id\":\"chatcmpl-x\",\"choices\":[{\"message\":");
                return;
        }

        var promptTokens = body["messages"]!.AsArray().Sum(m => (m!["content"]?.ToString().Length ?? 0) / 4 + 1);
        var completionTokens = Reply.Length / 4 + 1;
        if (body["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var piece in Reply.Split(' ').Select((w, i) => i == 0 ? w : " " + w))
            {
                await WriteEventAsync(http, Chunk(model, new JsonObject { ["content"] = piece }, null));
            }

            await WriteEventAsync(http, Chunk(model, new JsonObject(), "stop"));
            await WriteEventAsync(http, new JsonObject
            {
                ["id"] = "chatcmpl-fake", ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(promptTokens, completionTokens),
            });
            await http.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Reply },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
        });
    }

    private static JsonObject Usage(int prompt, int completion) =>
        new() { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };

    private static JsonObject Chunk(string model, JsonObject delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static async Task WriteEventAsync(HttpContext http, JsonObject payload)
    {
        await http.Response.WriteAsync("data: " + payload.ToJsonString(JsonSerializerOptions.Default) + "\n\n");
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

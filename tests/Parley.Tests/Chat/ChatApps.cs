using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Features.Knowledge;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

/// <summary>
/// Chat tests run on apps of their own, where <see cref="ScriptedAnswerer"/> answers (so they check the chat's behaviour for each
/// kind of answer, not any wording) — or, for <see cref="WithoutKnowledge"/>, where no answerer is registered at all.
/// </summary>
public static class ChatApps
{
    private static readonly ConcurrentDictionary<string, Lazy<ParleyApp>> Apps = new();

    public static ParleyApp Scripted(string lane) => Get("scripted:" + lane, () => new ParleyApp(lane)
    {
        ConfigureHost = host => host
            // The widget script is a static web asset: served from the project's wwwroot, as in the browser tests.
            .UseStaticWebAssets()
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<IChatAnswerer>();
                services.AddSingleton<IChatAnswerer>(ScriptedAnswerer.Instance);
            }),
    });

    public static ParleyApp WithoutKnowledge(string lane) => Get("none:" + lane, () => new ParleyApp(lane)
    {
        ConfigureHost = host => host.ConfigureTestServices(services => services.RemoveAll<IChatAnswerer>()),
    });

    private static ParleyApp Get(string key, Func<ParleyApp> create) => Apps.GetOrAdd(key, k => new Lazy<ParleyApp>(() =>
    {
        var app = create();
        _ = app.Server;
        return app;
    })).Value;
}

/// <summary>A website visitor of one workspace: an anonymous client that keeps its session id like the widget does.</summary>
public sealed class Visitor(ParleyApp app, string slug) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    public string Slug { get; } = slug;
    public string? SessionId { get; private set; }
    public string? ConversationId { get; private set; }

    public HttpClient Http => _client;

    public async Task<HttpResponseMessage> PostAsync(string message, string? language = null) =>
        await _client.PostAsJsonAsync($"/api/v1/public/{Slug}/chat/messages", new { session_id = SessionId, message, language });

    /// <summary>Sends a message and returns the reply, keeping the session for the next one.</summary>
    public async Task<JsonNode> SayAsync(string message, string? language = null)
    {
        var response = await PostAsync(message, language);
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        SessionId = body["session_id"]!.GetValue<string>();
        ConversationId = body["conversation_id"]!.GetValue<string>();
        return body;
    }

    public async Task<JsonArray> HistoryAsync(string? after = null)
    {
        var response = await _client.GetAsync($"/api/v1/public/{Slug}/chat/sessions/{SessionId}/messages" + (after is null ? "" : $"?after={after}"));
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body.AsArray();
    }

    public void Dispose() => _client.Dispose();
}

public static class ChatJson
{
    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static string Code(this JsonNode node) => node["error"]!["code"]!.GetValue<string>();

    public static IReadOnlyList<string> Roles(this JsonArray messages) => messages.Select(m => m.Str("role")).ToList();
}

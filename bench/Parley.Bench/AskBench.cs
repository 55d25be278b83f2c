using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Bench;

internal sealed record AskResults(LoadResult Load, int Sessions, string MessageCounts, string Engine);

/// <summary>
/// <c>POST /api/v1/llm/sessions/{id}/ask</c> with the built-in engine (Parley's default provider), through the
/// Parley process: each ask loads up to Ai:MaxHistoryMessages (40) earlier messages, composes the answer and writes
/// 2 messages + 1 usage row to SQLite. Worker <c>i</c> keeps to session <c>i % sessions</c>, like one user per
/// conversation; history grows during the run but the warm-up already fills the 40-message window, so the measured
/// cost per ask is bounded and steady.
/// </summary>
internal static class AskBench
{
    public const string Question = "Dzień dobry, czy macie wolny termin na strzyżenie w sobotę?";

    public static async Task<AskResults> RunAsync(ParleyServer parley, BenchOptions o, Action<string> progress)
    {
        var token = parley.AccessToken ?? throw new InvalidOperationException("ask: no access token (seed first).");
        var ids = new List<string>();
        for (var i = 0; i < o.AskSessions; i++)
        {
            using var create = Authorized(HttpMethod.Post, "api/v1/llm/sessions", token);
            create.Content = JsonContent.Create(new { name = i == 0 ? "bench" : $"bench-{i}" });
            using var created = await parley.Client.SendAsync(create);
            var body = await created.Content.ReadAsStringAsync();
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/v1/llm/sessions: expected 201, got {(int)created.StatusCode}: {body}");
            }

            ids.Add(JsonNode.Parse(body)?["id"]?.GetValue<string>() ?? throw new InvalidOperationException("create session: no id."));
        }

        // One synchronous ask first: checks the path and shows which engine answers.
        var json = new JsonObject { ["question"] = Question }.ToJsonString();
        string engine;
        using (var probe = Authorized(HttpMethod.Post, $"api/v1/llm/sessions/{ids[0]}/ask", token))
        {
            probe.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var answered = await parley.Client.SendAsync(probe);
            var body = await answered.Content.ReadAsStringAsync();
            if (answered.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"POST /api/v1/llm/sessions/{{id}}/ask: expected 200, got {(int)answered.StatusCode}: {body}");
            }

            engine = JsonNode.Parse(body)?["engine"]?.GetValue<string>() ?? "?";
        }

        progress($"Parley POST /api/v1/llm/sessions/{{id}}/ask (engine '{engine}'), {o.AskConnections} connections over {ids.Count} sessions");
        var target = LoadTarget.PostJson($"Parley POST /api/v1/llm/sessions/{{id}}/ask [{o.AskConnections} conn]",
            [.. ids.Select(id => new Uri(parley.Url, $"api/v1/llm/sessions/{id}/ask"))], json,
            new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
        var load = await LoadGenerator.RunAsync(target, o.AskConnections, o, parley.Pid);

        var counts = new List<int>();
        foreach (var id in ids)
        {
            using var get = Authorized(HttpMethod.Get, $"api/v1/llm/sessions/{id}", token);
            using var session = await parley.Client.SendAsync(get);
            if (session.IsSuccessStatusCode && JsonNode.Parse(await session.Content.ReadAsStringAsync())?["message_count"] is { } count)
            {
                counts.Add(count.GetValue<int>());
            }
        }

        var summary = counts.Count > 0 ? $"{counts.Min()}–{counts.Max()} messages per session after the run" : "message counts unavailable";
        return new AskResults(load, ids.Count, summary, engine);
    }

    public static void FormatNotes(StringBuilder s, AskResults r, BenchOptions o) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  ask: {o.AskConnections} connections over {r.Sessions} LLM sessions (worker i -> session i % {r.Sessions}), bearer token of the owner, engine '{r.Engine}'; each ask = history read (<= 40 messages) + answer + 2 messages and 1 usage row written; {r.MessageCounts}. No target: figures only.");

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}

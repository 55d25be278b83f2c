using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Bench;

internal sealed record ChatResults(LoadResult Load, int Sessions, string Engine, string MessageCounts);

/// <summary>
/// The website chat's message round trip: <c>POST /api/v1/public/{slug}/chat/messages</c> as the widget sends it (anonymous,
/// per-IP rate limit, CORS), through the Parley process: workspace by slug → conversation by session → last 10 messages →
/// answerer → visitor message + reply (+ the unanswered-question count) committed → events → JSON. Worker <c>i</c> keeps to
/// chat session <c>i</c>, like one visitor per conversation. Which answerer runs depends on the build: without a knowledge base
/// it is the no-knowledge one (engine <c>none</c>), which says a person will answer and counts the question as unanswered.
/// </summary>
internal static class ChatBench
{
    public const string Message = "Dzień dobry, ile kosztuje strzyżenie damskie?";
    public const double P99TargetMs = 20;
    public const double CeilingShareTarget = 0.25;

    public static async Task<ChatResults> RunAsync(ParleyServer parley, BenchOptions o, Action<string> progress)
    {
        var slug = parley.Slug ?? throw new InvalidOperationException("chat: no workspace slug (seed first).");
        var url = new Uri(parley.Url, $"api/v1/public/{slug}/chat/messages");
        var sessions = new List<string>();
        var engine = "?";
        for (var i = 0; i < o.ChatConnections; i++)
        {
            using var started = await parley.Client.PostAsJsonAsync(url, new { message = "Dzień dobry!", language = "pl" });
            var body = await started.Content.ReadAsStringAsync();
            if (started.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"POST {url.AbsolutePath}: expected 200, got {(int)started.StatusCode}: {body}");
            }

            var reply = JsonNode.Parse(body)!;
            sessions.Add(reply["session_id"]!.GetValue<string>());
            engine = reply["engine"]?.GetValue<string>() ?? "(bot silent)";
        }

        progress($"Parley POST /api/v1/public/{{slug}}/chat/messages (engine '{engine}'), {o.ChatConnections} connections, one chat session each");
        var bodies = sessions.Select(s => Encoding.UTF8.GetBytes(new JsonObject { ["session_id"] = s, ["message"] = Message }.ToJsonString())).ToList();
        var target = new LoadTarget($"Parley POST …/public/{{slug}}/chat/messages [{o.ChatConnections} conn]", [url])
        {
            Method = HttpMethod.Post,
            Bodies = bodies,
        };
        var load = await LoadGenerator.RunAsync(target, o.ChatConnections, o, parley.Pid);

        var counts = new List<int>();
        using (var list = new HttpRequestMessage(HttpMethod.Get, "api/v1/chat/conversations?limit=500"))
        {
            list.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", parley.AccessToken);
            using var response = await parley.Client.SendAsync(list);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is JsonArray conversations)
            {
                counts.AddRange(conversations.Select(c => c?["message_count"]?.GetValue<int>() ?? 0));
            }
        }

        var summary = counts.Count > 0 ? $"{counts.Min()}–{counts.Max()} messages per conversation after the run" : "message counts unavailable";
        return new ChatResults(load, sessions.Count, engine, summary);
    }

    public static void FormatNotes(StringBuilder s, ChatResults r) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  chat: {r.Sessions} connections, one chat session each (worker i -> session i), anonymous, engine '{r.Engine}'; each message = workspace (cached) + conversation + last 10 messages read, answer, 2 messages + counters + unanswered count committed in groups (one transaction for whatever arrived meanwhile); {r.MessageCounts}.");

    public static void FormatTargets(StringBuilder s, ChatResults r, LoadResult ceiling)
    {
        var p99 = r.Load.P99Micros / 1000;
        var share = r.Load.RequestsPerSecond / ceiling.RequestsPerSecond;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  {"Chat message round trip, p99",-52} {p99,8:0.00} ms  target <= {P99TargetMs:0} ms      {(p99 <= P99TargetMs ? "PASS" : "MISS")}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  {"Chat message round trip, share of the ceiling",-52} {share,8:P0}     target >= {CeilingShareTarget:P0}     {(share >= CeilingShareTarget ? "PASS" : "MISS")}   ({r.Load.RequestsPerSecond:0} vs {ceiling.RequestsPerSecond:0} req/s)");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Bench;

internal sealed record ConnectionResults(
    int Requested,
    int Connected,
    int AliveAfterHold,
    string? FirstError,
    TimeSpan SessionsTime,
    TimeSpan ConnectTime,
    long? RssBeforeKb,
    long? RssConnectedKb,
    long? RssAfterHoldKb,
    long? RssAfterGcKb,
    bool GcInduced,
    string OpenFiles);

/// <summary>
/// Idle chat widgets on one Parley instance: <c>N</c> chat sessions are started over HTTP, then <c>N</c> WebSockets open
/// <c>/hubs/chat</c> the way the widget does (SignalR JSON handshake, then <c>join</c> with the session id — each connection is in
/// its own conversation's group), spread over several loopback source addresses (127.0.0.1, .2, …) so one address's ephemeral
/// ports are not the limit. They stay idle for the hold time, sending only the protocol's keep-alive ping every 10 s (the server
/// drops a client silent for 30 s); the Parley process's RSS is read before, once all are joined, after the hold, and after an
/// induced full GC. Target: 10,000 connections with RSS ≤ 1 GB.
/// </summary>
internal static class ConnectionsBench
{
    public const double RssTargetMb = 1024;
    private const char RecordSeparator = '\u001e';
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}" + RecordSeparator);

    public static async Task<ConnectionResults> RunAsync(BenchOptions o, string work, Action<string> progress)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, "connections")).FullName;
        await using var parley = ParleyServer.Start(o, directory);
        await parley.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await parley.SeedAsync(1);
        var slug = parley.Slug ?? throw new InvalidOperationException("connections: no workspace slug.");

        var clock = Stopwatch.StartNew();
        var sessions = await StartSessionsAsync(parley, slug, o.IdleConnections, progress);
        var sessionsTime = clock.Elapsed;
        progress($"{sessions.Count} chat sessions started in {sessionsTime.TotalSeconds:0.0} s; settling 5 s");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = parley.RssKb;

        var sources = Enumerable.Range(1, o.ConnectionSources).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();
        var invokers = sources.Select(CreateInvoker).ToArray();
        var widgets = new Widget?[sessions.Count];
        string? firstError = null;
        var hub = new Uri($"ws://{parley.Url.Authority}/hubs/chat");
        clock.Restart();
        var opened = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Count), new ParallelOptions { MaxDegreeOfParallelism = o.ConnectParallelism },
            async (i, cancellationToken) =>
            {
                try
                {
                    widgets[i] = await Widget.OpenAsync(hub, invokers[i % invokers.Length], slug, sessions[i], cancellationToken);
                    if (Interlocked.Increment(ref opened) % 2000 == 0)
                    {
                        progress($"  {opened} connections joined");
                    }
                }
                catch (Exception e) when (e is WebSocketException or IOException or InvalidOperationException or OperationCanceledException or HttpRequestException)
                {
                    Interlocked.CompareExchange(ref firstError, $"#{i}: {e.GetType().Name}: {e.Message}", null);
                }
            });
        var connectTime = clock.Elapsed;
        var connected = widgets.Count(w => w is not null);
        progress($"{connected} of {sessions.Count} widgets connected and joined in {connectTime.TotalSeconds:0.0} s{(firstError is null ? "" : "; first failure " + firstError)}");

        using var stop = new CancellationTokenSource();
        var pinger = Task.Run(() => PingAsync(widgets, stop.Token));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var whenConnected = parley.RssKb;
        progress($"RSS {Mb(before)} before, {Mb(whenConnected)} with {connected} idle connections; holding {o.ConnectionHold.TotalSeconds:0} s");
        await Task.Delay(o.ConnectionHold);
        var alive = widgets.Count(w => w is { Closed: false });
        var afterHold = parley.RssKb;
        var gc = await GcTrigger.TryInduceAsync(parley.Pid);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var afterGc = parley.RssKb;
        var files = OpenFiles(parley.Pid);
        progress($"after the hold: {alive} alive, RSS {Mb(afterHold)}; after {(gc ? "an induced full GC" : "no GC")} {Mb(afterGc)}; {files}");

        await stop.CancelAsync();
        await pinger;
        foreach (var widget in widgets)
        {
            widget?.Dispose();
        }

        foreach (var invoker in invokers)
        {
            invoker.Dispose();
        }

        return new ConnectionResults(sessions.Count, connected, alive, firstError, sessionsTime, connectTime, before, whenConnected, afterHold, afterGc, gc, files);
    }

    public static void Format(StringBuilder s, ConnectionResults r, BenchOptions o)
    {
        var peakMb = (r.RssAfterHoldKb ?? r.RssConnectedKb ?? 0) / 1024.0;
        var perConnection = r.Connected > 0 && r.RssBeforeKb is { } b && r.RssAfterHoldKb is { } a ? (a - b) / (double)r.Connected : (double?)null;
        var pass = r.Connected >= o.IdleConnections && r.AliveAfterHold >= o.IdleConnections && peakMb <= RssTargetMb;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  {$"Idle widget connections ({r.AliveAfterHold:N0} of {r.Requested:N0} alive after {o.ConnectionHold.TotalSeconds:0} s)",-52} {Mb(r.RssAfterHoldKb),10}   target {o.IdleConnections:N0} at <= {RssTargetMb:0} MB   {(pass ? "PASS" : "MISS")}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"    RSS before {Mb(r.RssBeforeKb)} (after {r.Requested:N0} sessions were started), all joined {Mb(r.RssConnectedKb)}, after the hold {Mb(r.RssAfterHoldKb)}, after {(r.GcInduced ? "an induced full GC" : "(no GC)")} {Mb(r.RssAfterGcKb)}; " +
            $"{(perConnection is { } kb ? kb.ToString("0.0", CultureInfo.InvariantCulture) + " kB" : "?")} per connection; {r.OpenFiles}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"    sessions started in {r.SessionsTime.TotalSeconds:0.0} s, {r.Connected:N0} WebSockets (handshake + join) in {r.ConnectTime.TotalSeconds:0.0} s from {o.ConnectionSources} source address(es), {o.ConnectParallelism} at a time{(r.FirstError is null ? "" : "; first failure: " + r.FirstError)}");
    }

    private static async Task<List<string>> StartSessionsAsync(ParleyServer parley, string slug, int count, Action<string> progress)
    {
        var url = new Uri(parley.Url, $"api/v1/public/{slug}/chat/messages");
        var sessions = new string[count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            using var response = await parley.Client.PostAsJsonAsync(url, new { message = "Dzień dobry, jestem na stronie.", language = "pl" }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"starting chat session {i}: {(int)response.StatusCode} {body}");
            }

            sessions[i] = JsonNode.Parse(body)!["session_id"]!.GetValue<string>();
            if (Interlocked.Increment(ref done) % 2000 == 0)
            {
                progress($"  {done} chat sessions started");
            }
        });
        return [.. sessions];
    }

    /// <summary>One invoker per loopback source address: every WebSocket it opens binds its socket there.</summary>
    private static HttpMessageInvoker CreateInvoker(IPAddress source) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    private static async Task PingAsync(Widget?[] widgets, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var widget in widgets)
                {
                    if (widget is { Closed: false })
                    {
                        await widget.PingAsync(cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string OpenFiles(int pid)
    {
        try
        {
            return $"{Directory.GetFiles($"/proc/{pid}/fd").Length:N0} open files in Parley";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "open files unknown";
        }
    }

    private static string Mb(long? kb) => kb is { } k ? (k / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "n/a";

    /// <summary>One idle widget: a WebSocket that joined its conversation and now only answers to keep-alives.</summary>
    private sealed class Widget : IDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly byte[] _buffer = new byte[512];

        private readonly StringBuilder _pending = new();
        private volatile bool _closed;

        private Widget(ClientWebSocket socket) => _socket = socket;

        public bool Closed => _closed;

        public static async Task<Widget> OpenAsync(Uri hub, HttpMessageInvoker invoker, string slug, string sessionId, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                await socket.ConnectAsync(hub, invoker, cancellationToken);
                var widget = new Widget(socket);
                await widget.SendAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator, cancellationToken);
                var handshake = await widget.ReadFrameAsync(cancellationToken);
                if (handshake != "{}")
                {
                    throw new InvalidOperationException("handshake refused: " + handshake);
                }

                var join = new JsonObject
                {
                    ["type"] = 1, ["invocationId"] = "1", ["target"] = "join",
                    ["arguments"] = new JsonArray(new JsonObject { ["workspace"] = slug, ["session_id"] = sessionId }),
                };
                await widget.SendAsync(join.ToJsonString() + RecordSeparator, cancellationToken);
                while (true)
                {
                    var frame = JsonNode.Parse(await widget.ReadFrameAsync(cancellationToken))!;
                    if (frame["type"]?.GetValue<int>() == 3 && frame["invocationId"]?.GetValue<string>() == "1")
                    {
                        if (frame["error"] is { } error)
                        {
                            throw new InvalidOperationException("join refused: " + error);
                        }

                        break;
                    }
                }

                _ = widget.DrainAsync();
                return widget;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task PingAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _socket.SendAsync(Ping, WebSocketMessageType.Text, true, cancellationToken);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                _closed = true;
            }
        }

        public void Dispose() => _socket.Abort();

        private Task SendAsync(string text, CancellationToken cancellationToken) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

        private async Task<string> ReadFrameAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    return text[..end];
                }

                var result = await _socket.ReceiveAsync(_buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("closed by the server: " + result.CloseStatusDescription);
                }

                _pending.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
            }
        }

        /// <summary>Reads (and drops) the server's pings until the connection ends.</summary>
        private async Task DrainAsync()
        {
            try
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(_buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
            }

            _closed = true;
        }
    }
}

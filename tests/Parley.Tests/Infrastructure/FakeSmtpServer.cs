using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Parley.Tests.Infrastructure;

/// <summary>A message the fake server accepted: envelope and the raw DATA (dot-unstuffed).</summary>
public sealed record ReceivedEmail(string From, IReadOnlyList<string> To, string Data);

/// <summary>
/// A small SMTP server on loopback for tests: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT — enough for MailKit. It can
/// refuse messages on purpose: <see cref="FailNextMessages"/> answers DATA with 451 (temporary) that many times;
/// <see cref="RejectRecipients"/> answers RCPT with 550 (permanent).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedEmail> _received = Channel.CreateUnbounded<ReceivedEmail>();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _failNext;

    public FakeSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every accepted message, in order.</summary>
    public ConcurrentQueue<ReceivedEmail> Messages { get; } = new();

    /// <summary>DATA attempts answered so far (accepted or refused).</summary>
    public int DataAttempts => _dataAttempts;

    private int _dataAttempts;

    public int FailNextMessages
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    public bool RejectRecipients { get; set; }

    /// <summary>Waits for the next accepted message.</summary>
    public async Task<ReceivedEmail> WaitForMessageAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
            await Task.WhenAll(_connections);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost fake ESMTP ready");
            string? from = null;
            var to = new List<string>();
            while (!_stop.IsCancellationRequested && await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteAsync("250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        if (RejectRecipients)
                        {
                            await writer.WriteLineAsync("550 5.1.1 No such user here");
                        }
                        else
                        {
                            to.Add(Address(line));
                            await writer.WriteLineAsync("250 2.1.5 OK");
                        }

                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Interlocked.Increment(ref _dataAttempts);
                        if (Interlocked.Decrement(ref _failNext) >= 0)
                        {
                            await writer.WriteLineAsync("451 4.3.0 Temporary failure, try again later");
                        }
                        else
                        {
                            Interlocked.Exchange(ref _failNext, 0);
                            var email = new ReceivedEmail(from ?? "", to.ToList(), data.ToString());
                            Messages.Enqueue(email);
                            _received.Writer.TryWrite(email);
                            await writer.WriteLineAsync("250 2.0.0 Queued");
                        }

                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}

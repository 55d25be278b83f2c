using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Parley.Bench;

/// <summary>
/// Induces a full blocking GC in another .NET process from outside, the way <c>dotnet-gcdump</c> does: open an
/// EventPipe session over the runtime's diagnostic socket with the <c>GCHeapCollect</c> keyword, then stop it.
/// Speaks the diagnostics IPC protocol directly so the bench needs no extra package. Best effort: returns false
/// when the process has no diagnostic socket (e.g. DOTNET_EnableDiagnostics=0) or anything goes wrong.
/// </summary>
internal static class GcTrigger
{
    private const ulong GcHeapCollectKeyword = 0x800000;
    private const ulong GcKeyword = 0x1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DOTNET_IPC_V1\0");

    public static async Task<bool> TryInduceAsync(int pid)
    {
        try
        {
            var path = FindSocket(pid);
            if (path is null)
            {
                return false;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var session = await ConnectAsync(path, timeout.Token);
            // EventPipe (0x02) / CollectTracing2 (0x03): 1 MB buffer, format 1 = nettrace, no rundown, one provider.
            var payload = new List<byte>();
            UInt32(payload, 1);
            UInt32(payload, 1);
            payload.Add(0);
            UInt32(payload, 1);
            UInt64(payload, GcHeapCollectKeyword | GcKeyword);
            UInt32(payload, 4);
            String(payload, "Microsoft-Windows-DotNETRuntime");
            UInt32(payload, 0);
            await session.SendAsync(Message(0x02, 0x03, [.. payload]), timeout.Token);
            var sessionId = await ReadOkAsync(session, timeout.Token);
            if (sessionId is null)
            {
                return false;
            }

            // The runtime streams the trace on this socket; drain it until it is closed by the stop below.
            var drain = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                while (await session.ReceiveAsync(buffer, timeout.Token) > 0)
                {
                }
            }, timeout.Token);

            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
            using (var stop = await ConnectAsync(path, timeout.Token))
            {
                var id = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(id, sessionId.Value);
                await stop.SendAsync(Message(0x02, 0x01, id), timeout.Token);
                await ReadOkAsync(stop, timeout.Token);
            }

            await drain;
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            return false;
        }
    }

    private static string? FindSocket(int pid)
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        return Directory.EnumerateFiles(directory, $"dotnet-diagnostic-{pid}-*-socket").FirstOrDefault();
    }

    private static async Task<Socket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        return socket;
    }

    private static byte[] Message(byte commandSet, byte commandId, byte[] payload)
    {
        var message = new byte[20 + payload.Length];
        Magic.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)message.Length);
        message[16] = commandSet;
        message[17] = commandId;
        payload.CopyTo(message, 20);
        return message;
    }

    /// <summary>Reads a response; returns its 8-byte payload (session id) when it is "OK".</summary>
    private static async Task<ulong?> ReadOkAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = await ReadExactlyAsync(socket, 20, cancellationToken);
        if (!header.AsSpan(0, 14).SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a diagnostics IPC response.");
        }

        var size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14));
        var body = await ReadExactlyAsync(socket, size - 20, cancellationToken);
        return header[16] == 0xFF && header[17] == 0x00 && body.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(body) : null;
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                throw new IOException("Diagnostic socket closed.");
            }

            read += n;
        }

        return buffer;
    }

    private static void UInt32(List<byte> to, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        to.AddRange(b);
    }

    private static void UInt64(List<byte> to, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        to.AddRange(b);
    }

    private static void String(List<byte> to, string value)
    {
        UInt32(to, (uint)value.Length + 1);
        to.AddRange(Encoding.Unicode.GetBytes(value + "\0"));
    }
}

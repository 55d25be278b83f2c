using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Parley.Integrations.Smtp;

/// <summary>An SMTP server to send through: the workspace's own or the server-wide one.</summary>
public sealed record SmtpConfig(string Host, int Port, string Security, string? Username, string? Password, string FromAddress, string? FromName,
    string Source, TimeSpan Timeout);

/// <summary>The outcome of one attempt. <see cref="Permanent"/>: retrying cannot help (the server refused the recipient or the message).</summary>
public sealed record SmtpResult(bool Sent, string? Error, bool Permanent)
{
    public static readonly SmtpResult Ok = new(true, null, false);
}

/// <summary>Sends one message over SMTP with MailKit. Never throws for delivery problems: they come back as a result.</summary>
public sealed class SmtpSender
{
    public async Task<SmtpResult> SendAsync(SmtpConfig config, EmailMessage message, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = Build(config, message);
        }
        catch (ParseException e)
        {
            return new SmtpResult(false, "Invalid address: " + e.Message, Permanent: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(config.Timeout);
        using var client = new SmtpClient { Timeout = (int)config.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(config.Host, config.Port, Options(config.Security), timeout.Token);
            if (!string.IsNullOrEmpty(config.Username))
            {
                await client.AuthenticateAsync(config.Username, config.Password ?? string.Empty, timeout.Token);
            }

            await client.SendAsync(mime, timeout.Token);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
            return SmtpResult.Ok;
        }
        catch (SmtpCommandException e)
        {
            // 5xx to the sender, the recipient or the message: the server will say the same next time.
            var permanent = (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;
            return new SmtpResult(false, $"{(int)e.StatusCode} {e.Message}", permanent);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmtpResult(false, $"Timed out after {config.Timeout.TotalSeconds:0} s talking to {config.Host}:{config.Port}.", false);
        }
        catch (Exception e) when (e is SmtpProtocolException or AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException
                                       or System.Net.Sockets.SocketException or IOException or SslHandshakeException or NotSupportedException or TimeoutException)
        {
            return new SmtpResult(false, $"{e.GetType().Name}: {e.Message}", false);
        }
    }

    private static MimeMessage Build(SmtpConfig config, EmailMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId };
        mime.From.Add(new MailboxAddress(config.FromName ?? string.Empty, config.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.ToAddress));
        if (message.ReplyToAddress is { Length: > 0 } replyTo)
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        mime.Headers.Add("X-Parley-Message", message.Id);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    private static SecureSocketOptions Options(string security) => security switch
    {
        SmtpSecurityModes.None => SecureSocketOptions.None,
        SmtpSecurityModes.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurityModes.Ssl => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Integrations.Smtp;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>
/// With <c>email_notifications</c> on, each auto-reply that waits for approval is emailed to the workspace's owners through
/// the outbox, in the same transaction as the entry (so exactly one email per entry). The link opens the approval queue in
/// the admin UI, which asks to log in; nothing is approved by following a link.
/// </summary>
public sealed class AutoReplyApprovalMail(ParleyDb db, IServiceProvider services, IOptions<AutoReplyOptions> options)
{
    public const string Purpose = "approval_request";

    /// <summary>Adds the emails to the current unit of work (saved with the entry).</summary>
    public async Task AddAsync(AutoReplyEntry entry, AutoReplyItem item, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == entry.WorkspaceId)
            .Select(w => new { w.Name, w.Locale }).FirstAsync(cancellationToken);
        var owners = await (from m in db.WorkspaceMembers.AsNoTracking()
                            where m.Role == WorkspaceRole.Owner
                            join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                            where u.Email != null
                            select u.Email).ToListAsync(cancellationToken);
        if (owners.Count == 0)
        {
            return;
        }

        var outbox = services.GetRequiredService<IEmailOutbox>();
        var polish = workspace.Locale != "en";
        var link = $"{options.Value.AdminBaseUrl.TrimEnd('/')}/auto-reply/queue?entry={Uri.EscapeDataString(entry.Id)}";
        var what = item.Type == AutoReplyItemTypes.Review
            ? (polish ? $"opinię {item.Rating}★ ({item.Source}) od {item.AuthorName}" : $"the {item.Rating}★ {item.Source} review by {item.AuthorName}")
            : (polish ? $"przechwyconą opinię {item.Rating}★ od {item.AuthorName}" : $"the {item.Rating}★ feedback from {item.AuthorName}");
        var subject = polish ? $"Auto-odpowiedź czeka na zatwierdzenie: {what}" : $"Auto-reply awaiting approval: {what}";
        var reasons = Reasons(entry.ApprovalReasons, polish);
        var body = polish
            ? $"""
              {workspace.Name}: auto-odpowiedź na {what} czeka na Twoje zatwierdzenie ({reasons}).

              Opinia:
              {item.Content}

              Proponowana odpowiedź (reguła „{entry.RuleName}”, szablon „{entry.TemplateName}”):
              {entry.Content}

              Zatwierdź, popraw lub anuluj w panelu Parley (wymaga zalogowania):
              {link}
              """
            : $"""
              {workspace.Name}: the auto-reply to {what} waits for your approval ({reasons}).

              The review:
              {item.Content}

              Proposed reply (rule "{entry.RuleName}", template "{entry.TemplateName}"):
              {entry.Content}

              Approve, edit or cancel it in Parley (you will be asked to log in):
              {link}
              """;
        foreach (var owner in owners)
        {
            outbox.Add(new OutgoingEmail(entry.WorkspaceId, owner!, null, subject, body, Purpose, entry.Id));
        }
    }

    public static string Reason(string reason, bool polish) => reason switch
    {
        ApprovalReason.Always => polish ? "zatwierdzanie wszystkich odpowiedzi" : "every auto-reply needs approval",
        _ when reason.StartsWith("rating:", StringComparison.Ordinal) =>
            (polish ? "ocena " : "rating ") + reason["rating:".Length..],
        _ when reason.StartsWith("keyword:", StringComparison.Ordinal) =>
            (polish ? "słowo „" : "keyword \"") + reason["keyword:".Length..] + (polish ? "”" : "\""),
        _ => reason,
    };

    public static string Reasons(IEnumerable<string> reasons, bool polish) =>
        string.Join(", ", reasons.Select(r => Reason(r, polish)));
}

using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Errors;

namespace Parley.Features.Contacts;

public sealed record ContactView(string Id, string? Name, string? Email, string? Phone, string? Language, DateTime? ConsentAt,
    string? ConsentSource, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>How and when a person agreed to have their details stored.</summary>
public sealed record ConsentRecord(DateTime At, string? Ip, string? UserAgent, string Source);

/// <summary>Contacts of the caller's workspace. Other features find and link contacts through this service.</summary>
public sealed class ContactService(ParleyDb db)
{
    public async Task<ContactView?> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<Contact>().AsNoTracking().Where(c => c.Id == id).Select(c => View(c)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The most recently updated contact with this email, if any.</summary>
    public async Task<ContactView?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return await db.Set<Contact>().AsNoTracking().Where(c => c.Email == normalized).OrderByDescending(c => c.UpdatedAt)
            .Select(c => View(c)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Contacts with details, newest first; <paramref name="query"/> matches name, email or phone.</summary>
    public async Task<(IReadOnlyList<ContactView> Items, int Total)> ListAsync(string? query, bool withDetailsOnly, Page page, CancellationToken cancellationToken)
    {
        var contacts = db.Set<Contact>().AsNoTracking();
        if (withDetailsOnly)
        {
            contacts = contacts.Where(c => c.Name != null || c.Email != null || c.Phone != null);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim().ToLower();
            contacts = contacts.Where(c => (c.Name != null && c.Name.ToLower().Contains(q)) || (c.Email != null && c.Email.Contains(q)) ||
                                           (c.Phone != null && c.Phone.Contains(q)));
        }

        var total = await contacts.CountAsync(cancellationToken);
        var items = await contacts.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Apply(page).Select(c => View(c))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>
    /// Stores the details a person gave with their consent. Fields left out keep what was given before; the consent record is
    /// replaced by the latest one.
    /// </summary>
    public async Task<ContactView> RecordDetailsAsync(string contactId, string? name, string? email, string? phone, ConsentRecord consent,
        CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken)
                      ?? throw new ApiException(404, "CONTACT_NOT_FOUND", "No contact with this id in the workspace.");
        contact.Name = Clean(name) ?? contact.Name;
        contact.Email = Clean(email)?.ToLowerInvariant() ?? contact.Email;
        contact.Phone = Clean(phone) ?? contact.Phone;
        contact.ConsentAt = consent.At;
        contact.ConsentIp = consent.Ip;
        contact.ConsentUserAgent = consent.UserAgent is { Length: > ContactRules.UserAgentMaxLength } ua ? ua[..ContactRules.UserAgentMaxLength] : consent.UserAgent;
        contact.ConsentSource = consent.Source;
        contact.UpdatedAt = consent.At;
        await db.SaveChangesAsync(cancellationToken);
        return View(contact);
    }

    /// <summary>Checks details as a person typed them: at least one given, email and phone well formed.</summary>
    public static void Validate(Validator v, string? name, string? email, string? phone)
    {
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(phone))
        {
            v.Add("name", "Give at least one of name, email or phone.");
        }

        v.Length("name", name?.Trim(), 0, ContactRules.NameMaxLength);
        if (!string.IsNullOrWhiteSpace(email))
        {
            v.Email("email", email.Trim());
        }

        if (!string.IsNullOrWhiteSpace(phone) && !IsPhone(phone.Trim()))
        {
            v.Add("phone", "phone must be 6–20 digits, optionally with +, spaces, dashes or brackets.");
        }
    }

    private static bool IsPhone(string phone)
    {
        if (phone.Length > ContactRules.PhoneMaxLength)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.') && !(c == '+' && digits == 0))
            {
                return false;
            }
        }

        return digits is >= 6 and <= 20;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ContactView View(Contact c) =>
        new(c.Id, c.Name, c.Email, c.Phone, c.Language, c.ConsentAt, c.ConsentSource, c.CreatedAt, c.UpdatedAt);
}

using System.Globalization;
using System.Text;
using Parley.Platform.Errors;

namespace Parley.Features.Workspaces;

/// <summary>What a workspace's settings may hold.</summary>
public static class WorkspaceRules
{
    public const int NameMaxLength = 120;
    public const int SlugMaxLength = 48;
    public static readonly IReadOnlyList<string> Locales = ["pl", "en", "de", "ru"];
    public static readonly IReadOnlyList<string> Plans = ["free", "pro", "business"];

    public static bool IsValidSlug(string slug) =>
        slug.Length is >= 3 and <= SlugMaxLength &&
        slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') &&
        slug[0] != '-' && slug[^1] != '-';

    public static bool IsValidTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static void ValidateSettings(Validator v, string? name, string? slug, string? timeZone, string? locale, string? plan)
    {
        if (name is not null)
        {
            v.Required("name", name);
            v.Length("name", name, 1, NameMaxLength);
        }

        if (slug is not null && !IsValidSlug(slug))
        {
            v.Add("slug", $"slug must be 3–{SlugMaxLength} characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen.");
        }

        if (timeZone is not null && !IsValidTimeZone(timeZone))
        {
            v.Add("time_zone", "time_zone must be an IANA time zone such as Europe/Warsaw.");
        }

        v.OneOf("locale", locale, Locales);
        v.OneOf("plan", plan, Plans);
    }

    /// <summary>"Salon Urody Ślicznotka" → "salon-urody-slicznotka".</summary>
    public static string Slugify(string name)
    {
        var folded = name.Trim().ToLowerInvariant().Replace('ł', 'l').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > SlugMaxLength - 5)
        {
            slug = slug[..(SlugMaxLength - 5)].Trim('-');
        }

        return slug.Length >= 3 ? slug : $"workspace-{slug}".Trim('-');
    }
}

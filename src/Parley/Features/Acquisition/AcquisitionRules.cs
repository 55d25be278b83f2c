using System.Text.RegularExpressions;
using Parley.Platform.Errors;

namespace Parley.Features.Acquisition;

/// <summary>What acquisition settings may hold, their defaults, and the checks that say so field by field.</summary>
public static partial class AcquisitionRules
{
    public const string DefaultLocation = "default";
    public const int LocationMaxLength = 48;

    public static readonly IReadOnlyList<string> Styles = ["poster", "card"];

    /// <summary>The dot shapes the poster designer offers (the names of the qr-code-styling library front ends use).</summary>
    public static readonly IReadOnlyList<string> DotStyles = ["square", "rounded", "extra-rounded", "dots", "classy", "classy-rounded"];

    public static readonly IReadOnlyList<string> GatingModes = [Gating.Compliant, Gating.Strict];
    public static readonly IReadOnlyList<string> Languages = ["pl", "en"];

    /// <summary>The contact fields of <c>POST /intercepted-feedbacks</c>, in the contract's order.</summary>
    public static readonly IReadOnlyList<string> FormFieldKeys = ["name", "surname", "phone", "email", "order_no", "service_name", "employee_name"];

    public const double MinSize = 0.1;
    public const double MaxSize = 5;
    public const double MaxBorderWidth = 20;

    public static class Gating
    {
        public const string Compliant = "compliant";
        public const string Strict = "strict";
    }

    public static bool IsValidLocation(string? location) => location is not null && LocationPattern().IsMatch(location);

    public static bool IsColor(string? value) => value is not null && ColorPattern().IsMatch(value);

    public static string NormalizeColor(string value) => value.TrimStart('#').ToUpperInvariant();

    /// <summary>Settings for a workspace that has saved none yet: the contract's example, in the workspace's language.</summary>
    public static AcquisitionSettingsDocument Defaults(string businessName, string language, string location)
    {
        var en = language == "en";
        return new AcquisitionSettingsDocument
        {
            Headline = en ? "Let us know how we did" : "Daj znać jak nam poszło",
            MinRatingForGoogle = 4,
            GooglePlaceId = null,
            ThemeColor = "3B82F6",
            LogoUrl = null,
            Style = "poster",
            BusinessName = businessName,
            BusinessNameVisible = true,
            BusinessNameTop = 11,
            BusinessNameLeft = 50,
            BusinessNameSize = 1,
            PosterHeadline = en ? "Rate us!" : "Oceń nas!",
            PosterHeadlineVisible = true,
            PosterHeadlineTop = 21,
            PosterHeadlineLeft = 50,
            PosterHeadlineSize = 1,
            QrColor = "4179E0",
            QrDotsStyle = "rounded",
            QrTop = 49,
            QrLeft = 50,
            QrSize = 1,
            QrVisible = true,
            QrBorderWidth = 3,
            QrBorderColor = "111827",
            BadgeText = en ? "SCAN" : "SKANUJ",
            BadgeColor = "EF4444",
            BadgeVisible = true,
            BadgeTop = 4,
            BadgeLeft = 27,
            BadgeSize = 1.3,
            StarsVisible = true,
            StarsTop = 82,
            StarsLeft = 50,
            StarsSize = 1,
            GoogleLogoVisible = true,
            GoogleLogoTop = 93,
            GoogleLogoLeft = 50,
            GoogleLogoSize = 0.8,
            FooterText = en ? "Review us on" : "Oceń nas w",
            FormFields =
            [
                new("name", en ? "First name" : "Imię", true, false),
                new("surname", en ? "Last name" : "Nazwisko", true, false),
                new("phone", en ? "Phone" : "Telefon", true, false),
                new("email", "Email", true, true),
                new("order_no", en ? "Order number" : "Numer zamówienia", false, false),
                new("service_name", en ? "Service" : "Nazwa usługi", false, false),
                new("employee_name", en ? "Staff member" : "Pracownik", false, false),
            ],
            GatingMode = Gating.Compliant,
            Language = en ? "en" : "pl",
            LocationId = location,
        };
    }

    public static void Validate(Validator v, AcquisitionSettingsDocument s)
    {
        Text(v, "headline", s.Headline, 1, 200);
        if (s.MinRatingForGoogle is < 1 or > 5)
        {
            v.Add("min_rating_for_google", "min_rating_for_google must be a whole number from 1 to 5.");
        }

        if (!string.IsNullOrWhiteSpace(s.GooglePlaceId) && !PlaceIdPattern().IsMatch(s.GooglePlaceId.Trim()))
        {
            v.Add("google_place_id", "google_place_id must be a Google place id such as ChIJN1t_tDeuEmsRUsoyG83frY4 (letters, digits, _ and -).");
        }

        Color(v, "theme_color", s.ThemeColor);
        if (!string.IsNullOrWhiteSpace(s.LogoUrl) &&
            (s.LogoUrl.Length > 2000 || !Uri.TryCreate(s.LogoUrl.Trim(), UriKind.Absolute, out var logo) || logo.Scheme is not ("http" or "https")))
        {
            v.Add("logo_url", "logo_url must be an absolute http(s) URL or null.");
        }

        v.OneOf("style", s.Style, Styles);
        Text(v, "business_name", s.BusinessName, 1, 120);
        Element(v, "business_name", s.BusinessNameTop, s.BusinessNameLeft, s.BusinessNameSize);
        Text(v, "poster_headline", s.PosterHeadline, 0, 120);
        Element(v, "poster_headline", s.PosterHeadlineTop, s.PosterHeadlineLeft, s.PosterHeadlineSize);
        Color(v, "qr_color", s.QrColor);
        v.OneOf("qr_dots_style", s.QrDotsStyle, DotStyles);
        Element(v, "qr", s.QrTop, s.QrLeft, s.QrSize);
        if (s.QrBorderWidth is < 0 or > MaxBorderWidth)
        {
            v.Add("qr_border_width", $"qr_border_width must be from 0 to {MaxBorderWidth}.");
        }

        Color(v, "qr_border_color", s.QrBorderColor);
        Text(v, "badge_text", s.BadgeText, 0, 40);
        Color(v, "badge_color", s.BadgeColor);
        Element(v, "badge", s.BadgeTop, s.BadgeLeft, s.BadgeSize);
        Element(v, "stars", s.StarsTop, s.StarsLeft, s.StarsSize);
        Element(v, "google_logo", s.GoogleLogoTop, s.GoogleLogoLeft, s.GoogleLogoSize);
        Text(v, "footer_text", s.FooterText, 0, 80);
        FormFields(v, s.FormFields);
        v.OneOf("gating_mode", s.GatingMode, GatingModes);
        v.OneOf("language", s.Language, Languages);
        if (!IsValidLocation(s.LocationId))
        {
            v.Add("location_id", LocationMessage);
        }
    }

    public static readonly string LocationMessage =
        $"location_id must be 1–{LocationMaxLength} characters: lowercase letters, digits and hyphens (\"{DefaultLocation}\" when the business has one location).";

    private static void FormFields(Validator v, IReadOnlyList<FeedbackFormField> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var at = $"form_fields[{i}]";
            if (field is null)
            {
                v.Add(at, $"{at} must be an object with key, label, visible and required.");
                continue;
            }

            if (!FormFieldKeys.Contains(field.Key))
            {
                v.Add(at + ".key", $"{at}.key must be one of: {string.Join(", ", FormFieldKeys)}.");
            }
            else if (!seen.Add(field.Key))
            {
                v.Add(at + ".key", $"{at}.key '{field.Key}' appears more than once.");
            }

            Text(v, at + ".label", field.Label, 1, 60);
            if (field.Required && !field.Visible)
            {
                v.Add(at + ".required", $"{at} is required but not visible: a customer could not fill it in.");
            }
        }
    }

    private static void Text(Validator v, string field, string? value, int min, int max)
    {
        if (value is null)
        {
            v.Add(field, $"{field} is required.");
        }
        else if (min > 0 && string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, $"{field} must not be empty.");
        }
        else
        {
            v.Length(field, value.Trim(), min, max);
        }
    }

    private static void Color(Validator v, string field, string? value)
    {
        if (!IsColor(value))
        {
            v.Add(field, $"{field} must be a colour of six hexadecimal digits such as 3B82F6.");
        }
    }

    private static void Element(Validator v, string prefix, double top, double left, double size)
    {
        Percent(v, prefix + "_top", top);
        Percent(v, prefix + "_left", left);
        if (size is < MinSize or > MaxSize)
        {
            v.Add(prefix + "_size", $"{prefix}_size must be from {MinSize} to {MaxSize} (1 is the standard size).");
        }
    }

    private static void Percent(Validator v, string field, double value)
    {
        if (value is < 0 or > 100)
        {
            v.Add(field, $"{field} is a percentage and must be from 0 to 100.");
        }
    }

    [GeneratedRegex("^#?[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex PlaceIdPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$")]
    private static partial Regex LocationPattern();
}

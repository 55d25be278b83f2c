using Parley.Platform.Errors;

namespace Parley.Features.Acquisition;

/// <summary>
/// The contract's acquisition settings (<c>GET|PUT /acquisition/settings</c>), field for field and in its order, followed by
/// Parley's additions: <c>gating_mode</c>, <c>language</c> and <c>location_id</c>. Positions are percent of the poster's width
/// (left) and height (top) and name an element's centre; sizes are multipliers of the element's standard size.
/// </summary>
public sealed record AcquisitionSettingsDocument
{
    public required string Headline { get; init; }
    public required int MinRatingForGoogle { get; init; }
    public string? GooglePlaceId { get; init; }
    public required string ThemeColor { get; init; }
    public string? LogoUrl { get; init; }
    public required string Style { get; init; }
    public required string BusinessName { get; init; }
    public required bool BusinessNameVisible { get; init; }
    public required double BusinessNameTop { get; init; }
    public required double BusinessNameLeft { get; init; }
    public required double BusinessNameSize { get; init; }
    public required string PosterHeadline { get; init; }
    public required bool PosterHeadlineVisible { get; init; }
    public required double PosterHeadlineTop { get; init; }
    public required double PosterHeadlineLeft { get; init; }
    public required double PosterHeadlineSize { get; init; }
    public required string QrColor { get; init; }
    public required string QrDotsStyle { get; init; }
    public required double QrTop { get; init; }
    public required double QrLeft { get; init; }
    public required double QrSize { get; init; }
    public required bool QrVisible { get; init; }
    public required double QrBorderWidth { get; init; }
    public required string QrBorderColor { get; init; }
    public required string BadgeText { get; init; }
    public required string BadgeColor { get; init; }
    public required bool BadgeVisible { get; init; }
    public required double BadgeTop { get; init; }
    public required double BadgeLeft { get; init; }
    public required double BadgeSize { get; init; }
    public required bool StarsVisible { get; init; }
    public required double StarsTop { get; init; }
    public required double StarsLeft { get; init; }
    public required double StarsSize { get; init; }
    public required bool GoogleLogoVisible { get; init; }
    public required double GoogleLogoTop { get; init; }
    public required double GoogleLogoLeft { get; init; }
    public required double GoogleLogoSize { get; init; }
    public required string FooterText { get; init; }
    public required IReadOnlyList<FeedbackFormField> FormFields { get; init; }

    /// <summary><c>compliant</c> (default): every rater is also offered Google. <c>strict</c>: only ratings at or above the threshold are.</summary>
    public required string GatingMode { get; init; }

    /// <summary>Language of the public page: <c>pl</c> or <c>en</c>.</summary>
    public required string Language { get; init; }

    public required string LocationId { get; init; }

    public void Validate(Validator v) => AcquisitionRules.Validate(v, this);

    /// <summary>Colours without <c>#</c> and in upper case, an empty place id as none, labels trimmed.</summary>
    public AcquisitionSettingsDocument Normalized() => this with
    {
        Headline = Headline.Trim(),
        GooglePlaceId = string.IsNullOrWhiteSpace(GooglePlaceId) ? null : GooglePlaceId.Trim(),
        LogoUrl = string.IsNullOrWhiteSpace(LogoUrl) ? null : LogoUrl.Trim(),
        ThemeColor = AcquisitionRules.NormalizeColor(ThemeColor),
        QrColor = AcquisitionRules.NormalizeColor(QrColor),
        QrBorderColor = AcquisitionRules.NormalizeColor(QrBorderColor),
        BadgeColor = AcquisitionRules.NormalizeColor(BadgeColor),
        BusinessName = BusinessName.Trim(),
        FormFields = FormFields.Select(f => f with { Label = f.Label.Trim() }).ToList(),
    };
}

/// <summary>One optional contact field of the feedback form. The rating and the message are always asked.</summary>
public sealed record FeedbackFormField(string Key, string Label, bool Visible, bool Required);

namespace Parley.Features.Acquisition.Public;

/// <summary>What the public page shows for one location, and for the rating chosen so far (from <c>?rating=</c> without JavaScript).</summary>
public sealed record FeedbackPageModel(AcquisitionSettingsDocument Settings, string PageUrl, string FeedbackEndpoint, int? Rating)
{
    public PublicPageText Text { get; } = new(Settings.Language);

    public string? GoogleUrl => Settings.GooglePlaceId is { Length: > 0 } placeId ? PublicUrls.GoogleReview(placeId) : null;

    public bool Compliant => Settings.GatingMode == AcquisitionRules.Gating.Compliant;

    public bool High => Rating >= Settings.MinRatingForGoogle;

    /// <summary>High ratings are always offered Google; in compliant mode low ones are too (Google forbids asking only happy customers).</summary>
    public bool ShowGoogle => Rating is not null && GoogleUrl is not null && (High || Compliant);

    public bool ShowForm => Rating is not null && !High;

    public bool ShowRatedThanks => Rating is not null && High && GoogleUrl is null;

    public IEnumerable<FeedbackFormField> VisibleFields => Settings.FormFields.Where(f => f.Visible);

    public static string InputType(string key) => key switch
    {
        "email" => "email",
        "phone" => "tel",
        _ => "text",
    };

    public static string? AutoComplete(string key) => key switch
    {
        "name" => "given-name",
        "surname" => "family-name",
        "email" => "email",
        "phone" => "tel",
        _ => null,
    };
}

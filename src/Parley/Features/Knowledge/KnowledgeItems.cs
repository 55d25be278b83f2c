using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Parley.Platform.Errors;

namespace Parley.Features.Knowledge;

/// <summary>The kinds of knowledge a workspace keeps; each is a path segment of the API and a <c>type</c> in search results.</summary>
public static class KnowledgeKinds
{
    public const string Faq = "faq";
    public const string Packages = "packages";
    public const string Portfolio = "portfolio";
    public const string Process = "process";
    public const string Partners = "partners";
    public const string Team = "team";
    public const string WhyUs = "why-us";
    public const string Blog = "blog";
    public const string Facts = "facts";

    public static readonly IReadOnlyList<string> All = [Faq, Packages, Portfolio, Process, Partners, Team, WhyUs, Blog, Facts];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    /// <summary>The property name of a kind in the import/export document (<c>why-us</c> becomes <c>why_us</c>).</summary>
    public static string DocumentKey(string kind) => kind.Replace('-', '_');

    public static Type ItemType(string kind) => kind switch
    {
        Faq => typeof(FaqItem),
        Packages => typeof(PackageItem),
        Portfolio => typeof(PortfolioItem),
        Process => typeof(ProcessStepItem),
        Partners => typeof(PartnerItem),
        Team => typeof(TeamMemberItem),
        WhyUs => typeof(WhyUsItem),
        Blog => typeof(BlogPostItem),
        Facts => typeof(FactItem),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown knowledge kind."),
    };
}

public static class KnowledgeRules
{
    public const int IdMaxLength = 64;
    public const int ShortMax = 300;
    public const int TextMax = 10_000;
    public const int ListMax = 50;
    public const int TagMax = 60;
    public const decimal PriceMax = 100_000_000m;

    public static readonly IReadOnlyList<string> Languages = ["pl", "en", "de", "ru"];

    public static readonly IReadOnlyList<string> FactCategories = ["hours", "offices", "areas", "contact", "company", "payment", "other"];
}

/// <summary>
/// Checks the fields of one item; <paramref name="Prefix"/> names where it sits in a larger document (<c>faq[3].</c>),
/// so an import's errors point at the entry and the field.
/// </summary>
public readonly partial record struct ItemCheck(Validator V, string Prefix)
{
    public void Text(string field, string? value, int max, bool required = false)
    {
        var name = Prefix + field;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                V.Add(name, $"{name} is required.");
            }

            return;
        }

        if (value.Length > max)
        {
            V.Add(name, $"{name} must be at most {max} characters long.");
        }
    }

    public void List(string field, IReadOnlyList<string>? values, int maxItems, int maxLength)
    {
        var name = Prefix + field;
        if (values is null)
        {
            return;
        }

        if (values.Count > maxItems)
        {
            V.Add(name, $"{name} may hold at most {maxItems} items.");
        }

        if (values.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > maxLength))
        {
            V.Add(name, $"{name} items must be non-empty and at most {maxLength} characters long.");
        }
    }

    public void Amount(string field, decimal? value)
    {
        if (value is < 0 or > KnowledgeRules.PriceMax)
        {
            V.Add(Prefix + field, $"{Prefix + field} must be between 0 and {KnowledgeRules.PriceMax.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    public void Url(string field, string? value)
    {
        Text(field, value, 2000);
        if (!string.IsNullOrWhiteSpace(value) && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            V.Add(Prefix + field, $"{Prefix + field} must be an absolute http(s) URL.");
        }
    }

    public void Add(string field, string message) => V.Add(Prefix + field, message);

    public static bool IsValidId(string id) => id.Length <= KnowledgeRules.IdMaxLength && IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>What the search index and the answerer read from an item: how people ask for it, its title and its text.</summary>
public sealed record ItemText(string Title, IReadOnlyList<string> Phrasings, string Body, IReadOnlyList<string> Tags);

/// <summary>
/// One knowledge entry of any kind. On the wire every kind is flat: <c>{id, language, …its own fields}</c>. The same record is the
/// request body (the id is optional there) and the response.
/// </summary>
public abstract record KnowledgeItem : IValidatable
{
    [JsonPropertyOrder(-2)] public string? Id { get; init; }
    [JsonPropertyOrder(-1)] public string? Language { get; init; }

    [JsonIgnore] public abstract string Kind { get; }

    /// <summary>
    /// A draft is kept in the knowledge base but not used: the chatbot does not answer with it, search and the public endpoints
    /// do not show it, until the owner publishes it (sets it false). Left out of the JSON when false.
    /// </summary>
    [JsonPropertyOrder(100)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Draft { get; init; }

    public void Validate(Validator v) => Validate(new ItemCheck(v, string.Empty));

    public void Validate(ItemCheck check)
    {
        if (Id is not null && !ItemCheck.IsValidId(Id))
        {
            check.Add("id", $"id must be 1–{KnowledgeRules.IdMaxLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(Language))
        {
            check.Add("language", "language is required: one of pl, en, de, ru.");
        }
        else if (!KnowledgeRules.Languages.Contains(Language))
        {
            check.Add("language", "language must be one of: pl, en, de, ru.");
        }

        ValidateFields(check);
    }

    protected abstract void ValidateFields(ItemCheck check);

    /// <summary>Trimmed strings, empty strings as null, lists never null.</summary>
    public abstract KnowledgeItem Normalize();

    public abstract ItemText Text();

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static IReadOnlyList<string> Clean(IReadOnlyList<string>? values) =>
        values is null ? [] : values.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();

    internal static string Join(params string?[] parts) => string.Join(". ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.TrimEnd('.')));
}

public sealed record FaqItem(string? Question, IReadOnlyList<string>? Alternatives, string? Answer, IReadOnlyList<string>? Tags) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Faq;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("question", Question, KnowledgeRules.ShortMax, required: true);
        check.List("alternatives", Alternatives, KnowledgeRules.ListMax, KnowledgeRules.ShortMax);
        // A draft may wait for its answer (one made from a visitor's question starts without one); publishing needs it.
        check.Text("answer", Answer, KnowledgeRules.TextMax, required: !Draft);
        check.List("tags", Tags, KnowledgeRules.ListMax, KnowledgeRules.TagMax);
    }

    public override KnowledgeItem Normalize() => this with { Question = Clean(Question), Alternatives = Clean(Alternatives), Answer = Clean(Answer), Tags = Clean(Tags) };

    public override ItemText Text() => new(Question ?? "", [Question ?? "", .. Alternatives ?? []], Answer ?? "", Tags ?? []);
}

public sealed record PackageItem(
    string? Name, string? Description, decimal? PricePerM2, decimal? Price, string? Currency, string? Duration,
    IReadOnlyList<string>? Includes, IReadOnlyList<string>? Tags) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Packages;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("name", Name, KnowledgeRules.ShortMax, required: true);
        check.Text("description", Description, KnowledgeRules.TextMax);
        check.Amount("price_per_m2", PricePerM2);
        check.Amount("price", Price);
        if (Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)))
        {
            check.Add("currency", "currency must be a three-letter ISO 4217 code such as PLN or EUR.");
        }

        check.Text("duration", Duration, KnowledgeRules.ShortMax);
        check.List("includes", Includes, KnowledgeRules.ListMax, KnowledgeRules.ShortMax);
        check.List("tags", Tags, KnowledgeRules.ListMax, KnowledgeRules.TagMax);
    }

    public override KnowledgeItem Normalize() => this with
    {
        Name = Clean(Name), Description = Clean(Description), Currency = Clean(Currency) ?? "PLN", Duration = Clean(Duration),
        Includes = Clean(Includes), Tags = Clean(Tags),
    };

    public override ItemText Text() =>
        new(Name ?? "", [Name ?? ""], Join(Description, string.Join(", ", Includes ?? []), Duration), Tags ?? []);
}

public sealed record PortfolioItem(
    string? Title, string? Description, string? Location, decimal? AreaM2, string? Duration, string? Package, int? Year,
    string? ImageUrl, IReadOnlyList<string>? Tags) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Portfolio;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("title", Title, KnowledgeRules.ShortMax, required: true);
        check.Text("description", Description, KnowledgeRules.TextMax);
        check.Text("location", Location, KnowledgeRules.ShortMax);
        if (AreaM2 is <= 0 or > 1_000_000)
        {
            check.Add("area_m2", "area_m2 must be between 0 and 1000000.");
        }

        check.Text("duration", Duration, KnowledgeRules.ShortMax);
        check.Text("package", Package, KnowledgeRules.ShortMax);
        if (Year is < 1900 or > 2200)
        {
            check.Add("year", "year must be between 1900 and 2200.");
        }

        check.Url("image_url", ImageUrl);
        check.List("tags", Tags, KnowledgeRules.ListMax, KnowledgeRules.TagMax);
    }

    public override KnowledgeItem Normalize() => this with
    {
        Title = Clean(Title), Description = Clean(Description), Location = Clean(Location), Duration = Clean(Duration),
        Package = Clean(Package), ImageUrl = Clean(ImageUrl), Tags = Clean(Tags),
    };

    public override ItemText Text() => new(Title ?? "", [Title ?? ""], Join(Description, Location, Package, Duration), Tags ?? []);
}

public sealed record ProcessStepItem(int? Step, string? Title, string? Description, string? Duration) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Process;

    protected override void ValidateFields(ItemCheck check)
    {
        if (Step is null or < 1 or > 100)
        {
            check.Add("step", "step is required: the step's number, 1–100.");
        }

        check.Text("title", Title, KnowledgeRules.ShortMax, required: true);
        check.Text("description", Description, KnowledgeRules.TextMax);
        check.Text("duration", Duration, KnowledgeRules.ShortMax);
    }

    public override KnowledgeItem Normalize() => this with { Title = Clean(Title), Description = Clean(Description), Duration = Clean(Duration) };

    public override ItemText Text() => new(Title ?? "", [Title ?? ""], Join(Description, Duration), []);
}

public sealed record PartnerItem(string? Name, string? Category, string? Description, string? Url, string? Benefit) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Partners;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("name", Name, KnowledgeRules.ShortMax, required: true);
        check.Text("category", Category, KnowledgeRules.ShortMax);
        check.Text("description", Description, KnowledgeRules.TextMax);
        check.Url("url", Url);
        check.Text("benefit", Benefit, KnowledgeRules.ShortMax);
    }

    public override KnowledgeItem Normalize() => this with
    {
        Name = Clean(Name), Category = Clean(Category), Description = Clean(Description), Url = Clean(Url), Benefit = Clean(Benefit),
    };

    public override ItemText Text() => new(Name ?? "", [Name ?? "", Category ?? ""], Join(Description, Benefit), Category is null ? [] : [Category]);
}

public sealed record TeamMemberItem(string? Name, string? Role, string? Bio, string? PhotoUrl) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Team;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("name", Name, KnowledgeRules.ShortMax, required: true);
        check.Text("role", Role, KnowledgeRules.ShortMax);
        check.Text("bio", Bio, KnowledgeRules.TextMax);
        check.Url("photo_url", PhotoUrl);
    }

    public override KnowledgeItem Normalize() => this with { Name = Clean(Name), Role = Clean(Role), Bio = Clean(Bio), PhotoUrl = Clean(PhotoUrl) };

    public override ItemText Text() => new(Name ?? "", [Name ?? "", Role ?? ""], Join(Role, Bio), []);
}

public sealed record WhyUsItem(string? Title, string? Description) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.WhyUs;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("title", Title, KnowledgeRules.ShortMax, required: true);
        check.Text("description", Description, KnowledgeRules.TextMax);
    }

    public override KnowledgeItem Normalize() => this with { Title = Clean(Title), Description = Clean(Description) };

    public override ItemText Text() => new(Title ?? "", [Title ?? ""], Description ?? "", []);
}

public sealed record BlogPostItem(
    string? Title, string? Summary, string? Content, string? Author, DateOnly? PublishedOn, string? Url, IReadOnlyList<string>? Tags) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Blog;

    protected override void ValidateFields(ItemCheck check)
    {
        check.Text("title", Title, KnowledgeRules.ShortMax, required: true);
        check.Text("summary", Summary, KnowledgeRules.TextMax);
        check.Text("content", Content, 100_000);
        check.Text("author", Author, KnowledgeRules.ShortMax);
        check.Url("url", Url);
        check.List("tags", Tags, KnowledgeRules.ListMax, KnowledgeRules.TagMax);
    }

    public override KnowledgeItem Normalize() => this with
    {
        Title = Clean(Title), Summary = Clean(Summary), Content = Clean(Content), Author = Clean(Author), Url = Clean(Url), Tags = Clean(Tags),
    };

    public override ItemText Text() => new(Title ?? "", [Title ?? ""], Join(Summary, Content), Tags ?? []);
}

public sealed record FactItem(string? Category, string? Title, string? Value, IReadOnlyList<string>? Tags) : KnowledgeItem
{
    [JsonIgnore] public override string Kind => KnowledgeKinds.Facts;

    protected override void ValidateFields(ItemCheck check)
    {
        if (Category is not null && !KnowledgeRules.FactCategories.Contains(Category))
        {
            check.Add("category", $"category must be one of: {string.Join(", ", KnowledgeRules.FactCategories)}.");
        }

        check.Text("title", Title, KnowledgeRules.ShortMax, required: true);
        check.Text("value", Value, KnowledgeRules.TextMax, required: true);
        check.List("tags", Tags, KnowledgeRules.ListMax, KnowledgeRules.TagMax);
    }

    public override KnowledgeItem Normalize() => this with { Category = Clean(Category) ?? "other", Title = Clean(Title), Value = Clean(Value), Tags = Clean(Tags) };

    public override ItemText Text() => new(Title ?? "", [Title ?? ""], Value ?? "", Tags ?? []);
}

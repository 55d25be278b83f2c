using Parley.Platform.Errors;

namespace Parley.Features.Knowledge;

/// <summary>
/// A whole knowledge base as JSON: what export returns and import takes. Each kind is a list of its entries in their API shape;
/// kinds left out are empty.
/// </summary>
public sealed record KnowledgeDocument(
    string? Format,
    int? FormatVersion,
    DateTime? ExportedAt,
    IReadOnlyList<FaqItem>? Faq,
    IReadOnlyList<PackageItem>? Packages,
    IReadOnlyList<PortfolioItem>? Portfolio,
    IReadOnlyList<ProcessStepItem>? Process,
    IReadOnlyList<PartnerItem>? Partners,
    IReadOnlyList<TeamMemberItem>? Team,
    IReadOnlyList<WhyUsItem>? WhyUs,
    IReadOnlyList<BlogPostItem>? Blog,
    IReadOnlyList<FactItem>? Facts) : IValidatable
{
    public const string FormatName = "parley-knowledge";
    public const int CurrentFormatVersion = 1;

    public IEnumerable<KnowledgeItem> Items() =>
        Lists().SelectMany(l => l.Items);

    public void Validate(Validator v)
    {
        if (Format is not null && Format != FormatName)
        {
            v.Add("format", $"format must be '{FormatName}' (or left out).");
        }

        if (FormatVersion is not null and not CurrentFormatVersion)
        {
            v.Add("format_version", $"format_version must be {CurrentFormatVersion}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, items) in Lists())
        {
            for (var i = 0; i < items.Count; i++)
            {
                var prefix = $"{key}[{i}].";
                if (items[i] is null)
                {
                    v.Add($"{key}[{i}]", $"{key}[{i}] must be an object.");
                    continue;
                }

                items[i].Validate(new ItemCheck(v, prefix));
                if (items[i].Id is { } id && !ids.Add(id))
                {
                    v.Add(prefix + "id", $"id '{id}' appears more than once in the document.");
                }
            }
        }
    }

    public static KnowledgeDocument From(IReadOnlyList<KnowledgeItem> items, DateTime exportedAt) => new(
        FormatName, CurrentFormatVersion, exportedAt,
        items.OfType<FaqItem>().ToList(), items.OfType<PackageItem>().ToList(), items.OfType<PortfolioItem>().ToList(),
        items.OfType<ProcessStepItem>().ToList(), items.OfType<PartnerItem>().ToList(), items.OfType<TeamMemberItem>().ToList(),
        items.OfType<WhyUsItem>().ToList(), items.OfType<BlogPostItem>().ToList(), items.OfType<FactItem>().ToList());

    private IEnumerable<(string Key, IReadOnlyList<KnowledgeItem> Items)> Lists()
    {
        yield return ("faq", Faq ?? []);
        yield return ("packages", Packages ?? []);
        yield return ("portfolio", Portfolio ?? []);
        yield return ("process", Process ?? []);
        yield return ("partners", Partners ?? []);
        yield return ("team", Team ?? []);
        yield return ("why_us", WhyUs ?? []);
        yield return ("blog", Blog ?? []);
        yield return ("facts", Facts ?? []);
    }
}

using System.Text.Json.Nodes;

namespace Parley.Features.Knowledge;

public enum FieldInput
{
    Text,
    LongText,
    Lines,
    Decimal,
    Integer,
    Date,
    Choice,
}

/// <summary>One editable field of a kind, as the admin editor shows it; <see cref="Name"/> is the wire (snake_case) name.</summary>
public sealed record KnowledgeField(string Name, FieldInput Input, bool Required = false, IReadOnlyList<string>? Choices = null);

/// <summary>The admin editor's form for each kind; values travel as the API's JSON, so the API's validation applies unchanged.</summary>
public static class KnowledgeFields
{
    public static IReadOnlyList<KnowledgeField> For(string kind) => kind switch
    {
        KnowledgeKinds.Faq => [new("question", FieldInput.Text, true), new("alternatives", FieldInput.Lines), new("answer", FieldInput.LongText, true), new("tags", FieldInput.Lines)],
        KnowledgeKinds.Packages =>
        [
            new("name", FieldInput.Text, true), new("description", FieldInput.LongText), new("price_per_m2", FieldInput.Decimal), new("price", FieldInput.Decimal),
            new("currency", FieldInput.Text), new("duration", FieldInput.Text), new("includes", FieldInput.Lines), new("tags", FieldInput.Lines),
        ],
        KnowledgeKinds.Portfolio =>
        [
            new("title", FieldInput.Text, true), new("description", FieldInput.LongText), new("location", FieldInput.Text), new("area_m2", FieldInput.Decimal),
            new("duration", FieldInput.Text), new("package", FieldInput.Text), new("year", FieldInput.Integer), new("image_url", FieldInput.Text), new("tags", FieldInput.Lines),
        ],
        KnowledgeKinds.Process => [new("step", FieldInput.Integer, true), new("title", FieldInput.Text, true), new("description", FieldInput.LongText), new("duration", FieldInput.Text)],
        KnowledgeKinds.Partners =>
            [new("name", FieldInput.Text, true), new("category", FieldInput.Text), new("description", FieldInput.LongText), new("url", FieldInput.Text), new("benefit", FieldInput.Text)],
        KnowledgeKinds.Team => [new("name", FieldInput.Text, true), new("role", FieldInput.Text), new("bio", FieldInput.LongText), new("photo_url", FieldInput.Text)],
        KnowledgeKinds.WhyUs => [new("title", FieldInput.Text, true), new("description", FieldInput.LongText)],
        KnowledgeKinds.Blog =>
        [
            new("title", FieldInput.Text, true), new("summary", FieldInput.LongText), new("content", FieldInput.LongText), new("author", FieldInput.Text),
            new("published_on", FieldInput.Date), new("url", FieldInput.Text), new("tags", FieldInput.Lines),
        ],
        KnowledgeKinds.Facts =>
            [new("category", FieldInput.Choice, false, KnowledgeRules.FactCategories), new("title", FieldInput.Text, true), new("value", FieldInput.LongText, true), new("tags", FieldInput.Lines)],
        _ => [],
    };

    /// <summary>The form's text values from an item's JSON (lists one item per line).</summary>
    public static Dictionary<string, string> ToForm(KnowledgeItem item)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(item, item.GetType(), KnowledgeService.Json)!.AsObject();
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in For(item.Kind))
        {
            form[field.Name] = json[field.Name] switch
            {
                null => "",
                JsonArray array => string.Join("\n", array.Select(v => v?.ToString() ?? "")),
                var value => value.ToString(),
            };
        }

        return form;
    }

    /// <summary>The item's JSON from the form; numbers that do not parse are sent as text so the API's own errors name them.</summary>
    public static JsonObject ToJson(string kind, string? id, string language, IReadOnlyDictionary<string, string> form)
    {
        var json = new JsonObject { ["id"] = id, ["language"] = language };
        foreach (var field in For(kind))
        {
            var text = form.GetValueOrDefault(field.Name)?.Trim() ?? "";
            json[field.Name] = field.Input switch
            {
                _ when text.Length == 0 => field.Input == FieldInput.Lines ? new JsonArray() : null,
                FieldInput.Lines => new JsonArray(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
                FieldInput.Decimal when decimal.TryParse(text.Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
                FieldInput.Integer when int.TryParse(text, out var i) => i,
                _ => text,
            };
        }

        return json;
    }
}

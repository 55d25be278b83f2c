using Parley.Features.Ai.Engine;

namespace Parley.Features.Insights;

/// <summary>A named thing customers mention, recognised by word stems (folded: lower case, no diacritics).</summary>
public sealed record LexiconEntry(string NamePl, string NameEn, IReadOnlyList<string> Stems);

/// <summary>
/// Services and product groups small service businesses (salons, renovation, online sellers) are reviewed for, in Polish and
/// English. A review mentions an entry when one of its words starts with one of the entry's stems (or contains a multi-word stem).
/// </summary>
public static class Lexicon
{
    public static readonly IReadOnlyList<LexiconEntry> Services =
    [
        new("Strzyżenie", "Haircut", ["strzyz", "strzyg", "ostrzyz", "haircut", "=cut"]),
        new("Koloryzacja", "Colouring", ["koloryzac", "farbowan", "ombre", "sombre", "balayage", "balejaz", "pasemk", "colouring", "coloring", "highlights"]),
        new("Modelowanie i stylizacja włosów", "Styling", ["modelowan", "stylizac wlos", "upiecz", "=kok", "blow dry", "styling"]),
        new("Manicure", "Manicure", ["manicur", "paznok", "hybryd", "nails"]),
        new("Pedicure", "Pedicure", ["pedicur"]),
        new("Masaż", "Massage", ["masaz", "massage"]),
        new("Makijaż", "Make-up", ["makijaz", "make-up", "makeup"]),
        new("Brwi i rzęsy", "Brows and lashes", ["brwi", "rzes", "henna", "laminac", "brow", "lash"]),
        new("Depilacja", "Waxing", ["depilac", "wosk", "waxing"]),
        new("Zabiegi na twarz", "Facials", ["zabieg na twarz", "oczyszczan", "mikrodermabraz", "facial"]),
        new("Remont", "Renovation", ["remont", "renovat"]),
        new("Malowanie", "Painting", ["malowan", "pomalow", "painting"]),
        new("Hydraulika", "Plumbing", ["hydraul", "plumb"]),
        new("Montaż", "Installation", ["montaz", "zamontow", "install"]),
        new("Glazura i płytki", "Tiling", ["glazur", "plytk", "kafel", "tiling", "tiles"]),
        new("Dostawa", "Delivery", ["dostaw", "przesyl", "kurier", "wysylk", "delivery", "shipping", "courier"]),
    ];

    public static readonly IReadOnlyList<LexiconEntry> Products =
    [
        new("Produkty koloryzujące", "Colour products", ["farb", "koloryzuj", "rozjasniacz", "toner", "dye"]),
        new("Kosmetyki do włosów", "Hair care", ["szampon", "odzywk", "maska do wlos", "olejek do wlos", "shampoo", "conditioner"]),
        new("Lakiery i żele do paznokci", "Nail polish", ["lakier", "zel do paznok", "polish"]),
        new("Kosmetyki do pielęgnacji", "Skin care", ["krem", "serum", "balsam", "tonik", "cream", "lotion"]),
        new("Perfumy", "Fragrances", ["perfum", "zapach", "fragrance"]),
        new("Materiały budowlane", "Building materials", ["material", "cement", "klej do", "fug", "panel", "silikon"]),
        new("Odzież", "Clothing", ["kurtk", "sukienk", "spodni", "koszul", "bluz", "ubran", "jacket", "dress", "shirt"]),
        new("Obuwie", "Footwear", ["buty", "butow", "obuwi", "sneakers", "shoes", "boots"]),
        new("Opakowanie", "Packaging", ["opakowan", "pudelk", "zapakowan", "packaging", "package"]),
    ];

    /// <summary>The words of a text as stems are matched against them: lower case, no diacritics, no punctuation.</summary>
    public static string[] Prepare(string text) => TextNormalizer.Fold(text.ToLowerInvariant())
        .Split((char[])[' ', '\n', '\t', ',', '.', '!', '?', ';', ':', '(', ')', '"', '„', '”', '\'', '/'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether the words mention the entry: a stem matches a word it starts ("=word" must equal it); a stem of several words
    /// ("zabieg na twarz") matches consecutive words.
    /// </summary>
    public static bool Mentions(string[] words, LexiconEntry entry)
    {
        foreach (var stem in entry.Stems)
        {
            var parts = stem.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + parts.Length <= words.Length; i++)
            {
                var all = true;
                for (var p = 0; p < parts.Length && all; p++)
                {
                    all = parts[p][0] == '='
                        ? words[i + p].Equals(parts[p][1..], StringComparison.Ordinal)
                        : words[i + p].StartsWith(parts[p], StringComparison.Ordinal);
                }

                if (all)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A workspace's own service name as an entry: each word's stem (longer words lose their last two letters).</summary>
    public static LexiconEntry ForName(string name)
    {
        var stems = Prepare(name).Select(w => w.Length > 5 ? w[..^2] : "=" + w).ToArray();
        return new LexiconEntry(name, name, [string.Join(' ', stems)]);
    }

    public static string ThemeLabel(string key, bool english) => (key, english) switch
    {
        ("service_quality", false) => "Jakość usługi",
        ("service_quality", true) => "Service quality",
        ("staff", false) => "Obsługa klienta",
        ("staff", true) => "Customer service",
        ("price", false) => "Ceny",
        ("price", true) => "Prices",
        ("waiting_time", false) => "Czas oczekiwania",
        ("waiting_time", true) => "Waiting time",
        ("atmosphere", false) => "Atmosfera",
        ("atmosphere", true) => "Atmosphere",
        ("cleanliness", false) => "Czystość",
        ("cleanliness", true) => "Cleanliness",
        ("booking", false) => "Rezerwacje i terminy",
        ("booking", true) => "Booking",
        ("product_quality", false) => "Jakość produktów",
        ("product_quality", true) => "Product quality",
        ("communication", false) => "Komunikacja",
        ("communication", true) => "Communication",
        _ => char.ToUpperInvariant(key[0]) + key[1..].Replace('_', ' '),
    };

    /// <summary>What an owner could do about a recurring problem with a theme.</summary>
    public static string Advice(string key, bool english) => (key, english) switch
    {
        ("waiting_time", false) => "warto rozważyć optymalizację grafiku i procesów",
        ("waiting_time", true) => "consider tightening the schedule and processes",
        ("price", false) => "warto przejrzeć cennik albo jaśniej mówić, co obejmuje cena",
        ("price", true) => "consider reviewing prices or explaining better what they include",
        ("staff", false) => "warto porozmawiać z zespołem o standardach obsługi",
        ("staff", true) => "consider talking to the team about how customers are treated",
        ("service_quality", false) => "warto przyjrzeć się jakości wykonania usług",
        ("service_quality", true) => "consider checking how the work is done",
        ("cleanliness", false) => "warto zadbać o porządek i higienę",
        ("cleanliness", true) => "consider paying more attention to tidiness and hygiene",
        ("atmosphere", false) => "warto zadbać o komfort na miejscu (np. głośność muzyki)",
        ("atmosphere", true) => "consider the comfort of the place (e.g. how loud the music is)",
        ("booking", false) => "warto uprościć rezerwacje i dotrzymywać umówionych terminów",
        ("booking", true) => "consider making booking easier and keeping appointments",
        ("product_quality", false) => "warto sprawdzić jakość produktów i dostawców",
        ("product_quality", true) => "consider checking product quality and suppliers",
        ("communication", false) => "warto szybciej odpowiadać na telefony i wiadomości",
        ("communication", true) => "consider answering calls and messages faster",
        (_, false) => "warto się temu przyjrzeć",
        _ => "worth a closer look",
    };
}

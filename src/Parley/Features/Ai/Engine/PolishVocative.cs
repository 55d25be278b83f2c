using System.Collections.Frozen;

namespace Parley.Features.Ai.Engine;

/// <summary>Polite Polish address ("Pani Anno", "Panie Piotrze") for a first name; null when unsure, so callers fall back.</summary>
public static class PolishVocative
{
    // Male vocatives are irregular enough that only known names are inflected.
    private static readonly FrozenDictionary<string, string> MaleNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["adam"] = "adamie", ["adrian"] = "adrianie", ["andrzej"] = "andrzeju", ["antoni"] = "antoni", ["artur"] = "arturze",
        ["bartek"] = "bartku", ["bartłomiej"] = "bartłomieju", ["bogdan"] = "bogdanie", ["damian"] = "damianie",
        ["daniel"] = "danielu", ["dariusz"] = "dariuszu", ["dawid"] = "dawidzie", ["filip"] = "filipie",
        ["grzegorz"] = "grzegorzu", ["hubert"] = "hubercie", ["igor"] = "igorze", ["jacek"] = "jacku",
        ["jakub"] = "jakubie", ["jan"] = "janie", ["janusz"] = "januszu", ["jarosław"] = "jarosławie", ["jerzy"] = "jerzy",
        ["kacper"] = "kacprze", ["kamil"] = "kamilu", ["karol"] = "karolu", ["krzysztof"] = "krzysztofie", ["kuba"] = "kubo",
        ["leszek"] = "leszku", ["łukasz"] = "łukaszu", ["maciej"] = "macieju", ["marcin"] = "marcinie", ["marek"] = "marku",
        ["mariusz"] = "mariuszu", ["mateusz"] = "mateuszu", ["michał"] = "michale", ["mikołaj"] = "mikołaju",
        ["mirosław"] = "mirosławie", ["oskar"] = "oskarze", ["patryk"] = "patryku", ["paweł"] = "pawle", ["piotr"] = "piotrze",
        ["przemysław"] = "przemysławie", ["radosław"] = "radosławie", ["rafał"] = "rafale", ["robert"] = "robercie",
        ["ryszard"] = "ryszardzie", ["sebastian"] = "sebastianie", ["stanisław"] = "stanisławie", ["szymon"] = "szymonie",
        ["tadeusz"] = "tadeuszu", ["tomasz"] = "tomaszu", ["tomek"] = "tomku", ["wiktor"] = "wiktorze", ["wojciech"] = "wojciechu",
        ["wojtek"] = "wojtku", ["zbigniew"] = "zbigniewie", ["zenon"] = "zenonie",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] SoftDiminutiveEndings = ["sia", "zia", "cia", "nia", "dzia", "la"];

    /// <summary>Returns e.g. "Pani Anno" or "Panie Piotrze", or null when the name cannot be addressed safely.</summary>
    public static string? PoliteAddress(string firstName)
    {
        ArgumentNullException.ThrowIfNull(firstName);
        var lower = firstName.ToLowerInvariant();
        if (lower.Length < 3)
        {
            return null;
        }

        if (MaleNames.TryGetValue(lower, out var male))
        {
            return "Panie " + Capitalize(male);
        }

        if (lower[^1] != 'a')
        {
            return null;
        }

        foreach (var ending in SoftDiminutiveEndings)
        {
            if (lower.EndsWith(ending, StringComparison.Ordinal))
            {
                return "Pani " + Capitalize(lower[..^1] + "u");
            }
        }

        return "Pani " + Capitalize(lower[..^1] + "o");
    }

    private static string Capitalize(string s) => string.Create(s.Length, s, static (span, src) =>
    {
        src.AsSpan().CopyTo(span);
        span[0] = char.ToUpperInvariant(span[0]);
    });
}

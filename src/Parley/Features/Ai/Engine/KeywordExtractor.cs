namespace Parley.Features.Ai.Engine;

/// <summary>Stopword-filtered, stem-grouped keywords and two-word key phrases.</summary>
public sealed class KeywordExtractor(TextNormalizer normalizer)
{
    private const int MinWordLength = 3;

    [ThreadStatic]
    private static Dictionary<string, Candidate>? candidates;

    [ThreadStatic]
    private static List<Candidate>? ranking;

    public KeywordExtractor()
        : this(TextNormalizer.Shared)
    {
    }

    public IReadOnlyList<KeyPhrase> Extract(string text, string lang, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            return Extract(scratch, lang, max);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    internal IReadOnlyList<KeyPhrase> Extract(TextScratch scratch, string lang, int max)
    {
        if (max <= 0 || !Language.IsSupported(lang))
        {
            return [];
        }

        scratch.EnsureKeys(lang);
        var lexicon = SentimentLexicon.For(lang);
        var groups = candidates ??= new Dictionary<string, Candidate>(64, StringComparer.Ordinal);
        groups.Clear();
        var tokens = scratch.Tokens;
        var previous = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsContentWord(scratch, token, i, lang, lexicon))
            {
                previous = -1;
                continue;
            }

            var key = scratch.Key(i);
            var weight = 0.6 + (Math.Min(token.Length, 10) * 0.05) + (0.15 * (1 - ((double)i / tokens.Count)));
            Bump(groups, key, token.Start, token.Length, weight);
            if (previous >= 0)
            {
                var first = tokens[previous];
                var pairKey = string.Concat(scratch.Key(previous), " ", key);
                var pairWeight = 0.75 * (groups[scratch.Key(previous)].Single + weight);
                Bump(groups, pairKey, first.Start, token.Start + token.Length - first.Start, pairWeight);
            }

            previous = i;
        }

        return Rank(scratch, groups, max);
    }

    private bool IsContentWord(TextScratch scratch, Token token, int index, string lang, SentimentLexicon lexicon)
    {
        if (!token.IsWord || token.Length < MinWordLength)
        {
            return false;
        }

        var surface = scratch.Surface(token);
        if (normalizer.IsStopword(surface, lang))
        {
            return false;
        }

        return !lexicon.Words.TryGetValue(scratch.Key(index), out var role) || role.Modifier == ModifierKind.None || role.HasSentiment;
    }

    private static void Bump(Dictionary<string, Candidate> groups, string key, int start, int length, double weight)
    {
        if (groups.TryGetValue(key, out var existing))
        {
            existing.Count++;
            existing.Weight += weight;
            existing.Single = Math.Max(existing.Single, weight);
            return;
        }

        groups[key] = new Candidate { Start = start, Length = length, Count = 1, Weight = weight, Single = weight };
    }

    private static List<KeyPhrase> Rank(TextScratch scratch, Dictionary<string, Candidate> groups, int max)
    {
        var list = ranking ??= new List<Candidate>(64);
        list.Clear();
        foreach (var candidate in groups.Values)
        {
            list.Add(candidate);
        }

        list.Sort(static (a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : a.Start.CompareTo(b.Start));
        var take = Math.Min(max, list.Count);
        var result = new List<KeyPhrase>(take);
        var top = take > 0 ? list[0].Weight : 1;
        for (var i = 0; i < take; i++)
        {
            var c = list[i];
            result.Add(new KeyPhrase(new string(scratch.Lower.Slice(c.Start, c.Length)), Math.Round(c.Weight / top, 3)));
        }

        return result;
    }

    private sealed class Candidate
    {
        public int Start { get; init; }

        public int Length { get; init; }

        public int Count { get; set; }

        public double Weight { get; set; }

        public double Single { get; set; }
    }
}

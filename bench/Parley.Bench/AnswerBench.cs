using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parley.Features.Knowledge.Answering;
using Parley.Features.Knowledge.Demo;
using Parley.Features.Search;

namespace Parley.Bench;

internal sealed record AnswerResults(int Documents, int Messages, long Matches, double MatchMicros, double MatchP99Micros, long Searches,
    double SearchMicros, double SearchP99Micros);

/// <summary>
/// The chatbot's matching step in this process: <see cref="KnowledgeMatcher.Match"/> (compound splitting, synonyms, candidate
/// retrieval, scoring every phrasing of every candidate) over the demo renovation knowledge base, for visitor messages in
/// PL/EN/DE written for the bench (not the answer-quality set). Reference in the same run: the bare Lucene retrieval
/// (<see cref="SearchIndex.Search"/>, fuzzy, no snippets) for the same messages — the matcher includes one such search, so the
/// ratio says what scoring and the vocabulary add. One thread, each for <c>--engine-duration</c> after <c>--engine-warmup</c>.
/// </summary>
internal static class AnswerBench
{
    private static readonly (string Language, string Message)[] Messages =
    [
        ("pl", "Dzień dobry, ile kosztuje wykończenie mieszkania 55 m2?"),
        ("pl", "jak dlugo trwa remont lazienki"),
        ("pl", "czy dajecie gwarancje na plytki?"),
        ("pl", "mozna zaplacic w ratach?"),
        ("pl", "czy robicie remonty w piasecznie"),
        ("pl", "czy naprawiacie pralki"),
        ("en", "how much is a full apartment renovation per square metre"),
        ("en", "do you give a guarantee on the tiling?"),
        ("en", "can I live in the flat during the works"),
        ("en", "is the quote free of charge"),
        ("en", "do you repair washing machines"),
        ("de", "was kostet die Badsanierung bei Ihnen?"),
        ("de", "wie ist die Telefonnummer vom Büro"),
        ("de", "bieten Sie Ratenzahlung an?"),
        ("de", "wie lange dauert eine Komplettrenovierung"),
        ("de", "reparieren Sie Waschmaschinen"),
    ];

    public static AnswerResults Run(BenchOptions o, Action<string> progress)
    {
        var documents = RenovationDemoSeeder.LoadDocument().Items()
            .Select((item, i) => KnowledgeIndexRegistry.ToDocument(item with { Id = item.Id ?? $"demo-{i}" }))
            .ToList();
        using var index = SearchIndex.Build(documents);
        progress($"answer: KnowledgeMatcher.Match vs SearchIndex.Search, {documents.Count} demo entries, {Messages.Length} messages, one thread");

        var (matches, matchMicros, matchP99) = Measure(o, m => KnowledgeMatcher.Match(index, m.Message, m.Language).Candidates.Count);
        var (searches, searchMicros, searchP99) = Measure(o, m => index.Search(new SearchRequest(m.Message, m.Language, null, KnowledgeMatcher.CandidateCount, Fuzzy: true, Snippets: false)).Count);
        return new AnswerResults(documents.Count, Messages.Length, matches, matchMicros, matchP99, searches, searchMicros, searchP99);
    }

    private static (long Count, double MeanMicros, double P99Micros) Measure(BenchOptions o, Func<(string Language, string Message), int> step)
    {
        var sink = 0;
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(o.EngineWarmup.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; Stopwatch.GetTimestamp() < warmupEnd; i++)
        {
            sink += step(Messages[i % Messages.Length]);
        }

        var samples = new List<double>(200_000);
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(o.EngineDuration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; ; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= end)
            {
                break;
            }

            sink += step(Messages[i % Messages.Length]);
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }

        GC.KeepAlive(sink);
        samples.Sort();
        var p99 = samples.Count == 0 ? 0 : samples[Math.Min(samples.Count - 1, (int)(samples.Count * 0.99))];
        return (samples.Count, samples.Count == 0 ? 0 : samples.Average(), p99);
    }

    public static void Format(StringBuilder s, AnswerResults r)
    {
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Chatbot matching ({r.Documents} demo entries, {r.Messages} PL/EN/DE messages round-robin, one thread)");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  KnowledgeMatcher.Match: {r.Matches:N0} messages, mean {r.MatchMicros:0} µs, p99 {r.MatchP99Micros:0} µs ({1e6 / r.MatchMicros:N0}/s)");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  reference SearchIndex.Search (same messages, fuzzy, no snippets): {r.Searches:N0}, mean {r.SearchMicros:0} µs, p99 {r.SearchP99Micros:0} µs");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  matching costs {r.MatchMicros / r.SearchMicros:0.0}× the bare retrieval");
    }
}

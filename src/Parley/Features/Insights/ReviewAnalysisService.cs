using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Parley.Features.Ai;
using Parley.Features.Ai.Engine;
using Parley.Features.Reviews;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Insights;

/// <summary>A result and the engine that produced it (<c>builtin</c>, <c>llm</c> or <c>builtin-fallback</c>).</summary>
public sealed record Analysed<T>(T Value, string Engine);

/// <summary>
/// The dashboard's AI analyses. With reviews in the request they analyse those; without, the workspace's stored reviews
/// (counts from the counters, text from the newest <see cref="InsightsOptions.MaxReviewsAnalyzed"/>). Texts are read by the
/// built-in engine (sentiment, themes against the workspace's taxonomy, keywords); with a model configured, the model writes
/// the recommendations from the facts found. Results are cached per workspace, review-data version and request.
/// </summary>
public sealed class ReviewAnalysisService(
    ReviewStatistics statistics,
    StatsService stats,
    TextAnalysisService analysis,
    ReplyService replies,
    AiGateway gateway,
    AiSettingsService aiSettings,
    BuiltinLanguageEngine engine,
    WorkspaceService workspaces,
    IWorkspaceContext current,
    HybridCache cache,
    IOptions<InsightsOptions> options)
{
    public const string InsightsFeature = "review_insights";
    private const int DetailCount = 20;
    private static readonly JsonSerializerOptions KeyJson = new(JsonSerializerDefaults.Web);

    private sealed record Item(string? Id, string? Author, int? Rating, string Content, DateTime? Date, string Sentiment, string? ServiceName, DateTime? ReplyDate);

    public async Task<Analysed<SentimentAnalysisView>> SentimentAsync(IReadOnlyList<AnalysisReview>? reviews, CancellationToken cancellationToken)
    {
        if (reviews is not { Count: > 0 })
        {
            var (distribution, trends) = await stats.SentimentAsync(cancellationToken);
            var recent = await statistics.RecentAsync(DetailCount, cancellationToken);
            var details = recent.Select(r => new SentimentDetail(r.Id, r.Sentiment, r.Rating, Excerpt(r.Content))).ToList();
            return new(new SentimentAnalysisView(Overall(distribution), distribution, trends, details), AiEngines.Builtin);
        }

        return await CachedAsync("sentiment", reviews, async token =>
        {
            var items = FromRequest(reviews);
            var zone = await statistics.ZoneAsync(token);
            var (days, labels) = await stats.LastDaysAsync(token);
            var distribution = Percentages.Split(Count(items, SentimentResult.Positive), Count(items, SentimentResult.Neutral), Count(items, SentimentResult.Negative));
            var byDay = items.Where(i => i.Date is not null).ToLookup(i => WorkspaceTimeZones.LocalDay(i.Date!.Value, zone));
            var perDay = days.Select(d => Percentages.Split(Count(byDay[d], SentimentResult.Positive), Count(byDay[d], SentimentResult.Neutral),
                Count(byDay[d], SentimentResult.Negative))).ToList();
            var trends = new SentimentTrends(labels, perDay.Select(p => p.Positive).ToList(), perDay.Select(p => p.Neutral).ToList(),
                perDay.Select(p => p.Negative).ToList());
            var details = items.Take(DetailCount).Select(i => new SentimentDetail(i.Id, i.Sentiment, i.Rating, Excerpt(i.Content))).ToList();
            return new Analysed<SentimentAnalysisView>(new SentimentAnalysisView(Overall(distribution), distribution, trends, details), AiEngines.Builtin);
        }, cancellationToken);
    }

    public async Task<Analysed<TimeTrendsView>> TimeTrendsAsync(IReadOnlyList<AnalysisReview>? reviews, CancellationToken cancellationToken)
    {
        if (reviews is not { Count: > 0 })
        {
            return new(await stats.TimeTrendsAsync(cancellationToken), AiEngines.Builtin);
        }

        var zone = await statistics.ZoneAsync(cancellationToken);
        var (days, labels) = await stats.LastDaysAsync(cancellationToken);
        var byDay = reviews.Where(r => r.Date is not null).ToLookup(r => WorkspaceTimeZones.LocalDay(r.Date!.Value, zone));
        var repliesByDay = reviews.Where(r => r.Reply?.Date is not null).ToLookup(r => WorkspaceTimeZones.LocalDay(r.Reply!.Date!.Value, zone));
        return new(new TimeTrendsView(labels,
            days.Select(d => byDay[d].Count()).ToList(),
            days.Select(d => byDay[d].Where(r => r.Rating is not null).Select(r => (double)r.Rating!.Value).DefaultIfEmpty(0).Average())
                .Select(a => Math.Round(a, 1)).ToList(),
            days.Select(d => repliesByDay[d].Count()).ToList()), AiEngines.Builtin);
    }

    public Task<Analysed<ProductsServicesView>> ProductsServicesAsync(IReadOnlyList<AnalysisReview>? reviews, CancellationToken cancellationToken) =>
        CachedAsync("products-services", reviews, async token =>
        {
            var items = await CorpusAsync(reviews, token);
            var english = await EnglishAsync(token);
            var words = items.Select(i => Lexicon.Prepare(i.Content)).ToList();

            // The workspace's own service names (from service context) first, then the built-in list for reviews that name none.
            var named = items.Where(i => i.ServiceName is not null)
                .GroupBy(i => i.ServiceName!.Trim(), StringComparer.OrdinalIgnoreCase)
                .Select(g => (Entry: Lexicon.ForName(g.First().ServiceName!.Trim()), Key: g.Key))
                .ToList();
            var services = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < items.Count; i++)
            {
                var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (items[i].ServiceName is { } own)
                {
                    found.Add(own.Trim());
                }

                foreach (var (entry, key) in named)
                {
                    if (Lexicon.Mentions(words[i], entry))
                    {
                        found.Add(key);
                    }
                }

                if (found.Count == 0)
                {
                    foreach (var entry in Lexicon.Services.Where(e => Lexicon.Mentions(words[i], e)))
                    {
                        found.Add(english ? entry.NameEn : entry.NamePl);
                    }
                }

                foreach (var name in found)
                {
                    services[name] = services.GetValueOrDefault(name) + 1;
                }
            }

            var products = Lexicon.Products.Select(e => (Name: english ? e.NameEn : e.NamePl, Count: words.Count(w => Lexicon.Mentions(w, e))))
                .Where(p => p.Count > 0);
            return new Analysed<ProductsServicesView>(new ProductsServicesView(
                Top(services.Select(s => (s.Key, s.Value)), items.Count),
                Top(products, items.Count),
                items.Count), AiEngines.Builtin);
        }, cancellationToken);

    public Task<Analysed<RepeatingElementsView>> RepeatingElementsAsync(IReadOnlyList<AnalysisReview>? reviews, CancellationToken cancellationToken) =>
        CachedAsync("repeating-elements", reviews, async token =>
        {
            var items = await CorpusAsync(reviews, token);
            var english = await EnglishAsync(token);
            var taxonomy = await analysis.GetTaxonomyAsync(token);
            var themes = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
            var keywords = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in items.Where(i => i.Content.Length > 0))
            {
                var analysed = engine.Analyze(item.Content, taxonomy, maxKeywords: 6);
                foreach (var theme in analysed.Themes)
                {
                    (themes.TryGetValue(theme.Key, out var list) ? list : themes[theme.Key] = []).Add(item);
                }

                foreach (var word in analysed.Keywords.Select(k => k.Text.ToLowerInvariant()).Where(w => w.Length >= 4 && !w.Any(char.IsDigit)).Distinct())
                {
                    keywords[word] = keywords.GetValueOrDefault(word) + 1;
                }
            }

            var themeCounts = themes
                .Select(t => (t.Key, Items: t.Value, Sentiment: Dominant(t.Value)))
                .OrderByDescending(t => t.Items.Count).ThenBy(t => t.Key, StringComparer.Ordinal)
                .ToList();
            var themeViews = themeCounts.Take(10)
                .Select(t => new ThemeCount(Lexicon.ThemeLabel(t.Key, english), t.Items.Count, Percentages.Of(t.Items.Count, items.Count), t.Sentiment))
                .ToList();
            var keywordViews = keywords.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Take(10)
                .Select(k => new KeywordCount(k.Key, k.Value)).ToList();

            var insights = new List<InsightView>();
            if (themeViews.Count > 0)
            {
                insights.Add(new InsightView("trend", english ? "Most mentioned topics" : "Najczęściej wspominane tematy", null,
                    themeViews.Take(3).Select(t => t.Theme).ToList(), null));
            }

            var strengths = themeCounts.Where(t => t.Sentiment == SentimentResult.Positive).Take(3).Select(t => Lexicon.ThemeLabel(t.Key, english)).ToList();
            if (strengths.Count > 0)
            {
                insights.Add(new InsightView("trend", english ? "Strengths" : "Mocne strony", null, strengths, null));
            }

            // A recurring problem: at least two negative reviews about the theme, and a third or more of its mentions negative.
            var problems = themeCounts
                .Select(t => (t.Key, t.Items, Negative: t.Items.Where(i => i.Sentiment == SentimentResult.Negative).ToList()))
                .Where(t => t.Negative.Count >= 2 && t.Negative.Count * 3 >= t.Items.Count)
                .OrderByDescending(t => t.Negative.Count).Take(3).ToList();
            var engineUsed = AiEngines.Builtin;
            foreach (var (key, all, negative) in problems)
            {
                var label = Lexicon.ThemeLabel(key, english);
                var (description, usedEngine) = await DescribeProblemAsync(key, label, all.Count, negative, english, token);
                engineUsed = usedEngine == AiEngines.Builtin ? engineUsed : usedEngine;
                insights.Add(new InsightView("recommendation", english ? "Areas to improve" : "Obszary do poprawy", description, [label],
                    negative.Where(n => n.Id is not null).Select(n => n.Id!).Take(10).ToList()));
            }

            return new Analysed<RepeatingElementsView>(new RepeatingElementsView(themeViews, keywordViews, insights), engineUsed);
        }, cancellationToken);

    /// <summary>A suggested reply (the configured model, or the built-in engine's templates).</summary>
    public async Task<Analysed<GeneratedReply>> GenerateReplyAsync(string content, int? rating, string? authorName, CancellationToken cancellationToken)
    {
        var business = (await workspaces.GetCurrentAsync(cancellationToken))?.Name ?? string.Empty;
        var suggestion = await replies.SuggestAsync(content, rating, authorName, business, cancellationToken);
        return new(new GeneratedReply(suggestion.Reply), suggestion.Engine);
    }

    private async Task<(string Text, string Engine)> DescribeProblemAsync(string key, string label, int mentions, List<Item> negative, bool english,
        CancellationToken cancellationToken)
    {
        var example = negative.OrderByDescending(n => n.Date).First();
        var quote = Excerpt(example.Content, 120);
        var builtin = english
            ? $"{label} comes up in {mentions} reviews, {negative.Count} of them negative (e.g. “{quote}” — {example.Author ?? "a customer"}): {Lexicon.Advice(key, true)}."
            : $"{label} pojawia się w {mentions} opiniach, w tym w {negative.Count} negatywnych (np. „{quote}” — {example.Author ?? "klient"}): {Lexicon.Advice(key, false)}.";
        if ((await aiSettings.GetEffectiveAsync(cancellationToken)).Provider != AiProviders.OpenAi)
        {
            return (builtin, AiEngines.Builtin);
        }

        var facts = string.Join('\n', negative.Take(8).Select(n => $"- ({n.Rating}★) {Excerpt(n.Content, 300)}"));
        var system = english
            ? "You advise a small service business. In one or two sentences (max 400 characters), name the recurring problem in the reviews below and suggest one concrete improvement. Plain text, no lists."
            : "Doradzasz małej firmie usługowej. W jednym lub dwóch zdaniach (maks. 400 znaków) nazwij powtarzający się problem z poniższych opinii i zaproponuj jedną konkretną poprawę. Zwykły tekst, bez list.";
        var user = $"{label}: {mentions} {(english ? "mentions" : "wzmianek")}, {negative.Count} {(english ? "negative" : "negatywnych")}.\n{facts}";
        var answer = await gateway.CompleteAsync(InsightsFeature, [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)],
            validate: text => text.Trim().Length is > 20 and <= 600 && !text.Contains('@', StringComparison.Ordinal) && !text.Contains('{', StringComparison.Ordinal),
            cancellationToken: cancellationToken);
        return answer.Engine == AiEngines.Llm ? (answer.Text.Trim(), answer.Engine) : (builtin, answer.Engine);
    }

    private async Task<Analysed<T>> CachedAsync<T>(string kind, IReadOnlyList<AnalysisReview>? reviews, Func<CancellationToken, Task<Analysed<T>>> compute,
        CancellationToken cancellationToken)
    {
        var version = await statistics.VersionAsync(cancellationToken);
        var scope = reviews is { Count: > 0 }
            ? "request:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(reviews, KeyJson)))
            : "stored:" + version.ToString(CultureInfo.InvariantCulture);
        var (days, _) = await stats.LastDaysAsync(cancellationToken);
        var key = $"analysis:{kind}:{current.WorkspaceId}:{scope}:{days[^1]:yyyyMMdd}";
        return await cache.GetOrCreateAsync(key, async token => await compute(token), new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromMinutes(options.Value.CacheMinutes),
            LocalCacheExpiration = TimeSpan.FromMinutes(options.Value.CacheMinutes),
        }, cancellationToken: cancellationToken);
    }

    private async Task<List<Item>> CorpusAsync(IReadOnlyList<AnalysisReview>? reviews, CancellationToken cancellationToken) =>
        reviews is { Count: > 0 }
            ? FromRequest(reviews)
            : (await statistics.RecentAsync(options.Value.MaxReviewsAnalyzed, cancellationToken))
                .Select(r => new Item(r.Id, r.AuthorName, r.Rating, r.Content, r.Date, r.Sentiment, r.ServiceName, r.ReplyDate)).ToList();

    private List<Item> FromRequest(IReadOnlyList<AnalysisReview> reviews) => reviews
        .Select(r => (Review: r, Content: TextSanitizer.Clean(r.Content) ?? string.Empty))
        .Where(r => r.Content.Length > 0 || r.Review.Rating is not null)
        .Select(r => new Item(r.Review.Id, r.Review.AuthorName, r.Review.Rating, r.Content, r.Review.Date,
            ReviewSentiment.Classify(engine, r.Content, r.Review.Rating ?? 3), TextSanitizer.CleanOptional(r.Review.ServiceContext?.ServiceName),
            r.Review.Reply?.Date))
        .ToList();

    private async Task<bool> EnglishAsync(CancellationToken cancellationToken) =>
        (await workspaces.GetCurrentAsync(cancellationToken))?.Locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Positive when positives outweigh negatives by 20 points or more, negative the other way round, else neutral.</summary>
    private static string Overall(SentimentDistribution d) =>
        d.Positive - d.Negative >= 20 ? SentimentResult.Positive : d.Negative - d.Positive >= 20 ? SentimentResult.Negative : SentimentResult.Neutral;

    private static string Dominant(List<Item> items)
    {
        var positive = Count(items, SentimentResult.Positive);
        var negative = Count(items, SentimentResult.Negative);
        return positive > negative && positive * 2 >= items.Count ? SentimentResult.Positive
            : negative > positive && negative * 3 >= items.Count ? SentimentResult.Negative
            : SentimentResult.Neutral;
    }

    private static int Count(IEnumerable<Item> items, string sentiment) => items.Count(i => i.Sentiment == sentiment);

    private static IReadOnlyList<MentionCount> Top(IEnumerable<(string Name, int Count)> counts, int total) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(10)
            .Select(c => new MentionCount(c.Name, c.Count, Percentages.Of(c.Count, total))).ToList();

    private static string Excerpt(string text, int max = 140)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : new StringBuilder(flat, 0, max - 1, max).Append('…').ToString();
    }
}

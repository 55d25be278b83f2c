using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Ai;
using Parley.Features.Ai.Engine;
using Parley.Features.Search;
using Parley.Platform.Tenancy;

namespace Parley.Features.Knowledge.Answering;

/// <summary>
/// The website chatbot's brain. Small talk, requests for a person and frustration are recognised first; otherwise the message is
/// matched against the workspace's knowledge base in the visitor's language. The built-in engine answers with the best entry when
/// confident, asks which of the near matches was meant, or says it does not know and offers a person. With a language model
/// configured the model answers from the retrieved entries only; an answer that cites no retrieved entry or states a number the
/// entries do not hold is refused and the built-in answer is given instead (<c>builtin-fallback</c>).
/// </summary>
public sealed class ChatAnswerer(IServiceProvider services, IServiceScopeFactory scopes, WorkspaceContext current) : IChatAnswerer
{
    public const string Feature = "chat_answer";
    public const int MaxMessageChars = 2000;

    public async Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (current.WorkspaceId == question.WorkspaceId)
        {
            return await services.GetRequiredService<KnowledgeAnswering>().AnswerAsync(question, cancellationToken);
        }

        // Called outside the workspace's own requests (the public widget): work in a scope that belongs to that workspace.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(question.WorkspaceId);
        return await scope.ServiceProvider.GetRequiredService<KnowledgeAnswering>().AnswerAsync(question, cancellationToken);
    }
}

/// <summary>Answers within a scope whose workspace is the question's (see <see cref="ChatAnswerer"/>).</summary>
public sealed class KnowledgeAnswering(
    IWorkspaceContext workspace, KnowledgeIndexRegistry indexes, BuiltinLanguageEngine engine, IServiceProvider services, IOptions<KnowledgeOptions> options)
{
    private const double StandOutFloor = 0.72;
    private const double StandOutRatio = 1.6;

    private static readonly Lazy<string> Prompt = new(() =>
    {
        using var stream = typeof(KnowledgeAnswering).Assembly.GetManifestResourceStream("Parley.Features.Knowledge.Answering.chat-answer.md")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public async Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        var message = (question.Message ?? string.Empty).Trim();
        if (message.Length > ChatAnswerer.MaxMessageChars)
        {
            message = message[..ChatAnswerer.MaxMessageChars];
        }

        var folded = TextNormalizer.Normalize(message);
        var words = ChatIntents.Words(folded);
        var built = await indexes.GetAsync(workspace.WorkspaceId!, cancellationToken);
        var detected = engine.Detector.Detect(message);
        var language = await LanguageOfAsync(words, detected, question, built.Index, cancellationToken);
        if (message.Length == 0)
        {
            return Reply(AnswerTexts.Get(language, "clarify.more"), language, ChatAnswerKind.Clarify, 0);
        }

        var (asked, _) = ChatIntents.PersonRequested(words);
        if (asked)
        {
            return Reply(AnswerTexts.Get(language, "handoff.asked"), language, ChatAnswerKind.Handoff, 1);
        }

        // The sentiment in the language the text reads as (what the engine's full analysis would give, without its keywords and themes).
        var sentiment = engine.Sentiment.Analyze(message, detected.Code).Score;
        if (ChatIntents.Frustrated(message, folded, sentiment))
        {
            return Reply(AnswerTexts.Get(language, "handoff.frustrated"), language, ChatAnswerKind.Handoff, 1);
        }

        var (talk, _) = ChatIntents.SmallTalkOf(words);
        if (talk != SmallTalk.None)
        {
            var (key, kind) = talk switch
            {
                SmallTalk.Greeting => ("greeting", ChatAnswerKind.Greeting),
                SmallTalk.Thanks => ("thanks", ChatAnswerKind.Thanks),
                _ => ("goodbye", ChatAnswerKind.Goodbye),
            };
            return Reply(AnswerTexts.Get(language, key), language, kind, 1);
        }

        var entriesLanguage = built.Index.DocumentCount(language) > 0 ? language : FallbackLanguage(built.Index);
        var match = entriesLanguage is null ? new MatchResult([], 0) : KnowledgeMatcher.Match(built.Index, ChatIntents.WithoutLeadingGreeting(message), entriesLanguage);
        var builtin = Decide(match, language, entriesLanguage, question.History);
        if (match.Candidates.Count == 0 || builtin.Kind == ChatAnswerKind.Handoff)
        {
            return builtin;
        }

        var settings = await services.GetRequiredService<AiSettingsService>().GetEffectiveAsync(cancellationToken);
        return settings.Provider == AiProviders.OpenAi
            ? await AskModelAsync(question, message, language, match, builtin, cancellationToken)
            : builtin;
    }

    /// <summary>The built-in engine's answer for a match.</summary>
    private ChatAnswer Decide(MatchResult match, string language, string? entriesLanguage, IReadOnlyList<ChatTurn> history)
    {
        var o = options.Value;
        var best = match.Best;
        var runnerUp = match.Candidates.Count > 1 ? match.Candidates[1].Score : 0;
        // Confident: a strong match, or a fair one that clearly stands out from every other entry — and not a question that rests
        // on words the knowledge base knows nothing about ("car" in "car repairs"): that one is at most worth a clarifying question.
        var confident = best is not null && match.UnknownShare < o.MaxUnknownShare && (best.Score >= o.AnswerThreshold
            || (best.Score >= o.AnswerThreshold * StandOutFloor && best.Score >= runnerUp * StandOutRatio));
        if (confident)
        {
            var item = (KnowledgeItem)best!.Document.Source!;
            var prefix = entriesLanguage == language ? string.Empty : AnswerTexts.Get(language, "other_language");
            return new ChatAnswer(prefix + AnswerTexts.Render(item), language, AiEngines.Builtin, [Source(best.Document)], ChatAnswerKind.Answer,
                Math.Round(best.Score, 3));
        }

        // Twice in a row without an answer: a person will do better than a third guess.
        var lastBot = history.LastOrDefault(t => t.Role == "bot");
        if (lastBot is not null && AnswerTexts.IsNotAnswered(lastBot.Text) && (best is null || best.Score < o.ClarifyThreshold))
        {
            return Reply(AnswerTexts.Get(language, "handoff.frustrated"), language, ChatAnswerKind.Handoff, 0);
        }

        if (best is not null && best.Score >= o.ClarifyThreshold)
        {
            var choices = match.Candidates.Where(c => c.Score >= o.ClarifyThreshold * 0.8).Take(3).ToList();
            var titles = string.Join(AnswerTexts.Get(language, "or"), choices.Select(c => "„" + c.Document.Title.TrimEnd('?', '.') + "”"));
            return new ChatAnswer(string.Format(System.Globalization.CultureInfo.InvariantCulture, AnswerTexts.Get(language, "clarify.options"), titles),
                language, AiEngines.Builtin, choices.Select(c => Source(c.Document)).ToList(), ChatAnswerKind.Clarify, Math.Round(best.Score, 3));
        }

        if (match.QueryTerms == 0)
        {
            return Reply(AnswerTexts.Get(language, "clarify.more"), language, ChatAnswerKind.Clarify, 0);
        }

        return Reply(AnswerTexts.Get(language, "unknown"), language, ChatAnswerKind.Unknown, Math.Round(best?.Score ?? 0, 3));
    }

    private async Task<ChatAnswer> AskModelAsync(ChatQuestion question, string message, string language, MatchResult match, ChatAnswer builtin,
        CancellationToken cancellationToken)
    {
        var entries = match.Candidates.Take(5).Select(c => c.Document).ToList();
        var context = new StringBuilder();
        foreach (var document in entries)
        {
            context.Append("[id: ").Append(document.Id).Append("; kind: ").Append(document.Kind).Append("; language: ").Append(document.Language)
                .Append("]\n").Append(document.Title).Append('\n').Append(AnswerTexts.Render((KnowledgeItem)document.Source!)).Append("\n\n");
        }

        var business = await services.GetRequiredService<ParleyDb>().Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Name).FirstOrDefaultAsync(cancellationToken);
        var system = Prompt.Value.Replace("{business}", business ?? "the business", StringComparison.Ordinal)
            .Replace("{language}", language, StringComparison.Ordinal)
            .Replace("{entries}", context.ToString(), StringComparison.Ordinal);
        var messages = new List<ChatMessage> { new(ChatRole.System, system) };
        foreach (var turn in question.History.TakeLast(6))
        {
            messages.Add(new ChatMessage(turn.Role == "visitor" ? ChatRole.User : ChatRole.Assistant, turn.Text));
        }

        messages.Add(new ChatMessage(ChatRole.User, message));
        var ids = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var grounding = context + "\n" + message;
        ModelReply? parsed = null;
        var gateway = services.GetRequiredService<AiGateway>();
        var answer = await gateway.CompleteAsync(ChatAnswerer.Feature, messages,
            validate: text => (parsed = ModelReply.Parse(text)) is { } reply && reply.IsGrounded(ids, grounding),
            cancellationToken: cancellationToken);
        if (answer.Engine != AiEngines.Llm || parsed is null)
        {
            return builtin with { Engine = AiEngines.BuiltinFallback };
        }

        var sources = parsed.Sources.Select(id => entries.First(e => e.Id == id)).Select(Source).ToList();
        return new ChatAnswer(parsed.Answer, language, AiEngines.Llm, sources, parsed.Kind, builtin.Confidence);
    }

    private async Task<string> LanguageOfAsync(List<string> messageWords, LanguageGuess detected, ChatQuestion question, SearchIndex index,
        CancellationToken cancellationToken)
    {
        var words = messageWords.Count;
        if (words >= 3 && Language.IsSupported(detected.Code) && detected.Confidence >= 0.6)
        {
            return detected.Code;
        }

        var intentLanguage = ChatIntents.SmallTalkOf(messageWords).Language ?? ChatIntents.PersonRequested(messageWords).Language;
        if (intentLanguage is not null)
        {
            return intentLanguage;
        }

        if (Language.IsSupported(question.Language))
        {
            return question.Language!;
        }

        if (words > 0 && Language.IsSupported(detected.Code) && detected.Confidence >= 0.5)
        {
            return detected.Code;
        }

        var locale = await services.GetRequiredService<ParleyDb>().Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Locale).FirstOrDefaultAsync(cancellationToken);
        return Language.IsSupported(locale) ? locale! : FallbackLanguage(index) ?? Language.Polish;
    }

    private static string? FallbackLanguage(SearchIndex index) =>
        index.DocumentsPerLanguage.Count == 0 ? null
        : index.DocumentsPerLanguage.ContainsKey(Language.English) ? Language.English
        : index.DocumentsPerLanguage.MaxBy(l => l.Value).Key;

    private static ChatSource Source(SearchDocument document) => new(document.Id, document.Kind, document.Title);

    private static ChatAnswer Reply(string text, string language, ChatAnswerKind kind, double confidence) =>
        new(text, language, AiEngines.Builtin, [], kind, confidence);
}

/// <summary>The model's reply: <c>{"kind", "answer", "sources"}</c>.</summary>
internal sealed partial record ModelReply(ChatAnswerKind Kind, string Answer, IReadOnlyList<string> Sources)
{
    public static ModelReply? Parse(string text)
    {
        var json = text.Trim();
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            json = json.Trim('`').Trim();
            json = json.StartsWith("json", StringComparison.OrdinalIgnoreCase) ? json[4..] : json;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var kind = root.GetProperty("kind").GetString() switch
            {
                "answer" => ChatAnswerKind.Answer,
                "clarify" => ChatAnswerKind.Clarify,
                "unknown" => ChatAnswerKind.Unknown,
                "handoff" => ChatAnswerKind.Handoff,
                _ => (ChatAnswerKind?)null,
            };
            var answer = root.GetProperty("answer").GetString();
            var sources = root.TryGetProperty("sources", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                : [];
            return kind is null || string.IsNullOrWhiteSpace(answer) || answer.Length > 4000 ? null : new ModelReply(kind.Value, answer.Trim(), sources);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An answer must cite only the entries it was given (at least one), and every number in it must appear in them or the question.</summary>
    public bool IsGrounded(IReadOnlySet<string> ids, string grounding)
    {
        if (Sources.Any(s => !ids.Contains(s)) || (Kind == ChatAnswerKind.Answer && Sources.Count == 0))
        {
            return false;
        }

        var allowed = Numbers(grounding);
        var listMarkers = ListMarker().Replace(Answer, " ");
        return Numbers(listMarkers).All(allowed.Contains);
    }

    internal static HashSet<string> Numbers(string text)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in NumberPattern().Matches(text))
        {
            var value = m.Value;
            var grouped = GroupedPattern().IsMatch(value);
            var digits = grouped ? new string(value.Where(char.IsDigit).ToArray()) : value.Replace(',', '.');
            numbers.Add(digits.Contains('.', StringComparison.Ordinal) ? digits.TrimEnd('0').TrimEnd('.') : digits.TrimStart('0') is { Length: > 0 } t ? t : "0");
        }

        return numbers;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{1,3}(?:[ \u00A0\u202F.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")]
    private static partial System.Text.RegularExpressions.Regex NumberPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,3}(?:[ \u00A0\u202F.,]\d{3})+$")]
    private static partial System.Text.RegularExpressions.Regex GroupedPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^\s*\d{1,2}[.)]\s")]
    private static partial System.Text.RegularExpressions.Regex ListMarker();
}

using Microsoft.Extensions.AI;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Ai;

public sealed record ReplySuggestion(string Reply, string Language, string Engine, string? TemplateKey);

/// <summary>Suggests a reply to a review or message: the model when configured, the engine's templates otherwise.</summary>
public sealed class ReplyService(AiGateway gateway, BuiltinLanguageEngine engine, TextAnalysisService analysis, PromptLibrary prompts)
{
    public const string Feature = "reply_suggestion";

    public async Task<ReplySuggestion> SuggestAsync(string text, int? rating, string? authorName, string businessName, CancellationToken cancellationToken)
    {
        var taxonomy = await analysis.GetTaxonomyAsync(cancellationToken);
        var analyzed = engine.Analyze(text, taxonomy);
        var composed = engine.Compose(new ReplyRequest(text, rating, analyzed.Language.Code, authorName, businessName, analyzed.Themes.Select(t => t.Key).ToList()));
        var system = prompts.Get("reply")
            .Replace("{business}", businessName, StringComparison.Ordinal)
            .Replace("{language}", analyzed.Language.Code, StringComparison.Ordinal)
            .Replace("{author}", string.IsNullOrWhiteSpace(authorName) ? "no name given" : authorName, StringComparison.Ordinal);
        var user = rating is null ? text : $"Rating: {rating}/5\n{text}";
        var answer = await gateway.CompleteAsync(Feature, [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)],
            validate: reply => reply.Length is > 10 and < 2000 && !reply.Contains('@', StringComparison.Ordinal) && !reply.Contains("{", StringComparison.Ordinal),
            cancellationToken: cancellationToken);
        return answer.Engine == AiEngines.Llm
            ? new ReplySuggestion(answer.Text.Trim(), analyzed.Language.Code, answer.Engine, null)
            : new ReplySuggestion(composed.Text, composed.Language, answer.Engine, composed.TemplateKey);
    }
}

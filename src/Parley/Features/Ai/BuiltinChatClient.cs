using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Ai;

/// <summary>
/// The offline engine behind the same <see cref="IChatClient"/> abstraction as a model: it reads the last user message
/// (language, sentiment, themes) and composes a reply in that language from the engine's templates. Deterministic, no network.
/// </summary>
public sealed class BuiltinChatClient(BuiltinLanguageEngine engine) : IChatClient
{
    public const string ModelId = "parley-builtin";

    /// <summary>Key of <see cref="ChatOptions.AdditionalProperties"/> naming the business that signs the reply.</summary>
    public const string BusinessNameProperty = "business_name";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = Compose(messages, options);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelId });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = Compose(messages, options);
        var start = 0;
        // Word by word, so clients that render streams behave the same with either engine.
        while (start < text.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var space = text.IndexOf(' ', start + 1);
            var end = space < 0 ? text.Length : space;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text[start..end]) { ModelId = ModelId };
            start = end;
            await Task.Yield();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Compose(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var business = options?.AdditionalProperties?.TryGetValue(BusinessNameProperty, out var name) == true ? name as string ?? string.Empty : string.Empty;
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var analysis = engine.Analyze(question);
        var reply = engine.Compose(new ReplyRequest(question, null, analysis.Language.Code, null, business,
            analysis.Themes.Select(t => t.Key).ToList()));
        return reply.Text;
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using OpenAI;
using Parley.Data;
using Parley.Platform.Tenancy;

namespace Parley.Features.Ai;

public sealed record AiUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
    public static readonly AiUsage None = new(0, 0);
}

public sealed record AiAnswer(string Text, string Engine, AiUsage Usage, int LatencyMs, string? Model, string? FallbackReason);

/// <summary>A piece of a streamed answer; the last one carries the whole answer and how it was produced.</summary>
public sealed record AiStreamPart(string Delta, AiAnswer? Final);

/// <summary>
/// Every AI call goes through here: the workspace's provider with a time limit and a monthly token budget, the built-in
/// engine when the provider is <c>builtin</c>, and a fallback to it (saying so) when the model times out, fails, is rate
/// limited or answers something that does not validate. Each call is recorded for budgets and metrics.
/// </summary>
public sealed partial class AiGateway(
    ParleyDb db,
    IWorkspaceContext current,
    AiSettingsService settings,
    BuiltinChatClient builtin,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    ILogger<AiGateway> logger)
{
    public const string HttpClientName = "ai";

    public async Task<AiAnswer> CompleteAsync(string feature, IReadOnlyList<ChatMessage> messages, string? model = null,
        Func<string, bool>? validate = null, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var effective = await settings.GetEffectiveAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        string? reason = null;
        if (effective.Provider == AiProviders.OpenAi)
        {
            reason = await OverBudgetAsync(effective, cancellationToken);
            if (reason is null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(effective.Timeout);
                var chosenModel = model ?? effective.Model;
                try
                {
                    var response = await CreateClient(effective, chosenModel).GetResponseAsync(messages, chatOptions, timeout.Token);
                    var text = response.Text ?? string.Empty;
                    var usage = new AiUsage((int)(response.Usage?.InputTokenCount ?? 0), (int)(response.Usage?.OutputTokenCount ?? 0));
                    if (text.Length > 0 && (validate is null || validate(text)))
                    {
                        return await RecordAsync(feature, new AiAnswer(text, AiEngines.Llm, usage, Elapsed(started), chosenModel, null), cancellationToken);
                    }

                    reason = "invalid_output";
                }
                catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
                {
                    reason = failure;
                    LogFallback(logger, feature, failure, e.GetType().Name);
                }
            }
        }

        var fallback = await builtin.GetResponseAsync(messages, await BuiltinOptionsAsync(cancellationToken), cancellationToken);
        var engine = reason is null ? AiEngines.Builtin : AiEngines.BuiltinFallback;
        return await RecordAsync(feature, new AiAnswer(fallback.Text ?? string.Empty, engine, AiUsage.None, Elapsed(started), null, reason), cancellationToken);
    }

    /// <summary>Streams token by token; on a failure before the first token the built-in engine answers instead.</summary>
    public async IAsyncEnumerable<AiStreamPart> StreamAsync(string feature, IReadOnlyList<ChatMessage> messages, string? model = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var effective = await settings.GetEffectiveAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        string? reason = effective.Provider == AiProviders.OpenAi ? await OverBudgetAsync(effective, cancellationToken) : "not_configured";
        if (reason is null)
        {
            var chosenModel = model ?? effective.Model;
            var text = new System.Text.StringBuilder();
            AiUsage usage = AiUsage.None;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(effective.Timeout);
            await using var updates = CreateClient(effective, chosenModel).GetStreamingResponseAsync(messages, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception e) when (text.Length == 0 && Classify(e, cancellationToken) is { } failure)
                {
                    reason = failure;
                    LogFallback(logger, feature, failure, e.GetType().Name);
                    break;
                }

                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    usage = new AiUsage((int)(content.Details.InputTokenCount ?? 0), (int)(content.Details.OutputTokenCount ?? 0));
                }

                if (!string.IsNullOrEmpty(update.Text))
                {
                    text.Append(update.Text);
                    yield return new AiStreamPart(update.Text, null);
                }
            }

            if (reason is null)
            {
                var answer = await RecordAsync(feature, new AiAnswer(text.ToString(), AiEngines.Llm, usage, Elapsed(started), chosenModel, null), cancellationToken);
                yield return new AiStreamPart(string.Empty, answer);
                yield break;
            }
        }

        var engine = reason == "not_configured" ? AiEngines.Builtin : AiEngines.BuiltinFallback;
        var builtinText = new System.Text.StringBuilder();
        await foreach (var update in builtin.GetStreamingResponseAsync(messages, await BuiltinOptionsAsync(cancellationToken), cancellationToken))
        {
            builtinText.Append(update.Text);
            yield return new AiStreamPart(update.Text, null);
        }

        var final = await RecordAsync(feature, new AiAnswer(builtinText.ToString(), engine, AiUsage.None, Elapsed(started), null,
            engine == AiEngines.Builtin ? null : reason), cancellationToken);
        yield return new AiStreamPart(string.Empty, final);
    }

    /// <summary>The built-in engine signs replies with the workspace's name.</summary>
    private async Task<ChatOptions> BuiltinOptionsAsync(CancellationToken cancellationToken)
    {
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == current.WorkspaceId).Select(w => w.Name).FirstOrDefaultAsync(cancellationToken);
        return new ChatOptions { AdditionalProperties = new() { [BuiltinChatClient.BusinessNameProperty] = name ?? string.Empty } };
    }

    private IChatClient CreateClient(EffectiveAiSettings effective, string model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(effective.Endpoint),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            // The gateway's own time limit and fallback replace the SDK's retries: a slow retry is worse than a quick fallback.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = effective.Timeout,
        };
        return new OpenAIClient(new ApiKeyCredential(effective.ApiKey ?? "none"), options).GetChatClient(model).AsIChatClient();
    }

    private async Task<string?> OverBudgetAsync(EffectiveAiSettings effective, CancellationToken cancellationToken) =>
        await settings.TokensUsedThisMonthAsync(cancellationToken) >= effective.MonthlyTokenBudget ? "budget" : null;

    /// <summary>Failures that mean "use the built-in engine"; a cancellation by the caller is not one of them.</summary>
    private static string? Classify(Exception e, CancellationToken callerToken) => e switch
    {
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException or TimeoutException => "timeout",
        ClientResultException { Status: (int)HttpStatusCode.TooManyRequests } => "rate_limited",
        ClientResultException => "error",
        HttpRequestException => "error",
        System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException => "invalid_output",
        _ => null,
    };

    private async Task<AiAnswer> RecordAsync(string feature, AiAnswer answer, CancellationToken cancellationToken)
    {
        if (current.WorkspaceId is { } workspaceId)
        {
            db.Add(new AiCall
            {
                WorkspaceId = workspaceId,
                Feature = feature,
                Engine = answer.Engine,
                Model = answer.Model,
                At = clock.GetUtcNow().UtcDateTime,
                LatencyMs = answer.LatencyMs,
                PromptTokens = answer.Usage.PromptTokens,
                CompletionTokens = answer.Usage.CompletionTokens,
                FallbackReason = answer.FallbackReason,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return answer;
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI call for {Feature} fell back to the built-in engine: {Reason} ({Exception})")]
    private static partial void LogFallback(ILogger logger, string feature, string reason, string exception);
}

using System.ComponentModel.DataAnnotations;

namespace Parley.Features.Ai;

/// <summary>Configuration section <c>Ai</c>: the global default, which each workspace may override in its AI settings.</summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    /// <summary><c>builtin</c> (offline, the default) or <c>openai</c> (any OpenAI-compatible endpoint).</summary>
    [RegularExpression("^(builtin|openai)$", ErrorMessage = "Ai:Provider must be 'builtin' or 'openai'.")]
    public string Provider { get; set; } = AiProviders.Builtin;

    /// <summary>Base URL of the OpenAI-compatible API, including <c>/v1</c> (OpenAI, Azure, Gemini, Ollama, vLLM, llama.cpp).</summary>
    public string Endpoint { get; set; } = "https://api.openai.com/v1";

    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Key for the endpoint; may be empty for local servers (Ollama, llama.cpp).</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Every model call is abandoned after this long and the built-in engine answers instead.</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Tokens a workspace may spend per calendar month (UTC) before features fall back to the built-in engine.</summary>
    [Range(0, long.MaxValue)] public long MonthlyTokenBudget { get; set; } = 2_000_000;

    [Range(1, 100_000)] public int MaxQuestionChars { get; set; } = 4000;
    [Range(1, 1000)] public int MaxOpenSessions { get; set; } = 10;
    [Range(1, 10_080)] public int SessionIdleMinutes { get; set; } = 60;

    /// <summary>How many earlier messages of a session are sent to the model with each question.</summary>
    [Range(0, 500)] public int MaxHistoryMessages { get; set; } = 40;
}

public static class AiProviders
{
    public const string Builtin = "builtin";
    public const string OpenAi = "openai";
    public static readonly IReadOnlyList<string> All = [Builtin, OpenAi];
}

/// <summary>Which engine produced a result, as features report it.</summary>
public static class AiEngines
{
    public const string Builtin = "builtin";
    public const string Llm = "llm";
    public const string BuiltinFallback = "builtin-fallback";
}

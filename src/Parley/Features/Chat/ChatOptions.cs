using System.ComponentModel.DataAnnotations;

namespace Parley.Features.Chat;

/// <summary>Configuration section <c>Chat</c>: the website chat, its widget and its real-time hub.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Longest message a visitor or a team member may send, in characters.</summary>
    [Range(1, 20_000)] public int MaxMessageChars { get; set; } = 2000;

    /// <summary>How many earlier messages of the conversation the answerer sees with each new one.</summary>
    [Range(0, 100)] public int HistoryTurns { get; set; } = 10;

    /// <summary>
    /// Origins (<c>https://shop.example</c>) whose pages may embed the widget: the public chat endpoints and <c>/hubs/chat</c>
    /// answer cross-origin requests from these only. Empty (the default) or <c>*</c> allows any site; that is safe because these
    /// endpoints take no cookies — a visitor is identified only by the session id the widget keeps and sends itself.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Most writes committed together in one database transaction (group commit of chat messages).</summary>
    [Range(1, 10_000)] public int WriteBatchSize { get; set; } = 256;

    /// <summary>Writes waiting for the database before senders are made to wait.</summary>
    [Range(1, 1_000_000)] public int WriteQueueCapacity { get; set; } = 8192;

    /// <summary>How long a workspace's public slug is remembered after a lookup, in seconds.</summary>
    [Range(0, 3600)] public int SlugCacheSeconds { get; set; } = 60;

    /// <summary>How often the admin pages refresh on their own, in seconds, to catch what another instance changed.</summary>
    [Range(1, 3600)] public int AdminRefreshSeconds { get; set; } = 15;

    /// <summary>How long browsers may keep <c>/widget.js</c> before checking for a new version, in seconds.</summary>
    [Range(0, 604_800)] public int WidgetMaxAgeSeconds { get; set; } = 300;

    public bool AllowsAnyOrigin => AllowedOrigins.Length == 0 || AllowedOrigins.Contains("*");
}

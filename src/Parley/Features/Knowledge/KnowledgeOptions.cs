using System.ComponentModel.DataAnnotations;

namespace Parley.Features.Knowledge;

/// <summary>Configuration section <c>Knowledge</c>: the knowledge base, its search index and the website chatbot's answers.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>
    /// How long an instance trusts the knowledge-base version it last read before asking the database again (seconds). A change made
    /// on this instance is seen at once; one made on another instance within this time (at once when Redis is configured). 0 = always ask.
    /// </summary>
    [Range(0, 3600)] public double VersionCheckSeconds { get; set; } = 1;

    /// <summary>Entries a workspace may keep, over all kinds and languages (each instance holds a workspace's index in memory).</summary>
    [Range(1, 1_000_000)] public int MaxEntriesPerWorkspace { get; set; } = 5000;

    /// <summary>A workspace's in-memory index is dropped after this many minutes without a search (rebuilt on the next one).</summary>
    [Range(1, 10_080)] public int IndexIdleMinutes { get; set; } = 30;

    /// <summary>How long public knowledge responses stay cached; any change invalidates them earlier.</summary>
    [Range(1, 1440)] public int PublicCacheMinutes { get; set; } = 10;

    /// <summary>The chatbot answers with an entry when its match confidence reaches this (0–1).</summary>
    [Range(0.0, 1.0)] public double AnswerThreshold { get; set; } = 0.5;

    /// <summary>
    /// The chatbot never answers confidently when words the knowledge base has never used (nor any synonym of them; question
    /// fillers and numbers aside) carry at least this share of the message's weight (0–1): such a question is about something
    /// else. 1 turns the check off.
    /// </summary>
    [Range(0.0, 1.0)] public double MaxUnknownShare { get; set; } = 0.35;

    /// <summary>Below <see cref="AnswerThreshold"/> but at least this, the chatbot asks a clarifying question; below, it says it does not know.</summary>
    [Range(0.0, 1.0)] public double ClarifyThreshold { get; set; } = 0.25;
}

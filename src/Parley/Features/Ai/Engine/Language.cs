namespace Parley.Features.Ai.Engine;

/// <summary>Language codes understood by the built-in engine.</summary>
public static class Language
{
    public const string Polish = "pl";
    public const string English = "en";
    public const string German = "de";
    public const string Russian = "ru";
    public const string Unknown = "unknown";

    public static IReadOnlyList<string> Supported { get; } = [Polish, English, German, Russian];

    public static bool IsSupported(string? code) =>
        code is Polish or English or German or Russian;

    internal static int IndexOf(string code) => code switch
    {
        Polish => 0,
        English => 1,
        German => 2,
        Russian => 3,
        _ => -1,
    };
}

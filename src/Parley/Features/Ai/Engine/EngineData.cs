using System.Reflection;

namespace Parley.Features.Ai.Engine;

/// <summary>Reads the engine's embedded data files.</summary>
internal static class EngineData
{
    private static readonly Assembly Assembly = typeof(EngineData).Assembly;
    private static readonly string[] ResourceNames = Assembly.GetManifestResourceNames();

    /// <summary>Resolves by suffix so the csproj may keep default resource naming.</summary>
    public static Stream Open(string fileName)
    {
        var suffix = ".Data." + fileName;
        foreach (var name in ResourceNames)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && Assembly.GetManifestResourceStream(name) is { } stream)
            {
                return stream;
            }
        }

        throw new InvalidOperationException($"Embedded engine resource '{fileName}' is missing.");
    }

    public static string ReadText(string fileName)
    {
        using var reader = new StreamReader(Open(fileName));
        return reader.ReadToEnd();
    }

    /// <summary>Non-empty, non-comment lines, trimmed.</summary>
    public static List<string> ReadLines(string fileName)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(Open(fileName));
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                lines.Add(trimmed);
            }
        }

        return lines;
    }
}

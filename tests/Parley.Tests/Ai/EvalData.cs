using Parley.Features.Ai.Engine;

namespace Parley.Tests.Ai;

/// <summary>Reads the hand-written evaluation sets copied next to the test assembly.</summary>
internal static class EvalData
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Ai", "Eval", fileName);

    public static IReadOnlyList<(string Label, string Text)> Read(string fileName)
    {
        var rows = new List<(string, string)>();
        foreach (var line in File.ReadLines(PathOf(fileName)))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                rows.Add((line[..tab].Trim(), line[(tab + 1)..].Trim()));
            }
        }

        return rows;
    }

    public static BuiltinLanguageEngine Engine => BuiltinLanguageEngine.Shared;
}

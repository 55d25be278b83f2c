using System.Text;

namespace Parley.Features.Search;

/// <summary>
/// Highlighting written for Parley (no Lucene highlighter here): tokens whose term the query matched (exactly, by stem or fuzzily)
/// are wrapped in <c>&lt;mark&gt;</c>, everything else is HTML-escaped, and the window with the most matches is kept. The search
/// takes the tokens from the index's offsets; the overload with the matched terms finds the same ones by analyzing the text again.
/// </summary>
public static class SnippetBuilder
{
    public const int Window = 200;

    /// <summary>The snippet from the text's analysis: the tokens of the body (or title) whose analyzed term is in <paramref name="matched"/>.</summary>
    public static string Build(SearchDocument document, IReadOnlySet<string> matched)
    {
        var analyzer = SearchAnalyzers.For(document.Language);
        var text = document.Body.Length > 0 ? document.Body : document.Title;
        var marks = Marks(analyzer, text, matched);
        if (marks.Count == 0 && document.Body.Length > 0)
        {
            var titleMarks = Marks(analyzer, document.Title, matched);
            if (titleMarks.Count > 0 && document.Body.Length < 40)
            {
                (text, marks) = (document.Title, titleMarks);
            }
        }

        var (start, end) = BestWindow(text, marks);
        return Render(text, start, end, marks);
    }

    /// <summary>The snippet from the matched tokens' offsets (in text order) in the body and in the title.</summary>
    public static string Build(SearchDocument document, List<(int Start, int End)> bodyMarks, List<(int Start, int End)> titleMarks)
    {
        var (text, marks) = document.Body.Length > 0 ? (document.Body, bodyMarks) : (document.Title, titleMarks);
        if (marks.Count == 0 && document.Body.Length > 0 && titleMarks.Count > 0 && document.Body.Length < 40)
        {
            (text, marks) = (document.Title, titleMarks);
        }

        marks.RemoveAll(m => m.End > text.Length);
        var (start, end) = BestWindow(text, marks);
        return Render(text, start, end, marks);
    }

    private static List<(int Start, int End)> Marks(Lucene.Net.Analysis.Analyzer analyzer, string text, IReadOnlySet<string> matched)
    {
        var marks = new List<(int, int)>();
        if (matched.Count == 0 || text.Length == 0)
        {
            return marks;
        }

        foreach (var (term, start, end) in SearchAnalyzers.Analyze(analyzer, text))
        {
            if (matched.Contains(term) && end <= text.Length)
            {
                marks.Add((start, end));
            }
        }

        return marks;
    }

    private static (int Start, int End) BestWindow(string text, List<(int Start, int End)> marks)
    {
        if (text.Length <= Window)
        {
            return (0, text.Length);
        }

        var bestStart = 0;
        var bestCount = 0;
        for (var i = 0; i < marks.Count; i++)
        {
            var count = 0;
            for (var j = i; j < marks.Count && marks[j].End <= marks[i].Start + Window; j++)
            {
                count++;
            }

            if (count > bestCount)
            {
                bestCount = count;
                bestStart = marks[i].Start;
            }
        }

        // Start a little before the first match, at a word boundary, so the match has context.
        var start = Math.Max(0, bestStart - 40);
        if (start > 0)
        {
            var space = text.IndexOf(' ', start);
            start = space >= 0 && space < bestStart ? space + 1 : start;
        }

        var end = Math.Min(text.Length, start + Window);
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end - 1, Math.Min(40, end - start));
            end = space > start ? space : end;
        }

        return (start, end);
    }

    private static string Render(string text, int start, int end, List<(int Start, int End)> marks)
    {
        var s = new StringBuilder((end - start) + 64);
        if (start > 0)
        {
            s.Append('…');
        }

        var at = start;
        foreach (var (markStart, markEnd) in marks)
        {
            if (markStart < at || markEnd > end)
            {
                continue;
            }

            Escape(s, text.AsSpan(at, markStart - at));
            s.Append("<mark>");
            Escape(s, text.AsSpan(markStart, markEnd - markStart));
            s.Append("</mark>");
            at = markEnd;
        }

        Escape(s, text.AsSpan(at, end - at));
        if (end < text.Length)
        {
            s.Append('…');
        }

        return s.ToString();
    }

    /// <summary>Escapes the five HTML-special characters and nothing else (letters such as ó stay readable).</summary>
    public static void Escape(StringBuilder s, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => s.Append("&amp;"),
                '<' => s.Append("&lt;"),
                '>' => s.Append("&gt;"),
                '"' => s.Append("&quot;"),
                '\'' => s.Append("&#39;"),
                _ => s.Append(c),
            };
        }
    }
}

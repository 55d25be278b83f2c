using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Search;

/// <summary>A searchable thing: a knowledge entry, or in the benchmark a generated document.</summary>
public sealed record SearchDocument(string Id, string Kind, string Language, string Title, IReadOnlyList<string> Phrasings, string Body, object? Source = null);

public sealed record SearchRequest(string Text, string? Language = null, IReadOnlyCollection<string>? Kinds = null, int Limit = 10, bool Fuzzy = true, bool Snippets = true);

public sealed record SearchHit(SearchDocument Document, float Score, string Snippet);

/// <summary>
/// An immutable in-memory Lucene index over one set of documents (one workspace's knowledge base), with hand-written highlighting
/// and prefix suggestions. Built once, searched by any number of threads; a change builds a new one.
/// Fields per language L: <c>t_L</c> title, <c>p_L</c> the ways people ask (question, alternatives, tags), <c>b_L</c> body.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    public const int MaxQueryTerms = 24;
    private const string OrdField = "ord";
    private const float TitleBoost = 3f;
    private const float PhrasingBoost = 2.5f;
    private const float BodyBoost = 1f;
    private const float FuzzyWeight = 0.6f;

    /// <summary>Title and body: indexed text whose postings keep each occurrence's character offsets, for the snippets.</summary>
    private static readonly FieldType WithOffsets = OffsetsType();

    private readonly Lucene.Net.Store.Directory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly SearchDocument[] _documents;
    private readonly int[] _docToOrd;
    private readonly Dictionary<string, int> _byId;
    private readonly Dictionary<string, int> _perLanguage;

    private SearchIndex(Lucene.Net.Store.Directory directory, SearchDocument[] documents, SuggestionIndex suggestions, TimeSpan buildTime)
    {
        _directory = directory;
        _documents = documents;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        var ords = MultiDocValues.GetNumericValues(_reader, OrdField);
        _docToOrd = new int[_reader.MaxDoc];
        for (var doc = 0; doc < _docToOrd.Length; doc++)
        {
            _docToOrd[doc] = ords is null ? doc : (int)ords.Get(doc);
        }

        _byId = new Dictionary<string, int>(documents.Length, StringComparer.Ordinal);
        for (var i = 0; i < documents.Length; i++)
        {
            _byId[documents[i].Id] = i;
        }

        _perLanguage = documents.GroupBy(d => d.Language, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Suggestions = suggestions;
        BuildTime = buildTime;
    }

    public IReadOnlyList<SearchDocument> Documents => _documents;

    public IReadOnlyDictionary<string, int> DocumentsPerLanguage => _perLanguage;

    public TimeSpan BuildTime { get; }

    public SuggestionIndex Suggestions { get; }

    public static string TitleField(string language) => "t_" + language;

    public static string PhrasingField(string language) => "p_" + language;

    public static string BodyField(string language) => "b_" + language;

    /// <summary>Builds the index; <paramref name="progress"/> is told how many documents are in, every 1,000 and at the end.</summary>
    public static SearchIndex Build(IReadOnlyList<SearchDocument> documents, Action<int>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var directory = new RAMDirectory();
        var analyzer = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(SearchAnalyzers.For(Language.English),
            SearchAnalyzers.Languages.SelectMany(l => new[] { TitleField(l), PhrasingField(l), BodyField(l) }.Select(f => (f, l)))
                .ToDictionary(x => x.f, x => SearchAnalyzers.For(x.l)));
        var config = new IndexWriterConfig(SearchAnalyzers.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
            // Merges neighbouring segments only, so documents keep the order they were added in (the tie-break between equal scores).
            MergePolicy = new LogByteSizeMergePolicy(),
        };
        using (var writer = new IndexWriter(directory, config))
        {
            var id = new StringField("id", "", Field.Store.NO);
            var kind = new StringField("kind", "", Field.Store.NO);
            var lang = new StringField("lang", "", Field.Store.NO);
            var ord = new NumericDocValuesField(OrdField, 0);
            for (var i = 0; i < documents.Count; i++)
            {
                var d = documents[i];
                id.SetStringValue(d.Id);
                kind.SetStringValue(d.Kind);
                lang.SetStringValue(d.Language);
                ord.SetInt64Value(i);
                var doc = new Document
                {
                    id, kind, lang, ord,
                    new Field(TitleField(d.Language), d.Title, WithOffsets),
                    new TextField(PhrasingField(d.Language), string.Join("\n", d.Phrasings), Field.Store.NO),
                    new Field(BodyField(d.Language), d.Body, WithOffsets),
                };
                writer.AddDocument(doc);
                if ((i + 1) % 1000 == 0)
                {
                    progress?.Invoke(i + 1);
                }
            }

            // The index never changes once built: one segment means one term lookup per query word (a fuzzy word's expansion too)
            // instead of one per segment, and one pass of the scorers.
            writer.ForceMerge(1);
            writer.Commit();
        }

        progress?.Invoke(documents.Count);
        var suggestions = SuggestionIndex.Build(documents);
        return new SearchIndex(directory, documents.ToArray(), suggestions, Stopwatch.GetElapsedTime(started));
    }

    public SearchDocument? Find(string id) => _byId.TryGetValue(id, out var i) ? _documents[i] : null;

    public IReadOnlyList<SearchHit> Search(SearchRequest request)
    {
        var languages = request.Language is { } only ? [only] : SearchAnalyzers.Languages.Where(_perLanguage.ContainsKey).ToArray();
        var query = new BooleanQuery();
        var any = false;
        foreach (var language in languages)
        {
            var terms = SearchAnalyzers.Terms(language, request.Text, MaxQueryTerms).Distinct(StringComparer.Ordinal).ToList();
            if (terms.Count == 0)
            {
                continue;
            }

            var words = new BooleanQuery();
            foreach (var term in terms)
            {
                words.Add(TermClause(language, term, request.Fuzzy), Occur.SHOULD);
            }

            // Fields are per language, so a word can only match documents of that language: no language filter is needed.
            query.Add(words, Occur.SHOULD);
            any = true;
        }

        if (!any)
        {
            return [];
        }

        Query final = query;
        if (request.Kinds is { Count: > 0 } kinds)
        {
            var kindFilter = new BooleanQuery();
            foreach (var kind in kinds)
            {
                kindFilter.Add(new TermQuery(new Term("kind", kind)), Occur.SHOULD);
            }

            final = new BooleanQuery { { query, Occur.MUST }, { kindFilter, Occur.MUST } };
        }

        var rewritten = _searcher.Rewrite(final);
        var top = _searcher.Search(rewritten, Math.Clamp(request.Limit, 1, 1000));
        if (top.ScoreDocs.Length == 0)
        {
            return [];
        }

        var hits = new SearchHit[top.ScoreDocs.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var scoreDoc = top.ScoreDocs[i];
            hits[i] = new SearchHit(_documents[_docToOrd[scoreDoc.Doc]], scoreDoc.Score, string.Empty);
        }

        if (request.Snippets)
        {
            AddSnippets(rewritten, top.ScoreDocs, hits);
        }

        return hits;
    }

    /// <summary>
    /// Highlights the hits: the query's terms (after rewriting, so fuzzy expansions too) are looked up in each hit's title and body
    /// postings, whose offsets say where in the text each occurrence is — the same places the analysis of the text finds, without
    /// analyzing it. One term-dictionary seek per term and segment, then the hits in document order.
    /// </summary>
    private void AddSnippets(Query rewritten, ScoreDoc[] scoreDocs, SearchHit[] hits)
    {
        var extracted = new HashSet<Term>();
        rewritten.ExtractTerms(extracted);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in extracted)
        {
            if (term.Field.Length > 2 && term.Field[1] == '_')
            {
                matched.Add(term.Text);
            }
        }

        // Hits in document order, so each term's postings are only read forwards.
        var order = new int[scoreDocs.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scoreDocs[a].Doc.CompareTo(scoreDocs[b].Doc));
        var bodyMarks = new List<(int Start, int End)>?[hits.Length];
        var titleMarks = new List<(int Start, int End)>?[hits.Length];
        var leaves = _reader.Leaves;
        var at = 0;
        while (at < order.Length)
        {
            var leaf = leaves[ReaderUtil.SubIndex(scoreDocs[order[at]].Doc, leaves)];
            var end = at;
            while (end < order.Length && scoreDocs[order[end]].Doc < leaf.DocBase + leaf.Reader.MaxDoc)
            {
                end++;
            }

            foreach (var language in LanguagesOf(hits, order, at, end))
            {
                Collect(leaf, BodyField(language), language, matched, scoreDocs, hits, order, at, end, bodyMarks);
                Collect(leaf, TitleField(language), language, matched, scoreDocs, hits, order, at, end, titleMarks);
            }

            at = end;
        }

        for (var i = 0; i < hits.Length; i++)
        {
            var document = hits[i].Document;
            hits[i] = hits[i] with { Snippet = SnippetBuilder.Build(document, Sorted(bodyMarks[i]), Sorted(titleMarks[i])) };
        }
    }

    private static List<string> LanguagesOf(SearchHit[] hits, int[] order, int from, int to)
    {
        var languages = new List<string>(1);
        for (var i = from; i < to; i++)
        {
            var language = hits[order[i]].Document.Language;
            if (!languages.Contains(language))
            {
                languages.Add(language);
            }
        }

        return languages;
    }

    private static void Collect(AtomicReaderContext leaf, string field, string language, HashSet<string> matched, ScoreDoc[] scoreDocs, SearchHit[] hits,
        int[] order, int from, int to, List<(int Start, int End)>?[] marks)
    {
        var terms = leaf.AtomicReader.GetTerms(field);
        if (terms is null || !terms.HasOffsets)
        {
            return;
        }

        var termsEnum = terms.GetEnumerator();
        DocsAndPositionsEnum? postings = null;
        foreach (var text in matched)
        {
            if (!termsEnum.SeekExact(new Lucene.Net.Util.BytesRef(text)))
            {
                continue;
            }

            postings = termsEnum.DocsAndPositions(null, postings, DocsAndPositionsFlags.OFFSETS);
            if (postings is null)
            {
                return;
            }

            for (var i = from; i < to; i++)
            {
                var hit = order[i];
                if (!string.Equals(hits[hit].Document.Language, language, StringComparison.Ordinal))
                {
                    continue;
                }

                var target = scoreDocs[hit].Doc - leaf.DocBase;
                var doc = postings.DocID;
                if (doc < target)
                {
                    doc = postings.Advance(target);
                }

                if (doc == DocIdSetIterator.NO_MORE_DOCS)
                {
                    break;
                }

                if (doc != target)
                {
                    continue;
                }

                var list = marks[hit] ??= [];
                for (var n = postings.Freq; n > 0; n--)
                {
                    postings.NextPosition();
                    list.Add((postings.StartOffset, postings.EndOffset));
                }
            }
        }
    }

    private static List<(int Start, int End)> Sorted(List<(int Start, int End)>? marks)
    {
        if (marks is null)
        {
            return [];
        }

        marks.Sort();
        return marks;
    }

    /// <summary>How many documents of the language hold the analyzed term in any field (for the answerer's weights).</summary>
    public int DocumentFrequency(string language, string term) =>
        Math.Max(_reader.DocFreq(new Term(PhrasingField(language), term)),
            Math.Max(_reader.DocFreq(new Term(TitleField(language), term)), _reader.DocFreq(new Term(BodyField(language), term))));

    public int DocumentCount(string language) => _perLanguage.GetValueOrDefault(language);

    private static DisjunctionMaxQuery TermClause(string language, string term, bool fuzzy)
    {
        // Each query word counts once, through the field where it matches best.
        var clause = new DisjunctionMaxQuery(0.1f)
        {
            new TermQuery(new Term(TitleField(language), term)) { Boost = TitleBoost },
            new TermQuery(new Term(PhrasingField(language), term)) { Boost = PhrasingBoost },
            new TermQuery(new Term(BodyField(language), term)) { Boost = BodyBoost },
        };
        if (fuzzy && term.Length >= 4)
        {
            var edits = term.Length >= 8 ? 2 : 1;
            clause.Add(new TypoQuery(new Term(PhrasingField(language), term), edits, 1, 16) { Boost = PhrasingBoost * FuzzyWeight });
            clause.Add(new TypoQuery(new Term(BodyField(language), term), edits, 1, 16) { Boost = BodyBoost * FuzzyWeight });
        }

        return clause;
    }

    private static FieldType OffsetsType()
    {
        var type = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS };
        type.Freeze();
        return type;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

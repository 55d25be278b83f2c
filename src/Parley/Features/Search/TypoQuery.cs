using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Parley.Features.Search;

/// <summary>
/// Typo-tolerant term matching with the same results as Lucene's <see cref="FuzzyQuery"/> (Damerau–Levenshtein edits with
/// transpositions, a fixed prefix, the same boost per term and the same top-terms rewrite), found by a different route:
/// instead of building Levenshtein automata for the word, it walks the terms that share the prefix and checks each with a
/// bounded edit distance that allocates nothing.
/// <para>
/// Why: in Lucene.NET 4.8 the automata for one word of 8+ letters at 2 edits allocate about 2 MB (three compiled automata,
/// UTF-8 conversion, run tables), so a fuzzy query of a few words made the garbage collector run every few queries. A
/// workspace's knowledge base has a small vocabulary, so scanning the terms under a one-letter prefix costs far less than the
/// automata; even the 100,000-document benchmark corpus (20,000 words) has only ~1,500 terms per first letter.
/// </para>
/// </summary>
internal sealed class TypoQuery : MultiTermQuery
{
    private readonly Term _term;
    private readonly int _maxEdits;
    private readonly int _prefixLength;

    public TypoQuery(Term term, int maxEdits, int prefixLength, int maxExpansions)
        : base(term.Field)
    {
        if (maxEdits is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEdits), maxEdits, "1 or 2 edits.");
        }

        _term = term;
        _maxEdits = maxEdits;
        _prefixLength = prefixLength;
        // FuzzyQuery's own rewrite: the best maxExpansions terms by boost, each scored as a term query times its boost.
        MultiTermRewriteMethod = new TopTermsScoringBooleanQueryRewrite(maxExpansions);
    }

    protected override TermsEnum GetTermsEnum(Terms terms, AttributeSource atts) =>
        new TypoTermsEnum(terms.GetEnumerator(), _term.Text, _maxEdits, _prefixLength);

    public override string ToString(string field) =>
        (_term.Field == field ? "" : _term.Field + ":") + _term.Text + "~" + _maxEdits + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) =>
        obj is TypoQuery other && base.Equals(other) && _term.Equals(other._term) && _maxEdits == other._maxEdits && _prefixLength == other._prefixLength;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), _term, _maxEdits, _prefixLength);

    /// <summary>The terms that start with the prefix and are within the edits of the word, each with FuzzyTermsEnum's boost.</summary>
    private sealed class TypoTermsEnum : FilteredTermsEnum
    {
        private readonly IBoostAttribute _boost;
        private readonly BytesRef _prefixBytes;
        private readonly int[] _word;
        private readonly int _prefix;
        private readonly int _maxEdits;
        private readonly Int32sRef _candidate = new(16);
        private int[] _twoBack;
        private int[] _previous;
        private int[] _current;

        public TypoTermsEnum(TermsEnum terms, string word, int maxEdits, int prefixLength)
            : base(terms)
        {
            _boost = Attributes.AddAttribute<IBoostAttribute>();
            _word = CodePoints(word);
            _prefix = Math.Min(prefixLength, _word.Length);
            _maxEdits = maxEdits;
            _prefixBytes = new BytesRef(PrefixText(word, _prefix));
            SetInitialSeekTerm(_prefixBytes);
            var width = _word.Length - _prefix + 1;
            _twoBack = new int[width];
            _previous = new int[width];
            _current = new int[width];
        }

        protected override AcceptStatus Accept(BytesRef term)
        {
            if (!StringHelper.StartsWith(term, _prefixBytes))
            {
                return AcceptStatus.END;
            }

            UnicodeUtil.UTF8toUTF32(term, _candidate);
            var length = _candidate.Length;
            if (Math.Abs(length - _word.Length) > _maxEdits)
            {
                return AcceptStatus.NO;
            }

            var edits = Distance(_candidate.Int32s.AsSpan(_candidate.Offset + _prefix, length - _prefix));
            if (edits > _maxEdits)
            {
                return AcceptStatus.NO;
            }

            if (edits == 0)
            {
                _boost.Boost = 1f;
                return AcceptStatus.YES;
            }

            // FuzzyTermsEnum: similarity = 1 - edits / min(term length, word length), in code points; kept only above 0.
            var similarity = 1f - (float)edits / Math.Min(length, _word.Length);
            if (similarity <= 0f)
            {
                return AcceptStatus.NO;
            }

            _boost.Boost = similarity;
            return AcceptStatus.YES;
        }

        /// <summary>Optimal-string-alignment distance between the word's and the candidate's text after the prefix, or
        /// <c>maxEdits + 1</c> as soon as it must exceed <c>maxEdits</c>.</summary>
        private int Distance(ReadOnlySpan<int> candidate)
        {
            var word = _word.AsSpan(_prefix);
            var n = word.Length;
            for (var j = 0; j <= n; j++)
            {
                _previous[j] = j;
            }

            for (var i = 1; i <= candidate.Length; i++)
            {
                _current[0] = i;
                var rowMin = i;
                var c = candidate[i - 1];
                for (var j = 1; j <= n; j++)
                {
                    var cost = word[j - 1] == c ? 0 : 1;
                    var best = Math.Min(Math.Min(_previous[j] + 1, _current[j - 1] + 1), _previous[j - 1] + cost);
                    if (i > 1 && j > 1 && c == word[j - 2] && candidate[i - 2] == word[j - 1])
                    {
                        best = Math.Min(best, _twoBack[j - 2] + 1);
                    }

                    _current[j] = best;
                    rowMin = Math.Min(rowMin, best);
                }

                if (rowMin > _maxEdits)
                {
                    return _maxEdits + 1;
                }

                (_twoBack, _previous, _current) = (_previous, _current, _twoBack);
            }

            return _previous[n];
        }

        private static int[] CodePoints(string text)
        {
            var points = new List<int>(text.Length);
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                points.Add(char.ConvertToUtf32(text, i));
            }

            return [.. points];
        }

        private static string PrefixText(string text, int codePoints)
        {
            var end = 0;
            for (var n = 0; n < codePoints; n++)
            {
                end += char.IsSurrogatePair(text, end) ? 2 : 1;
            }

            return text[..end];
        }
    }
}

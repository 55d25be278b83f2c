namespace Parley.Features.Ai.Engine;

/// <summary>Walks the tokens once, turning lexicon hits into weighted items.</summary>
internal struct SentimentScorer(SentimentLexicon lexicon, TextScratch scratch, double[] items)
{
    private const int NegationWindow = 3;
    private const double BeforeContrast = 0.6;
    private const double AfterContrast = 1.3;
    private const double UnattachedNegation = -0.6;

    private int negWindow;
    private int negatorToken = -1;
    private double multiplier = 1;
    private int multWindow;
    private double clauseWeight = 1;
    private bool concession;
    private int sentenceStartItem;
    private int clauseStartToken;
    private int lastItem = -1;
    private int lastItemToken = -1;
    private bool lastItemNegated;
    private bool negatorAttached;
    private int neutralWindow;
    private bool neutralizerInSentence;
    private int contrastItem = -1;

    public double[] Items { get; private set; } = items;

    public int Count { get; private set; }

    public int Exclamations { get; private set; }

    public void Run()
    {
        var tokens = scratch.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Word:
                    i += Word(i) - 1;
                    break;
                case TokenKind.Emoji:
                    AddItem(SentimentAnalyzer.EmojiScore(token));
                    break;
                case TokenKind.ClauseBreak:
                    EndClause(i);
                    if (concession)
                    {
                        concession = false;
                        clauseWeight = AfterContrast;
                    }

                    break;
                case TokenKind.Exclamation or TokenKind.Question or TokenKind.SentenceBreak:
                    Exclamations += token.Kind == TokenKind.Exclamation ? 1 : 0;
                    EndClause(i);
                    EndSentence();
                    break;
            }
        }

        EndClause(tokens.Count);
        EndSentence();
    }

    /// <summary>A "but" followed by nothing polar still signals a counterpoint, so it pulls the earlier clause towards neutral.</summary>
    private void EndSentence()
    {
        if (contrastItem >= 0 && contrastItem == Count)
        {
            double before = 0;
            for (var k = sentenceStartItem; k < Count; k++)
            {
                before += Items[k];
            }

            AddItem(-0.5 * before);
        }

        contrastItem = -1;
        clauseWeight = 1;
        concession = false;
        neutralizerInSentence = false;
        sentenceStartItem = Count;
    }

    private int Word(int i)
    {
        var (role, consumed) = Lookup(i);
        var isModifier = role.Modifier != ModifierKind.None;
        if (role.Modifier is ModifierKind.Intensifier or ModifierKind.Diminisher
            && role.HasSentiment && !NextWordHasSentiment(i + consumed))
        {
            isModifier = false;
        }

        if (role.Modifier == ModifierKind.PairedNeutralizer && !neutralizerInSentence)
        {
            isModifier = false;
        }

        if (isModifier)
        {
            ApplyModifier(role, i);
            if (role.Modifier != ModifierKind.Contrast || !role.HasSentiment)
            {
                return consumed;
            }

            AddSentiment(role.Sentiment, i, allowNegation: false);
            return consumed;
        }

        if (role.HasSentiment)
        {
            AddSentiment(role.Sentiment, i, allowNegation: true);
            return consumed;
        }

        Tick();
        return consumed;
    }

    private readonly (WordRole Role, int Consumed) Lookup(int i)
    {
        var key = scratch.Key(i);
        if (lexicon.Phrases.TryGetValue(key, out var phrases))
        {
            foreach (var phrase in phrases)
            {
                if (MatchesRest(i + 1, phrase.RestKeys))
                {
                    return (phrase.Role, phrase.RestKeys.Length + 1);
                }
            }
        }

        if (lexicon.Words.TryGetValue(key, out var role))
        {
            return (role, 1);
        }

        return (NegatedPrefixRole(i), 1);
    }

    private readonly bool MatchesRest(int start, string[] rest)
    {
        var tokens = scratch.Tokens;
        if (start + rest.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < rest.Length; k++)
        {
            if (!tokens[start + k].IsWord || !string.Equals(scratch.Key(start + k), rest[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Polish "nie-", Russian "не-", English/German "un-" glued onto a known polar word.</summary>
    private readonly WordRole NegatedPrefixRole(int i)
    {
        var surface = scratch.Surface(scratch.Tokens[i]);
        var prefix = lexicon.Code switch
        {
            Language.Polish => "nie",
            Language.Russian => "не",
            _ => "un",
        };
        if (surface.Length < prefix.Length + 4 || !surface.StartsWith(prefix, StringComparison.Ordinal))
        {
            return default;
        }

        var rest = TextNormalizer.Key(surface[prefix.Length..], lexicon.Code);
        return lexicon.Words.TryGetValue(rest, out var role) && role.HasSentiment
            ? role with { Sentiment = Negate(role.Sentiment), Modifier = ModifierKind.None }
            : default;
    }

    private readonly bool NextWordHasSentiment(int start)
    {
        var tokens = scratch.Tokens;
        for (var k = start; k < tokens.Count && k < start + 2; k++)
        {
            if (!tokens[k].IsWord)
            {
                return false;
            }

            if (lexicon.Words.TryGetValue(scratch.Key(k), out var role) && (role.HasSentiment || role.Modifier != ModifierKind.None))
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyModifier(WordRole role, int i)
    {
        switch (role.Modifier)
        {
            case ModifierKind.Negator:
                // Polish/Russian negative concord ("bez żadnych", "никто не") extends one negation rather than stacking two.
                if (negWindow == 0)
                {
                    negatorToken = i;
                    negatorAttached = false;
                }

                negWindow = NegationWindow;
                break;
            case ModifierKind.Neutralizer or ModifierKind.PairedNeutralizer:
                neutralWindow = NegationWindow;
                neutralizerInSentence = true;
                break;
            case ModifierKind.Intensifier or ModifierKind.Diminisher:
                multiplier *= role.Factor;
                multWindow = 3;
                Tick(keepMultiplier: true);
                break;
            case ModifierKind.Contrast:
                for (var k = sentenceStartItem; k < Count; k++)
                {
                    Items[k] *= BeforeContrast;
                }

                clauseWeight = AfterContrast;
                contrastItem = Count;
                concession = false;
                break;
            case ModifierKind.Concession:
                clauseWeight = 0.5;
                concession = true;
                break;
        }
    }

    private void AddSentiment(double value, int tokenIndex, bool allowNegation)
    {
        value *= multiplier;
        var negated = false;
        if (neutralWindow > 0)
        {
            value = 0;
            neutralWindow = 0;
            negWindow = 0;
        }
        else if (allowNegation && negWindow > 0)
        {
            value = Negate(value);
            negWindow = 0;
            negated = true;
            negatorAttached = true;
        }

        AddItem(value * clauseWeight);
        lastItemToken = tokenIndex;
        lastItemNegated = negated;
        multiplier = 1;
        multWindow = 0;
    }

    private void AddItem(double value)
    {
        if (Count == Items.Length)
        {
            var grown = new double[Items.Length * 2];
            Items.CopyTo(grown, 0);
            Items = grown;
        }

        lastItem = Count;
        Items[Count++] = value;
    }

    private void Tick(bool keepMultiplier = false)
    {
        if (negWindow > 0 && --negWindow == 0)
        {
            PostNegate();
        }

        if (neutralWindow > 0)
        {
            neutralWindow--;
        }

        if (!keepMultiplier && multWindow > 0 && --multWindow == 0)
        {
            multiplier = 1;
        }
    }

    private void EndClause(int tokenIndex)
    {
        if (negWindow > 0)
        {
            PostNegate();
        }

        negWindow = 0;
        neutralWindow = 0;
        multiplier = 1;
        multWindow = 0;
        clauseStartToken = tokenIndex;
    }

    /// <summary>An unused negator flips the preceding polar word in German ("empfehle es nicht"); elsewhere a negated event ("nobody called") reads as a complaint.</summary>
    private void PostNegate()
    {
        negWindow = 0;
        if (negatorAttached)
        {
            return;
        }

        negatorAttached = true;
        if (lexicon.Code == Language.German && lastItem >= 0 && !lastItemNegated
            && lastItemToken >= clauseStartToken && lastItemToken < negatorToken && negatorToken - lastItemToken <= 4)
        {
            Items[lastItem] = Negate(Items[lastItem]);
            lastItemNegated = true;
            return;
        }

        AddItem(UnattachedNegation * clauseWeight);
    }

    private static double Negate(double value) => value > 0 ? -value * 0.85 : -value * 0.75;

    private static float Negate(float value) => (float)Negate((double)value);
}

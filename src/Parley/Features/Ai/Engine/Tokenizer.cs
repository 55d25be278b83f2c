using System.Globalization;
using System.Text;

namespace Parley.Features.Ai.Engine;

public enum TokenKind : byte
{
    Word,
    Number,
    Emoji,
    Exclamation,
    Question,
    ClauseBreak,
    SentenceBreak,
}

/// <summary>A token as an offset into the lower-cased text; Value holds the emoji code point or emoticon polarity.</summary>
public readonly record struct Token(int Start, int Length, TokenKind Kind, int Value = 0)
{
    public bool IsWord => Kind == TokenKind.Word;

    public bool IsBreak => Kind is TokenKind.ClauseBreak or TokenKind.SentenceBreak or TokenKind.Exclamation or TokenKind.Question;
}

/// <summary>Allocation-free tokenizer over a lower-cased copy of the text.</summary>
public static class Tokenizer
{
    /// <summary>Lower-cases <paramref name="text"/> into <paramref name="lower"/> and appends tokens to <paramref name="tokens"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, Span<char> lower, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < text.Length; i++)
        {
            lower[i] = text[i] == '’' ? '\'' : char.ToLowerInvariant(text[i]);
        }

        var n = text.Length;
        var pos = 0;
        while (pos < n)
        {
            var c = lower[pos];
            if (char.IsLetterOrDigit(c))
            {
                var start = pos;
                var allDigits = true;
                while (pos < n)
                {
                    var d = lower[pos];
                    if (char.IsLetterOrDigit(d) || d == '\u0301')
                    {
                        allDigits &= char.IsDigit(d) || d is '.' or ',';
                        pos++;
                    }
                    else if (IsJoiner(d) && pos + 1 < n && char.IsLetterOrDigit(lower[pos + 1]) && pos > start)
                    {
                        pos++;
                    }
                    else
                    {
                        break;
                    }
                }

                tokens.Add(new Token(start, pos - start, allDigits ? TokenKind.Number : TokenKind.Word));
                continue;
            }

            if (c == ':' || c == ';')
            {
                var emoticon = ReadEmoticon(lower, pos, out var len);
                if (emoticon != 0)
                {
                    tokens.Add(new Token(pos, len, TokenKind.Emoji, emoticon));
                    pos += len;
                    continue;
                }
            }

            if (char.IsHighSurrogate(c) || IsBmpSymbol(c))
            {
                if (Rune.DecodeFromUtf16(text[pos..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
                {
                    tokens.Add(new Token(pos, consumed, TokenKind.Emoji, rune.Value));
                    pos += consumed;
                    continue;
                }
            }

            var kind = c switch
            {
                '!' => TokenKind.Exclamation,
                '?' => TokenKind.Question,
                '.' or '\n' or '\r' => TokenKind.SentenceBreak,
                ',' or ';' or ':' or '(' or ')' or '–' or '—' or '"' or '«' or '»' or '/' => TokenKind.ClauseBreak,
                '-' when pos > 0 && lower[pos - 1] == ' ' => TokenKind.ClauseBreak,
                _ => (TokenKind)255,
            };
            if (kind != (TokenKind)255 && !(kind == TokenKind.SentenceBreak && tokens.Count > 0 && tokens[^1].Kind == TokenKind.SentenceBreak))
            {
                tokens.Add(new Token(pos, 1, kind));
            }

            pos++;
        }
    }

    private static bool IsJoiner(char c) => c is '\'' or '-';

    private static bool IsBmpSymbol(char c) =>
        c > 0x2000 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;

    /// <summary>Recognises :) :-) :D ;) :( :-( and returns +1/-1 polarity.</summary>
    private static int ReadEmoticon(ReadOnlySpan<char> s, int pos, out int length)
    {
        length = 0;
        var i = pos + 1;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length)
        {
            return 0;
        }

        var polarity = s[i] switch
        {
            ')' or 'd' or ']' => 1,
            '(' or '[' => -1,
            _ => 0,
        };
        if (polarity != 0 && s[i] == 'd' && i + 1 < s.Length && char.IsLetter(s[i + 1]))
        {
            return 0;
        }

        length = i - pos + 1;
        return polarity;
    }
}

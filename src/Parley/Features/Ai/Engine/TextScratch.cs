namespace Parley.Features.Ai.Engine;

/// <summary>Per-thread reusable buffers holding one tokenised text, so the hot path does not allocate.</summary>
internal sealed class TextScratch
{
    [ThreadStatic]
    private static TextScratch? cached;

    private char[] lower = new char[512];
    private string[] keys = new string[128];
    private string keysLanguage = string.Empty;

    public List<Token> Tokens { get; } = new(128);

    public int Length { get; private set; }

    public ReadOnlySpan<char> Lower => lower.AsSpan(0, Length);

    public static TextScratch Rent(string text)
    {
        var scratch = cached ?? new TextScratch();
        cached = null;
        scratch.Load(text);
        return scratch;
    }

    public static void Return(TextScratch scratch) => cached = scratch;

    public ReadOnlySpan<char> Surface(Token token) => lower.AsSpan(token.Start, token.Length);

    /// <summary>Matching key of the token at <paramref name="index"/> for the language last passed to <see cref="EnsureKeys"/>.</summary>
    public string Key(int index) => keys[index];

    public void EnsureKeys(string lang)
    {
        if (keysLanguage == lang)
        {
            return;
        }

        if (keys.Length < Tokens.Count)
        {
            keys = new string[Math.Max(Tokens.Count, keys.Length * 2)];
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            keys[i] = token.IsWord ? TextNormalizer.Key(Surface(token), lang) : string.Empty;
        }

        keysLanguage = lang;
    }

    private void Load(string text)
    {
        if (lower.Length < text.Length)
        {
            lower = new char[Math.Max(text.Length, lower.Length * 2)];
        }

        Length = text.Length;
        Tokens.Clear();
        keysLanguage = string.Empty;
        Tokenizer.Tokenize(text, lower, Tokens);
    }
}

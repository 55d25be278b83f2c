using Parley.Features.Ai.Engine;

namespace Parley.Features.Knowledge.Answering;

public enum SmallTalk
{
    None,
    Greeting,
    Thanks,
    Goodbye,
}

/// <summary>What a message is besides a question: small talk, a request for a person, or frustration. Matched on folded text.</summary>
public static class ChatIntents
{
    // Phrases are folded (no diacritics, lower case); matched as whole words.
    private static readonly (SmallTalk Kind, string Language, string[] Phrases)[] Talk =
    [
        (SmallTalk.Greeting, Language.Polish, ["dzien dobry", "dobry wieczor", "czesc", "witam", "witajcie", "hej", "siema", "siemka", "halo", "elo", "dzien dobry panstwu"]),
        (SmallTalk.Greeting, Language.English, ["hello", "hi", "hey", "good morning", "good afternoon", "good evening", "hi there", "hello there", "greetings"]),
        (SmallTalk.Greeting, Language.German, ["hallo", "guten tag", "guten morgen", "guten abend", "servus", "moin", "gruss gott", "gruezi", "hallo zusammen"]),
        (SmallTalk.Greeting, Language.Russian, ["привет", "здравствуйте", "добрый день", "доброе утро", "добрый вечер", "здравствуй"]),
        (SmallTalk.Thanks, Language.Polish, ["dziekuje", "dzieki", "dziekuje bardzo", "bardzo dziekuje", "dziekuje za pomoc", "dzieki za info", "dziekuje za informacje", "super dzieki", "ok dzieki"]),
        (SmallTalk.Thanks, Language.English, ["thanks", "thank you", "thank you very much", "thanks a lot", "many thanks", "cheers", "thx", "ty"]),
        (SmallTalk.Thanks, Language.German, ["danke", "danke schon", "vielen dank", "danke sehr", "besten dank", "dankeschon"]),
        (SmallTalk.Thanks, Language.Russian, ["спасибо", "благодарю", "спасибо большое", "большое спасибо"]),
        (SmallTalk.Goodbye, Language.Polish, ["do widzenia", "do zobaczenia", "do uslyszenia", "pa", "pa pa", "na razie", "milego dnia", "dobranoc"]),
        (SmallTalk.Goodbye, Language.English, ["bye", "goodbye", "bye bye", "see you", "see you later", "have a nice day", "good night", "take care"]),
        (SmallTalk.Goodbye, Language.German, ["tschuss", "auf wiedersehen", "bis bald", "ciao", "bis spater", "schonen tag", "gute nacht"]),
        (SmallTalk.Goodbye, Language.Russian, ["до свидания", "пока", "всего доброго", "до встречи"]),
    ];

    // Filler around small talk that does not make it a question ("ok, thanks a lot!").
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "ok", "okay", "okej", "oki", "super", "great", "wow", "no", "to", "i", "and", "und", "a", "so", "also", "tak", "yes", "ja", "jeszcze", "raz",
        "wam", "panu", "pani", "panstwu", "you", "very", "much", "so", "sehr", "ihnen", "dir", "euch", "bardzo", "serdecznie", "all", "everyone",
        "again", "wszystkim", "everybody", "there", "team", "zespol", "za", "for", "the", "help", "pomoc", "info", "informacje", "fur", "die", "hilfe",
        "и", "вам", "за", "помощь", "очень", "ладно", "хорошо", "nice", "day", "dnia", "milego", "tag", "einen", "schonen",
        "wszystko", "na", "razie", "that", "s", "it", "that's", "alles", "das", "war", "es", "все", "это",
    };

    private static readonly (string Language, string[] Phrases)[] PersonRequests =
    [
        (Language.Polish, ["z czlowiekiem", "z konsultantem", "z konsultantka", "z pracownikiem", "z osoba", "z kims z firmy", "z kims z zespolu", "z zywym",
            "polacz mnie", "przelacz mnie", "chce rozmawiac z", "chcialbym rozmawiac z", "chcialabym rozmawiac z", "prosze o kontakt z konsultantem",
            "z doradca", "z handlowcem", "z kierownikiem", "z szefem", "prawdziwa osoba", "zywy czlowiek", "z czlowiekiem prosze", "konsultant prosze"]),
        (Language.English, ["a human", "a person", "real person", "human please", "an agent", "live agent", "talk to someone", "speak to someone",
            "speak with someone", "talk to a", "speak to a", "speak with a", "connect me", "customer service", "representative", "operator", "your manager",
            "a real human", "someone from the team"]),
        (Language.German, ["mit einem menschen", "mit einem mitarbeiter", "mit einer person", "echten menschen", "mit jemandem sprechen", "verbinden sie mich",
            "kundenservice", "mitarbeiter sprechen", "berater sprechen", "mit einem berater", "mit ihrem chef"]),
        (Language.Russian, ["с человеком", "с оператором", "с менеджером", "с консультантом", "живой человек", "соедините"]),
    ];

    private static readonly string[] Frustration =
    [
        "nie rozumiesz", "bez sensu", "beznadziej", "bezuzyteczn", "glupi bot", "glupia", "do niczego", "nie pomagasz", "zenada", "wkurza", "denerwuj",
        "nic nie rozumie", "to jakis zart", "skandal", "tragedia", "koszmar", "mam dosc", "ile mozna",
        "useless", "stupid", "you don't understand", "you dont understand", "not helpful", "this is ridiculous", "ridiculous", "waste of time", "terrible",
        "annoying", "frustrat", "pointless", "doesn't help", "doesnt help", "idiot", "fed up",
        "nutzlos", "sinnlos", "dumm", "verstehst du nicht", "verstehen sie nicht", "unverschamt", "frech", "argerlich", "bloder bot", "hilft nicht", "katastrophe",
        "бесполезн", "тупой", "не понимаешь", "ужас", "издеваетесь",
    ];

    // The tables above as the matching uses them, prepared once: each group's phrases as words, longest phrase first; every
    // one-word small-talk phrase; the person requests padded with spaces for whole-word search.
    private static readonly (SmallTalk Kind, string Language, string[][] Phrases)[] TalkWords =
        [.. Talk.Select(t => (t.Kind, t.Language, t.Phrases.OrderByDescending(p => p.Length).Select(p => p.Split(' ')).ToArray()))];

    private static readonly (int Length, string[] Words)[] GreetingWords =
        [.. Talk.Where(t => t.Kind == SmallTalk.Greeting).SelectMany(t => t.Phrases).Select(p => p.Split(' ')).Select(w => (w.Length, w))];

    private static readonly HashSet<string> SmallTalkWords = new(Talk.SelectMany(t => t.Phrases), StringComparer.Ordinal);

    private static readonly (string Language, (string Whole, string Start, bool Prefix)[] Phrases)[] PaddedPersonRequests =
        [.. PersonRequests.Select(r => (r.Language, r.Phrases.Select(p => (" " + p + " ", " " + p, p.Length > 12)).ToArray()))];

    public static (SmallTalk Kind, string? Language) SmallTalkOf(string folded) => SmallTalkOf(Words(folded));

    internal static (SmallTalk Kind, string? Language) SmallTalkOf(List<string> words)
    {
        if (words.Count == 0 || words.Count > 8)
        {
            return (SmallTalk.None, null);
        }

        foreach (var (kind, language, phrases) in TalkWords)
        {
            foreach (var phraseWords in phrases)
            {
                var at = IndexOf(words, phraseWords);
                if (at < 0)
                {
                    continue;
                }

                // Small talk only when nothing else is said: the rest is filler, another small-talk phrase, or the business's name.
                if (OnlyFillerAround(words, at, phraseWords.Length))
                {
                    return (kind, language);
                }
            }
        }

        return (SmallTalk.None, null);
    }

    /// <summary>True when the message asks for a person, with the language the request was made in.</summary>
    public static (bool Asked, string? Language) PersonRequested(string folded) => PersonRequested(Words(folded));

    internal static (bool Asked, string? Language) PersonRequested(List<string> words)
    {
        var padded = " " + string.Join(' ', words) + " ";
        foreach (var (language, phrases) in PaddedPersonRequests)
        {
            foreach (var (whole, start, prefix) in phrases)
            {
                if (padded.Contains(whole, StringComparison.Ordinal) || (prefix && padded.Contains(start, StringComparison.Ordinal)))
                {
                    return (true, language);
                }
            }
        }

        return (false, null);
    }

    /// <summary>Frustration: an insult or complaint about the chat, shouting, or a strongly negative message.</summary>
    public static bool Frustrated(string original, string folded, double sentimentScore)
    {
        if (Frustration.Any(f => folded.Contains(f, StringComparison.Ordinal)))
        {
            return true;
        }

        var letters = original.Count(char.IsLetter);
        var upper = original.Count(char.IsUpper);
        var shouting = letters >= 12 && upper >= letters * 0.7;
        return shouting || original.Contains("!!!", StringComparison.Ordinal) || original.Contains("?!?", StringComparison.Ordinal) || sentimentScore <= -0.75;
    }

    private static bool OnlyFillerAround(List<string> words, int at, int length)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if ((i < at || i >= at + length) && !Filler.Contains(words[i]) && !SmallTalkWords.Contains(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(List<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++)
            {
                match = words[i + j] == phrase[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The message without a greeting it opens with ("Dzień dobry, ile kosztuje…" → "ile kosztuje…"), so the greeting's words do
    /// not count as part of the question. A message that is only a greeting is returned unchanged.
    /// </summary>
    public static string WithoutLeadingGreeting(string message)
    {
        var words = Words(TextNormalizer.Normalize(message));
        var longest = 0;
        foreach (var (length, phraseWords) in GreetingWords)
        {
            if (length > longest && length < words.Count && StartsWith(words, phraseWords))
            {
                longest = length;
            }
        }

        if (longest == 0)
        {
            return message;
        }

        // Skip as many words of the original text (same word boundaries as the folded one).
        var seen = 0;
        var inWord = false;
        for (var i = 0; i < message.Length; i++)
        {
            var letter = char.IsLetterOrDigit(message[i]) || message[i] == '\'';
            if (letter && !inWord && seen == longest)
            {
                return message[i..];
            }

            if (letter && !inWord)
            {
                seen++;
            }

            inWord = letter;
        }

        return message;
    }

    private static bool StartsWith(List<string> words, string[] phrase)
    {
        for (var i = 0; i < phrase.Length; i++)
        {
            if (!string.Equals(words[i], phrase[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    internal static List<string> Words(string folded)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && (char.IsLetterOrDigit(folded[i]) || folded[i] == '\'');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }
}

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

    public static (SmallTalk Kind, string? Language) SmallTalkOf(string folded)
    {
        var words = Words(folded);
        if (words.Count == 0 || words.Count > 8)
        {
            return (SmallTalk.None, null);
        }

        foreach (var (kind, language, phrases) in Talk)
        {
            foreach (var phrase in phrases.OrderByDescending(p => p.Length))
            {
                var phraseWords = phrase.Split(' ');
                var at = IndexOf(words, phraseWords);
                if (at < 0)
                {
                    continue;
                }

                // Small talk only when nothing else is said: the rest is filler, another small-talk phrase, or the business's name.
                var rest = words.Take(at).Concat(words.Skip(at + phraseWords.Length)).ToList();
                if (rest.All(w => Filler.Contains(w) || IsSmallTalkWord(w)))
                {
                    return (kind, language);
                }
            }
        }

        return (SmallTalk.None, null);
    }

    /// <summary>True when the message asks for a person, with the language the request was made in.</summary>
    public static (bool Asked, string? Language) PersonRequested(string folded)
    {
        var padded = " " + string.Join(' ', Words(folded)) + " ";
        foreach (var (language, phrases) in PersonRequests)
        {
            if (phrases.Any(p => padded.Contains(" " + p + " ", StringComparison.Ordinal) || (p.Length > 12 && padded.Contains(" " + p, StringComparison.Ordinal))))
            {
                return (true, language);
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

    private static bool IsSmallTalkWord(string word) => Talk.Any(t => t.Phrases.Any(p => p == word));

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
        foreach (var (kind, _, phrases) in Talk)
        {
            if (kind != SmallTalk.Greeting)
            {
                continue;
            }

            foreach (var phrase in phrases)
            {
                var phraseWords = phrase.Split(' ');
                if (phraseWords.Length > longest && phraseWords.Length < words.Count && words.Take(phraseWords.Length).SequenceEqual(phraseWords, StringComparer.Ordinal))
                {
                    longest = phraseWords.Length;
                }
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

using System.Globalization;

namespace Parley.Features.Chat;

/// <summary>What the chat itself says to visitors (system messages, the no-knowledge reply), in the languages the engine knows.</summary>
public static class ChatPhrases
{
    public static readonly IReadOnlyList<string> Languages = ["pl", "en", "de", "ru"];

    private static readonly Dictionary<string, (string Pl, string En, string De, string Ru)> Phrases = new(StringComparer.Ordinal)
    {
        ["person_will_answer"] = (
            "Dziękujemy za wiadomość! Nie mam jeszcze na to odpowiedzi — ktoś z naszego zespołu odpowie najszybciej, jak to możliwe.",
            "Thank you for your message! I don't have an answer to that yet — someone from our team will reply as soon as possible.",
            "Danke für Ihre Nachricht! Darauf habe ich noch keine Antwort – jemand aus unserem Team antwortet so schnell wie möglich.",
            "Спасибо за сообщение! У меня пока нет ответа на этот вопрос — сотрудник нашей команды ответит как можно скорее."),
        ["agent_joined"] = ("{0} dołącza do rozmowy.", "{0} joined the conversation.", "{0} ist dem Gespräch beigetreten.", "{0} присоединяется к разговору."),
        ["agent_left"] = (
            "{0} opuszcza rozmowę — dalej odpowiada chatbot.",
            "{0} left the conversation — the chatbot answers again.",
            "{0} hat das Gespräch verlassen – der Chatbot antwortet wieder.",
            "{0} покидает разговор — дальше отвечает чат-бот."),
        ["closed"] = ("Rozmowa została zakończona.", "The conversation was closed.", "Das Gespräch wurde beendet.", "Разговор завершён."),
        ["team"] = ("Zespół", "Team", "Team", "Команда"),
    };

    public static string Get(string key, string? language, params object[] arguments)
    {
        var (pl, en, de, ru) = Phrases[key];
        var text = Normalize(language) switch { "en" => en, "de" => de, "ru" => ru, _ => pl };
        return arguments.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, arguments);
    }

    /// <summary>The two-letter code of <c>pl-PL</c>, <c>EN</c>, …; null when it is not a language code at all.</summary>
    public static string? Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var code = language.Trim();
        var dash = code.IndexOfAny(['-', '_']);
        if (dash > 0)
        {
            code = code[..dash];
        }

        return code.Length is 2 or 3 && code.All(char.IsAsciiLetter) ? code.ToLowerInvariant() : null;
    }
}

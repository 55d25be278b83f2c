using System.Globalization;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Knowledge.Answering;

/// <summary>What the chatbot says in its own words, per language (pl, en, de, ru), and how it lays out an entry as an answer.</summary>
public static class AnswerTexts
{
    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new(StringComparer.Ordinal)
    {
        [Language.Polish] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "Dzień dobry! W czym mogę pomóc? Chętnie odpowiem na pytania o ofertę, ceny, terminy i przebieg prac.",
            ["thanks"] = "Nie ma za co! Jeśli pojawią się kolejne pytania, chętnie pomogę.",
            ["goodbye"] = "Dziękujemy za rozmowę i do usłyszenia! Miłego dnia.",
            ["clarify.options"] = "Nie jestem pewien, o co dokładnie pytasz. Czy chodzi o: {0}?",
            ["clarify.more"] = "Czy możesz napisać trochę więcej? Na przykład czego dotyczy pytanie: ceny, terminu, materiałów czy gwarancji?",
            ["unknown"] = "Niestety nie mam na to odpowiedzi w naszych informacjach. Mogę przekazać pytanie konsultantowi — czy połączyć Cię z kimś z zespołu?",
            ["handoff.asked"] = "Oczywiście — przekazuję rozmowę do konsultanta. Ktoś z naszego zespołu odpowie tutaj najszybciej, jak to możliwe.",
            ["handoff.frustrated"] = "Przepraszam, że nie udało mi się pomóc. Przekazuję rozmowę do konsultanta — ktoś z naszego zespołu zaraz się tu odezwie.",
            ["or"] = " czy ",
            ["per_m2"] = "{0} zł/m²", ["price"] = "{0} zł", ["included"] = "W cenie", ["duration"] = "Czas realizacji", ["step"] = "Krok",
            ["other_language"] = "",
        },
        [Language.English] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "Hello! How can I help? I'm happy to answer questions about our services, prices, timing and how the work goes.",
            ["thanks"] = "You're welcome! If anything else comes up, just ask.",
            ["goodbye"] = "Thank you for chatting with us — goodbye and have a nice day!",
            ["clarify.options"] = "I'm not sure exactly what you mean. Are you asking about: {0}?",
            ["clarify.more"] = "Could you tell me a little more? For example, is it about prices, timing, materials or the warranty?",
            ["unknown"] = "I'm sorry, I don't have an answer to that in our information. I can pass your question to a consultant — shall I connect you with someone from the team?",
            ["handoff.asked"] = "Of course — I'm passing the conversation to a consultant. Someone from our team will reply here as soon as possible.",
            ["handoff.frustrated"] = "I'm sorry I couldn't help. I'm passing the conversation to a consultant — someone from our team will be with you shortly.",
            ["or"] = " or ",
            ["per_m2"] = "PLN {0} per m²", ["price"] = "PLN {0}", ["included"] = "Included", ["duration"] = "Duration", ["step"] = "Step",
            ["other_language"] = "",
        },
        [Language.German] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "Guten Tag! Wie kann ich helfen? Gern beantworte ich Fragen zu unserem Angebot, den Preisen, Terminen und dem Ablauf.",
            ["thanks"] = "Gern geschehen! Wenn noch Fragen auftauchen, helfe ich gern weiter.",
            ["goodbye"] = "Vielen Dank für das Gespräch — auf Wiedersehen und einen schönen Tag!",
            ["clarify.options"] = "Ich bin nicht sicher, was genau Sie meinen. Geht es um: {0}?",
            ["clarify.more"] = "Könnten Sie etwas mehr dazu schreiben? Geht es zum Beispiel um Preise, Termine, Materialien oder die Garantie?",
            ["unknown"] = "Leider habe ich darauf in unseren Informationen keine Antwort. Ich kann Ihre Frage an einen Berater weitergeben — soll ich Sie mit jemandem aus dem Team verbinden?",
            ["handoff.asked"] = "Selbstverständlich — ich gebe das Gespräch an einen Berater weiter. Jemand aus unserem Team antwortet hier so schnell wie möglich.",
            ["handoff.frustrated"] = "Es tut mir leid, dass ich nicht helfen konnte. Ich gebe das Gespräch an einen Berater weiter — gleich meldet sich jemand aus unserem Team.",
            ["or"] = " oder ",
            ["per_m2"] = "{0} PLN pro m²", ["price"] = "{0} PLN", ["included"] = "Im Preis enthalten", ["duration"] = "Dauer", ["step"] = "Schritt",
            ["other_language"] = "",
        },
        [Language.Russian] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "Здравствуйте! Чем могу помочь? С удовольствием отвечу на вопросы об услугах, ценах, сроках и ходе работ.",
            ["thanks"] = "Пожалуйста! Если появятся ещё вопросы, обращайтесь.",
            ["goodbye"] = "Спасибо за разговор, до свидания и хорошего дня!",
            ["clarify.options"] = "Не совсем понимаю, что вы имеете в виду. Речь идёт о: {0}?",
            ["clarify.more"] = "Не могли бы вы написать чуть подробнее? Например, вопрос о ценах, сроках, материалах или гарантии?",
            ["unknown"] = "К сожалению, у меня нет ответа на этот вопрос. Я могу передать его консультанту — соединить вас с кем-нибудь из команды?",
            ["handoff.asked"] = "Конечно — передаю разговор консультанту. Кто-нибудь из нашей команды ответит здесь как можно скорее.",
            ["handoff.frustrated"] = "Извините, что не смог помочь. Передаю разговор консультанту — скоро с вами свяжется кто-нибудь из команды.",
            ["or"] = " или ",
            ["per_m2"] = "{0} зл/м²", ["price"] = "{0} зл", ["included"] = "Включено", ["duration"] = "Срок", ["step"] = "Шаг",
            ["other_language"] = "К сожалению, этой информации нет на русском языке, вот ответ на другом языке:\n",
        },
    };

    public static string Get(string language, string key) =>
        (Texts.TryGetValue(language, out var texts) ? texts : Texts[Language.English]).TryGetValue(key, out var text) ? text : Texts[Language.English][key];

    /// <summary>True when a bot message was one of the "I could not answer" replies (in any language).</summary>
    public static bool IsNotAnswered(string text)
    {
        foreach (var texts in Texts.Values)
        {
            var clarify = texts["clarify.options"];
            if (text == texts["unknown"] || text == texts["clarify.more"] || text.StartsWith(clarify[..clarify.IndexOf('{', StringComparison.Ordinal)], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An entry laid out as an answer, in the entry's own language; only the entry's own facts and numbers appear.</summary>
    public static string Render(KnowledgeItem item)
    {
        var language = item.Language ?? Language.Polish;
        var culture = CultureInfo.GetCultureInfo(language);
        string Money(string key, decimal amount, string? currency) =>
            currency is null or "PLN" ? string.Format(culture, Get(language, key), amount.ToString("#,0.##", culture)) : $"{amount.ToString("#,0.##", culture)} {currency}";

        return item switch
        {
            FaqItem faq => faq.Answer ?? string.Empty,
            PackageItem p => Sentences(
                $"{p.Name}: {string.Join(", ", new[] { p.PricePerM2 is { } m2 ? Money("per_m2", m2, p.Currency) : null, p.Price is { } price ? Money("price", price, p.Currency) : null }.Where(x => x is not null))}",
                p.Description,
                p.Includes is { Count: > 0 } inc ? $"{Get(language, "included")}: {string.Join(", ", inc)}" : null,
                p.Duration is { } d ? $"{Get(language, "duration")}: {d}" : null),
            FactItem f => $"{f.Title}: {f.Value}",
            ProcessStepItem s => Sentences($"{Get(language, "step")} {s.Step}. {s.Title}", s.Description, s.Duration is { } sd ? $"{Get(language, "duration")}: {sd}" : null),
            TeamMemberItem t => Sentences(t.Role is null ? t.Name : $"{t.Name} — {t.Role}", t.Bio),
            WhyUsItem w => Sentences(w.Title, w.Description),
            PortfolioItem pf => Sentences(pf.Title, pf.Description,
                string.Join(", ", new[] { pf.Location, pf.AreaM2 is { } a ? $"{a.ToString("0.#", culture)} m²" : null, pf.Package, pf.Duration }.Where(x => x is not null))),
            PartnerItem pa => Sentences(pa.Category is null ? pa.Name : $"{pa.Name} ({pa.Category})", pa.Description, pa.Benefit, pa.Url),
            BlogPostItem b => Sentences(b.Title, b.Summary, b.Url),
            _ => item.Text().Body,
        };
    }

    private static string Sentences(params string?[] parts)
    {
        var kept = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return string.Join(" ", kept.Select(p => p.EndsWith('.') || p.EndsWith('!') || p.EndsWith('?') || p.StartsWith("http", StringComparison.Ordinal) ? p : p + "."));
    }
}

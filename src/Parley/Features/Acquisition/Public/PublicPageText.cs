using System.Collections.Frozen;

namespace Parley.Features.Acquisition.Public;

/// <summary>The public feedback page's words; the language comes from the location's settings, not from the visitor's browser.</summary>
public sealed class PublicPageText(string language)
{
    public string Language { get; } = language == "en" ? "en" : "pl";

    public string this[string key] => Words.TryGetValue(key, out var pair) ? (Language == "en" ? pair.En : pair.Pl) : key;

    /// <summary>For the not-found page, which has no settings: English when the browser prefers it, Polish otherwise.</summary>
    public static PublicPageText ForBrowser(HttpRequest request) =>
        new(request.Headers.AcceptLanguage.ToString().TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "pl");

    private static readonly FrozenDictionary<string, (string Pl, string En)> Words = new Dictionary<string, (string Pl, string En)>
    {
        ["prompt"] = ("Jak oceniasz naszą usługę?", "How would you rate our service?"),
        ["star"] = ("{0} z 5", "{0} of 5"),
        ["google.lead.high"] = ("Dziękujemy! Czy podzielisz się opinią w Google? Bardzo nam to pomaga.", "Thank you! Would you share your review on Google? It helps us a lot."),
        ["google.lead.any"] = ("Możesz też wystawić publiczną opinię w Google.", "You can also leave a public review on Google."),
        ["google.button"] = ("Oceń nas w", "Review us on"),
        ["feedback.lead"] = ("Przykro nam, że nie wszystko poszło dobrze. Napisz, co możemy poprawić — odpowiemy.", "We are sorry it was not perfect. Tell us what we can do better — we will get back to you."),
        ["feedback.message"] = ("Twoja wiadomość", "Your message"),
        ["feedback.send"] = ("Wyślij", "Send"),
        ["feedback.sending"] = ("Wysyłanie…", "Sending…"),
        ["feedback.noscript"] = ("Aby wysłać wiadomość, włącz JavaScript w przeglądarce.", "Turn on JavaScript in your browser to send the message."),
        ["thanks.sent"] = ("Dziękujemy! Twoja wiadomość trafiła bezpośrednio do nas.", "Thank you! Your message came straight to us."),
        ["thanks.rated"] = ("Dziękujemy za ocenę!", "Thank you for your rating!"),
        ["error.generic"] = ("Nie udało się wysłać. Spróbuj ponownie za chwilę.", "Sending failed. Please try again in a moment."),
        ["error.fields"] = ("Popraw zaznaczone pola.", "Please correct the marked fields."),
        ["error.busy"] = ("Zbyt wiele prób — spróbuj ponownie za minutę.", "Too many attempts — please try again in a minute."),
        ["notfound.title"] = ("Nie znaleziono strony", "Page not found"),
        ["notfound.text"] = ("Ta strona opinii nie istnieje. Sprawdź adres albo zeskanuj kod QR jeszcze raz.", "This feedback page does not exist. Check the address or scan the QR code again."),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

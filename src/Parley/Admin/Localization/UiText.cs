using System.Collections.Frozen;
using System.Globalization;
using Parley.Platform.Tenancy;

namespace Parley.Admin.Localization;

/// <summary>The admin UI's words in Polish and English; the language comes from the culture cookie (see <see cref="AdminSetup"/>).</summary>
public sealed class UiText
{
    public static readonly IReadOnlyList<string> Languages = ["pl", "en"];

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "pl";

    public string this[string key] => Words.TryGetValue(key, out var pair) ? (Language == "en" ? pair.En : pair.Pl) : key;

    private static readonly FrozenDictionary<string, (string Pl, string En)> Words = new Dictionary<string, (string Pl, string En)>
    {
        ["app.title"] = ("Parley", "Parley"),
        ["nav.home"] = ("Pulpit", "Dashboard"),
        ["nav.workspace"] = ("Ustawienia firmy", "Workspace settings"),
        ["nav.members"] = ("Zespół i role", "Members and roles"),
        ["nav.apikeys"] = ("Klucze API", "API keys"),
        ["nav.docs"] = ("Dokumentacja API", "API docs"),
        ["nav.logout"] = ("Wyloguj", "Log out"),
        ["login.title"] = ("Zaloguj się", "Log in"),
        ["login.submit"] = ("Zaloguj", "Log in"),
        ["login.failed"] = ("Nieprawidłowy email lub hasło.", "Wrong email or password."),
        ["login.locked"] = ("Zbyt wiele nieudanych prób — konto zablokowane na kilka minut.", "Too many failed attempts — the account is locked for a few minutes."),
        ["login.noaccount"] = ("Nie masz konta? Zarejestruj firmę", "No account? Register your business"),
        ["register.title"] = ("Załóż konto firmy", "Create your business account"),
        ["register.submit"] = ("Załóż konto", "Create account"),
        ["register.haveaccount"] = ("Masz już konto? Zaloguj się", "Already have an account? Log in"),
        ["field.email"] = ("Email", "Email"),
        ["field.password"] = ("Hasło", "Password"),
        ["field.workspace_name"] = ("Nazwa firmy", "Business name"),
        ["field.name"] = ("Nazwa", "Name"),
        ["field.slug"] = ("Publiczny identyfikator (slug)", "Public slug"),
        ["field.time_zone"] = ("Strefa czasowa", "Time zone"),
        ["field.locale"] = ("Język klientów", "Customer language"),
        ["field.plan"] = ("Plan", "Plan"),
        ["field.role"] = ("Rola", "Role"),
        ["field.scopes"] = ("Uprawnienia", "Scopes"),
        ["field.created"] = ("Utworzono", "Created"),
        ["field.last_used"] = ("Ostatnio użyty", "Last used"),
        ["field.prefix"] = ("Początek klucza", "Key prefix"),
        ["action.save"] = ("Zapisz", "Save"),
        ["action.saved"] = ("Zapisano.", "Saved."),
        ["action.create"] = ("Utwórz", "Create"),
        ["action.revoke"] = ("Unieważnij", "Revoke"),
        ["action.remove"] = ("Usuń", "Remove"),
        ["action.invite"] = ("Zaproś", "Invite"),
        ["action.cancel"] = ("Anuluj", "Cancel"),
        ["action.close"] = ("Zamknij", "Close"),
        ["home.welcome"] = ("Witaj w Parley", "Welcome to Parley"),
        ["home.intro"] = ("Tu zarządzasz firmą, zespołem i dostępem do API.", "Manage your business, your team and API access here."),
        ["home.members"] = ("Członkowie zespołu", "Team members"),
        ["home.apikeys"] = ("Aktywne klucze API", "Active API keys"),
        ["home.public"] = ("Publiczny adres firmy", "Public address"),
        ["home.role"] = ("Twoja rola", "Your role"),
        ["workspace.title"] = ("Ustawienia firmy", "Workspace settings"),
        ["workspace.readonly"] = ("Tylko administrator może zmieniać ustawienia.", "Only an admin can change settings."),
        ["workspace.slugtaken"] = ("Ten identyfikator jest już zajęty.", "This slug is already taken."),
        ["members.title"] = ("Zespół i role", "Members and roles"),
        ["members.invite"] = ("Zaproś osobę", "Invite someone"),
        ["members.invitations"] = ("Oczekujące zaproszenia", "Pending invitations"),
        ["members.link"] = ("Przekaż ten link zaproszonej osobie (pokazujemy go tylko raz):", "Send this link to the person you invited (shown only once):"),
        ["members.expires"] = ("Wygasa", "Expires"),
        ["apikeys.title"] = ("Klucze API", "API keys"),
        ["apikeys.new"] = ("Nowy klucz", "New key"),
        ["apikeys.shownonce"] = ("Skopiuj klucz teraz — nie pokażemy go ponownie.", "Copy the key now — it will not be shown again."),
        ["apikeys.none"] = ("Brak aktywnych kluczy.", "No active keys."),
        ["apikeys.usage"] = ("Wysyłaj go w nagłówku X-API-Key albo Authorization: Bearer.", "Send it as the X-API-Key header or Authorization: Bearer."),
        ["accept.title"] = ("Dołącz do zespołu", "Join the team"),
        ["accept.hint"] = ("Ustaw hasło, jeśli nie masz jeszcze konta w Parley.", "Set a password if you do not have a Parley account yet."),
        ["accept.submit"] = ("Dołącz", "Join"),
        ["accept.failed"] = ("Zaproszenie jest nieważne lub wygasło.", "The invitation is invalid or has expired."),
        ["role.owner"] = ("Właściciel", "Owner"),
        ["role.admin"] = ("Administrator", "Admin"),
        ["role.agent"] = ("Konsultant", "Agent"),
        ["role.viewer"] = ("Podgląd", "Viewer"),
        ["error.generic"] = ("Coś poszło nie tak.", "Something went wrong."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public string Role(WorkspaceRole role) => this["role." + role.ToString().ToLowerInvariant()];
}

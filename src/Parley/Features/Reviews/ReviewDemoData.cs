using Parley.Features.Feedback;
using Parley.Features.Templates;
using Parley.Features.Workspaces;

namespace Parley.Features.Reviews;

/// <summary>
/// The demo salon's review inbox: about six months of Polish reviews from Google, Booksy and Facebook (most answered, a few
/// recurring complaints), a template for every rating, and some intercepted feedback. Deterministic: the same data every run.
/// </summary>
public sealed class ReviewDemoData(ReviewService reviews, TemplateService templates, FeedbackService feedback)
{
    private static readonly string[] Authors =
    [
        "Anna Nowak", "Katarzyna Wiśniewska", "Magdalena Wójcik", "Joanna Kamińska", "Agnieszka Lewandowska", "Monika Zielińska",
        "Ewa Szymańska", "Paulina Woźniak", "Marta Dąbrowska", "Karolina Kozłowska", "Natalia Jankowska", "Aleksandra Mazur",
        "Piotr Kowalski", "Tomasz Krawczyk", "Michał Piotrowski", "Barbara Grabowska", "Zofia Pawłowska", "Julia Michalska",
    ];

    private static readonly (string Service, string Employee)[] Visits =
    [
        ("Strzyżenie damskie", "Kasia"), ("Strzyżenie męskie", "Bartek"), ("Koloryzacja Sombre", "Kasia"), ("Manicure hybrydowy", "Ola"),
        ("Pedicure", "Ola"), ("Zabieg na twarz", "Magda"), ("Stylizacja brwi", "Magda"), ("Modelowanie", "Kasia"),
    ];

    private static readonly string[] Positive =
    [
        "Fantastyczna obsługa! Pani {0} to prawdziwa profesjonalistka. Na pewno wrócę.",
        "Jestem zachwycona efektem, {1} wyszła dokładnie tak, jak chciałam. Polecam!",
        "Przemiła atmosfera, kawa na start i pełen profesjonalizm. Dziękuję!",
        "Najlepszy salon w okolicy. {1} perfekcyjnie, a do tego punktualnie.",
        "Bardzo czysto, miło i fachowo. Pani {0} doradziła mi idealny kolor.",
        "Chodzę tu od roku i jeszcze nigdy się nie zawiodłam. Polecam każdemu!",
        "Szybko, sprawnie i bardzo dokładnie. {1} to mistrzostwo.",
        "Wspaniałe miejsce, wróciłam po miesiącu i znowu jestem zadowolona.",
        "Pan {0} świetnie strzyże, wreszcie fryzura, która się dobrze układa.",
        "Rewelacyjny efekt i rozsądne ceny. Dziękuję za miłą wizytę!",
    ];

    private static readonly string[] Neutral =
    [
        "Efekt w porządku, ale trochę musiałam poczekać na swoją kolej.",
        "Usługa poprawna, cena raczej wysoka jak na tę okolicę.",
        "Ogólnie dobrze, choć muzyka była trochę za głośno.",
        "W miarę ok, następnym razem spróbuję u innej stylistki.",
    ];

    private static readonly string[] Negative =
    [
        "Czekałam ponad 40 minut mimo rezerwacji. Nikt nawet nie przeprosił.",
        "Znowu spóźnienie, tym razem pół godziny. Szkoda, bo {1} wychodzi dobrze.",
        "Za drogo w stosunku do jakości. {1} nierówna, musiałam poprawiać gdzie indziej.",
        "Muzyka tak głośno, że nie dało się rozmawiać. Do tego długie czekanie.",
        "Odwołali moją wizytę godzinę przed terminem, bardzo nieprofesjonalnie.",
    ];

    private static readonly string[] Replies =
    [
        "Bardzo dziękujemy za miłe słowa! Zapraszamy ponownie.",
        "Dziękujemy za opinię, cieszymy się, że wizyta się udała!",
        "Dziękujemy za uwagi, przekażemy je zespołowi.",
        "Przepraszamy za czas oczekiwania. Pracujemy nad lepszym planowaniem wizyt i zapraszamy ponownie.",
    ];

    public async Task<string> SeedAsync(WorkspaceSettings workspace, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(2025);
        var sources = new[] { ReviewSources.Google, ReviewSources.Google, ReviewSources.Google, ReviewSources.Booksy, ReviewSources.Booksy, ReviewSources.Facebook };
        var stored = new List<ReviewView>();
        for (var i = 0; i < 72; i++)
        {
            var rating = random.Next(100) switch { < 55 => 5, < 75 => 4, < 84 => 3, < 92 => 2, _ => 1 };
            var (service, employee) = Visits[random.Next(Visits.Length)];
            var pool = rating >= 4 ? Positive : rating == 3 ? Neutral : Negative;
            var content = string.Format(System.Globalization.CultureInfo.InvariantCulture, pool[random.Next(pool.Length)], employee, service);
            var date = now.AddDays(-random.Next(0, 182)).AddMinutes(-random.Next(0, 600));
            var source = sources[random.Next(sources.Length)];
            var answered = date < now.AddDays(-2) && random.Next(100) < 70;
            var reply = answered ? Replies[rating >= 4 ? random.Next(2) : 2 + random.Next(2)] : null;
            var review = await reviews.CreateAsync(new NewReview(source, $"demo-{source}-{i:000}", Authors[random.Next(Authors.Length)],
                $"https://i.pravatar.cc/150?u=demo{i}", rating, content, date, service, employee,
                ExistingReply: reply, ExistingReplyDate: answered ? date.AddHours(random.Next(2, 48)) : null), cancellationToken);
            stored.Add(review);
        }

        foreach (var review in stored.Where(r => r.Date < now.AddDays(-3) && r.Reply is null))
        {
            await reviews.MarkReadAsync(review.Id, cancellationToken);
        }

        (string Name, string Content, int Rating, bool AutoReply)[] replyTemplates =
        [
            ("Podziękowanie (Standard)", "@pelne_imie, bardzo dziękujemy! Cieszymy się, że spodobały Ci się nasze usługi.", 5, true),
            ("Podziękowanie z zaproszeniem", "Dzień dobry @imie, dziękujemy za ocenę @ocena gwiazdek za @usluga! Do zobaczenia w Salonie Bella.", 5, false),
            ("Dobra ocena", "Dziękujemy @imie! Cieszymy się, że wizyta się udała — przekażemy pochwały dla: @pracownik.", 4, true),
            ("Neutralna", "Dzień dobry @imie, dziękujemy za opinię. Chętnie dowiemy się, co możemy poprawić — zapraszamy do kontaktu.", 3, false),
            ("Przeprosiny", "Dzień dobry @imie, przykro nam, że wizyta (@data) nie spełniła oczekiwań. Prosimy o kontakt, chcemy to naprawić.", 2, false),
            ("Przeprosiny (pilne)", "@pelne_imie, bardzo przepraszamy. Właścicielka salonu skontaktuje się z Tobą — prosimy o numer telefonu w wiadomości.", 1, false),
        ];
        foreach (var (name, content, rating, autoReply) in replyTemplates)
        {
            await templates.CreateAsync(new TemplateInput(name, content, rating, true, autoReply), cancellationToken);
        }

        (int Rating, string Message, string Name, string Surname, string? Email, string Service, string Employee, string Status)[] intercepted =
        [
            (2, "Muzyka była zdecydowanie za głośno.", "Jan", "Kowalski", "jan.kowalski@example.com", "Strzyżenie męskie", "Bartek", FeedbackStatuses.New),
            (1, "Czekałam 50 minut, a potem usłyszałam, że nie ma mojej rezerwacji.", "Alicja", "Nowicka", null, "Koloryzacja Sombre", "Kasia", FeedbackStatuses.New),
            (3, "Manicure ładny, ale odprysnął po 5 dniach.", "Marta", "", "marta@example.com", "Manicure hybrydowy", "Ola", FeedbackStatuses.Read),
            (2, "Za drogo jak na tak krótki zabieg.", "Krzysztof", "Lis", null, "Zabieg na twarz", "Magda", FeedbackStatuses.Read),
        ];
        var feedbackCount = 0;
        foreach (var f in intercepted)
        {
            var created = await feedback.CreateAsync(new NewFeedback(f.Rating, f.Message, f.Name, f.Surname, f.Email, null, null, f.Service, f.Employee),
                FeedbackOrigins.PublicPage, cancellationToken);
            if (f.Status != FeedbackStatuses.New)
            {
                await feedback.SetStatusAsync(created.Id, f.Status, cancellationToken);
            }

            feedbackCount++;
        }

        var last = (await feedback.ListAsync(new FeedbackQuery(FeedbackStatuses.Read), new Platform.Page(1, 0), cancellationToken)).Items.FirstOrDefault(f => f.Email is null);
        if (last is not null)
        {
            await feedback.ReplyAsync(last.Id, "Dziękujemy za szczerą opinię. Przy następnej wizycie zabieg z 20% rabatem.",
                new FeedbackReplyAuthor(DemoOwner(workspace), null), cancellationToken);
        }

        return $"Review inbox: {stored.Count} reviews ({stored.Count(r => r.Reply is not null)} answered), {replyTemplates.Length} templates, " +
               $"{feedbackCount} intercepted feedback items.";
    }

    private static string DemoOwner(WorkspaceSettings workspace) => $"{workspace.Name} (właścicielka)";
}

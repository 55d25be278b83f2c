using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class ReviewImportTests
{
    private const string BooksyExport = """
        ID opinii;Klient;Ocena;Treść opinii;Data;Usługa;Pracownik
        bk-1;Anna Nowak;5;"Super strzyżenie; polecam!";24.11.2025 19:46;Strzyżenie damskie;Kasia
        bk-2;Jan Kowalski;7;Za długo;24.11.2025 10:00;Strzyżenie męskie;Bartek
        bk-3;Ewa;4;Miło i czysto;wczoraj;Manicure;Ola
        bk-4;"Piotr <script>alert(1)</script>Zieliński";2;"Czekałem <b>godzinę</b>";2025-11-20;;
        """;

    private static MultipartFormDataContent File(string csv)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "export.csv");
        return form;
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ABooksyExportIsImportedRowByRowWithReasonsForSkippedRows(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var response = await client.PostAsync("/api/v1/reviews/import?source=booksy", File(BooksyExport));
        var report = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(report, "imported", "skipped", "rows");
        Assert.Equal(2, report["imported"]!.GetValue<int>());
        Assert.Equal(2, report["skipped"]!.GetValue<int>());
        var rows = report["rows"]!.AsArray();
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r!["row"]!.GetValue<int>()).ToArray());
        Assert.Equal(["imported", "skipped", "skipped", "imported"], rows.Select(r => Str(r!["status"])).ToArray());
        Assert.Contains("Rating '7'", Str(rows[1]!["reason"]));
        Assert.Contains("Date 'wczoraj'", Str(rows[2]!["reason"]));
        AssertFields(rows[0], "row", "status", "reason", "id", "external_id");

        var reviews = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/reviews?sort=oldest"));
        Assert.Equal(2, reviews.Count);
        var piotr = reviews[0]!;
        Assert.Equal("booksy", Str(piotr["source"]));
        Assert.Equal("Piotr Zieliński", Str(piotr["author_name"]));
        Assert.Equal("Czekałem godzinę", Str(piotr["content"]));
        Assert.Equal("bk-4", Str(piotr["external_id"]));
        Assert.Null(piotr["service_context"]);
        var anna = reviews[1]!;
        Assert.Equal("Super strzyżenie; polecam!", Str(anna["content"]));
        Assert.Equal("Strzyżenie damskie", Str(anna["service_context"]!["service_name"]));
        // 19:46 in Warsaw (the workspace's time zone) is 18:46 UTC in November.
        Assert.Equal("2025-11-24T18:46:00.000Z", Str(anna["date"]));

        var again = await Json.ReadAsync(await client.PostAsync("/api/v1/reviews/import?source=booksy", File(BooksyExport)));
        Assert.Equal(0, again["imported"]!.GetValue<int>());
        Assert.Equal(4, again["skipped"]!.GetValue<int>());
        Assert.Contains("Already imported", Str(again["rows"]![0]!["reason"]));
        Assert.Equal(2, (await Json.ReadArrayAsync(await client.GetAsync("/api/v1/reviews"))).Count);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RowsWithoutAnIdAreRecognisedByTheirContentOnReimport(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        const string csv = """
            author,rating,content,date,source
            Anna,5,Świetnie,2025-11-24T19:46:00Z,google
            Anna,5,Świetnie,2025-11-24T19:46:00Z,google
            Olek,3,Może być,2025-11-23 12:00,facebook
            Zofia,4,Dobrze,2025-11-22 12:00,
            """;

        var first = await Json.ReadAsync(await client.PostAsync("/api/v1/reviews/import", new StringContent(csv, Encoding.UTF8, "text/csv")));
        Assert.Equal(2, first["imported"]!.GetValue<int>());
        var rows = first["rows"]!.AsArray();
        Assert.Contains("earlier row", Str(rows[1]!["reason"]));
        Assert.Contains("No source", Str(rows[3]!["reason"]));
        Assert.StartsWith("sha256:", Str(rows[0]!["external_id"]));

        var second = await Json.ReadAsync(await client.PostAsync("/api/v1/reviews/import", new StringContent(csv, Encoding.UTF8, "text/csv")));
        Assert.Equal(0, second["imported"]!.GetValue<int>());
        Assert.Equal(2, (await Json.ReadArrayAsync(await client.GetAsync("/api/v1/reviews"))).Count);
        var stats = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        Assert.Equal(2, stats["total_reviews"]!.GetValue<int>());
        Assert.Equal(2, (await Json.ReadAsync(await client.GetAsync("/api/v1/reviews/unread-count")))["count"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AFileWithoutTheNeededColumnsOrInTheWrongFormIsRefused(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var noRating = await client.PostAsync("/api/v1/reviews/import?source=google", File("author;content;date\nAnna;Super;2025-11-24\n"));
        Assert.Equal(HttpStatusCode.BadRequest, noRating.StatusCode);
        var error = await Json.ReadAsync(noRating);
        Assert.Equal("INVALID_CSV", Str(error["error"]!["code"]));
        Assert.Contains("rating", Str(error["error"]!["message"]));

        var empty = await client.PostAsync("/api/v1/reviews/import?source=google", File(""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var json = await client.PostAsync("/api/v1/reviews/import", Json.Raw("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", Str((await Json.ReadAsync(json))["error"]!["code"]));

        var badSource = await client.PostAsync("/api/v1/reviews/import?source=yelp", File("rating,date\n5,2025-11-24\n"));
        Assert.Equal(HttpStatusCode.BadRequest, badSource.StatusCode);
        Assert.NotNull((await Json.ReadAsync(badSource))["error"]!["details"]!["source"]);
        Assert.Empty(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/reviews")));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;

namespace Parley.Features.Reviews;

/// <summary>One data row of an import: the review it describes, or why it cannot be imported.</summary>
public sealed record CsvReviewRow(int Row, NewReview? Review, string? Error);

/// <summary>
/// Reads review exports (Booksy, Google Takeout converted to CSV, spreadsheets): comma or semicolon separated, UTF-8, a header
/// row whose column names may be English or Polish (<c>rating</c>/<c>ocena</c>, <c>content</c>/<c>treść</c>/<c>opinia</c>…).
/// Times without an offset are the workspace's local time. Rows without an id get one derived from their content, so importing
/// the same file twice stores nothing new.
/// </summary>
public static class ReviewCsvReader
{
    public const int MaxRows = 20_000;

    /// <summary>Recognised header names per field (compared without case, diacritics, spaces, '_' and '-').</summary>
    private static readonly Dictionary<string, string[]> Columns = new(StringComparer.Ordinal)
    {
        ["external_id"] = ["externalid", "id", "reviewid", "idopinii", "identyfikator", "opiniaid"],
        ["source"] = ["source", "zrodlo", "platform", "platforma"],
        ["author_name"] = ["authorname", "author", "name", "customer", "customername", "client", "klient", "autor", "imieinazwisko", "imienazwisko", "nazwaklienta", "reviewer"],
        ["author_avatar"] = ["authoravatar", "avatar", "photo", "zdjecie"],
        ["rating"] = ["rating", "ocena", "stars", "gwiazdki", "score", "liczbagwiazdek"],
        ["content"] = ["content", "comment", "review", "text", "tresc", "opinia", "komentarz", "trescopinii", "reviewtext"],
        ["date"] = ["date", "data", "createdat", "created", "dataopinii", "datadodania", "reviewdate", "datawizyty", "time"],
        ["service_name"] = ["servicename", "service", "usluga", "nazwauslugi"],
        ["employee_name"] = ["employeename", "employee", "staff", "pracownik", "specjalista", "staffer"],
        ["email"] = ["email", "mail", "emailklienta"],
        ["phone"] = ["phone", "telefon", "tel", "phonenumber", "numertelefonu"],
        ["order_no"] = ["orderno", "order", "ordernumber", "zamowienie", "numerzamowienia", "booking", "bookingid", "rezerwacja"],
        ["reply"] = ["reply", "response", "odpowiedz", "ownerresponse", "odpowiedzfirmy"],
        ["reply_date"] = ["replydate", "responsedate", "dataodpowiedzi"],
    };

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "d.M.yyyy HH:mm", "d.M.yyyy",
        "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "dd-MM-yyyy HH:mm", "dd-MM-yyyy",
    ];

    public static async Task<IReadOnlyList<CsvReviewRow>> ReadAsync(Stream stream, string? defaultSource, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var options = CsvReaderOptions.Default with { TrimWhitespace = true, TrimInsideQuotes = true, MaxRecordSize = 1_048_576 };
        await using var csv = CsvReader.Create(stream, options, true);
        await csv.ReadHeaderAsync(cancellationToken);
        var header = csv.Headers.ToArray();
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw Invalid("The file is empty or has no header row.");
        }

        var index = MapColumns(header);
        var missing = new[] { "rating", "date" }.Where(f => !index.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw Invalid($"The header row has no column for: {string.Join(", ", missing)}. Found: {string.Join(", ", header)}.");
        }

        var rows = new List<CsvReviewRow>();
        while (await csv.ReadAsync(cancellationToken))
        {
            if (rows.Count >= MaxRows)
            {
                throw Invalid($"The file has more than {MaxRows} rows; split it.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, i) in index)
            {
                if (i < csv.FieldCount && csv.GetString(i) is { } value && !string.IsNullOrWhiteSpace(value))
                {
                    values[name] = value.Trim();
                }
            }

            // Row numbers as a spreadsheet shows them: the header is row 1.
            rows.Add(ReadRow((int)csv.RowNumber + 1, name => values.GetValueOrDefault(name), defaultSource, zone));
        }

        return rows;
    }

    private static CsvReviewRow ReadRow(int row, Func<string, string?> field, string? defaultSource, TimeZoneInfo zone)
    {
        var source = field("source")?.ToLowerInvariant() ?? defaultSource;
        if (source is null || !ReviewSources.All.Contains(source))
        {
            return new CsvReviewRow(row, null, source is null
                ? "No source: add a source column or pass ?source=."
                : $"Unknown source '{source}' (allowed: {string.Join(", ", ReviewSources.All)}).");
        }

        if (!TryParseRating(field("rating"), out var rating))
        {
            return new CsvReviewRow(row, null, $"Rating '{field("rating")}' is not a whole number from 1 to 5.");
        }

        if (!TryParseDate(field("date"), zone, out var date))
        {
            return new CsvReviewRow(row, null, $"Date '{field("date")}' is not a date (e.g. 2025-11-24 19:46 or 24.11.2025).");
        }

        DateTime? replyDate = null;
        if (field("reply_date") is { } replyText)
        {
            if (!TryParseDate(replyText, zone, out var parsedReply))
            {
                return new CsvReviewRow(row, null, $"Reply date '{replyText}' is not a date.");
            }

            replyDate = parsedReply;
        }

        var author = field("author_name") ?? "Anonim";
        var content = field("content") ?? string.Empty;
        var externalId = field("external_id") ?? ContentKey(source, author, date, rating, content);
        var review = new NewReview(source, externalId, author, field("author_avatar"), rating, content, date,
            field("service_name"), field("employee_name"), field("email"), field("phone"), field("order_no"), field("reply"), replyDate);
        return new CsvReviewRow(row, review, null);
    }

    /// <summary>A stable id for a row that has none: the same review in a later export gets the same key.</summary>
    public static string ContentKey(string source, string author, DateTime date, int rating, string content)
    {
        var canonical = string.Join('\u001f', source, author.Trim().ToLowerInvariant(),
            date.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), rating.ToString(CultureInfo.InvariantCulture),
            string.Join(' ', content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant());
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..40];
    }

    private static bool TryParseRating(string? text, out int rating)
    {
        rating = 0;
        if (text is null)
        {
            return false;
        }

        var stars = text.Count(c => c == '★');
        if (stars > 0)
        {
            rating = stars;
            return rating is >= 1 and <= 5;
        }

        var number = text.Split('/')[0].Trim().Replace(',', '.');
        if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value != decimal.Truncate(value))
        {
            return false;
        }

        rating = (int)value;
        return rating is >= 1 and <= 5;
    }

    private static bool TryParseDate(string? text, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        if (text is null)
        {
            return false;
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
            return true;
        }

        // An explicit offset or Z: trust it.
        if ((text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            utc = withOffset.UtcDateTime;
            return true;
        }

        return false;
    }

    private static Dictionary<string, int> MapColumns(string[] header)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var key = Fold(header[i]);
            foreach (var (field, names) in Columns)
            {
                if (!index.ContainsKey(field) && names.Contains(key))
                {
                    index[field] = i;
                    break;
                }
            }
        }

        return index;
    }

    /// <summary>"Treść opinii" → "trescopinii": lower case, no diacritics, letters and digits only.</summary>
    private static string Fold(string header)
    {
        var decomposed = header.Trim().ToLowerInvariant().Replace('ł', 'l').Normalize(NormalizationForm.FormD);
        var output = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    private static Platform.Errors.ApiException Invalid(string message) =>
        new(400, ReviewErrors.InvalidCsv, message, new Dictionary<string, string[]> { ["file"] = [message] });
}

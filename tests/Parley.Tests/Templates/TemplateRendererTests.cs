using Parley.Features.Templates;

namespace Parley.Tests.Templates;

public sealed class TemplateRendererTests
{
    private const string FullNameTag = "<link rel=\"mention\" name=\"pelne_imie\" title=\"Pełne imię (imię + nazwisko)\">@pelne_imie</link>";
    private static readonly TemplateRenderer Renderer = new();
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly TemplateData Anna = new("Anna", "Nowak", "anna@example.com", "500600700", 5, new DateTime(2025, 11, 24, 19, 46, 0, DateTimeKind.Utc),
        "Koloryzacja Sombre", "Kasia", "ORD-12345");

    [Fact]
    public void PlainVariablesBecomeTheContractsMentionTags()
    {
        var stored = Renderer.ToStorage("@pelne_imie, bardzo dziękujemy! Cieszymy się, że spodobały Ci się nasze usługi.");
        Assert.Equal(FullNameTag + ", bardzo dziękujemy! Cieszymy się, że spodobały Ci się nasze usługi.", stored);
    }

    [Fact]
    public void ConversionIsIdempotentAndNormalisesMentionTagsWrittenDifferently()
    {
        var once = Renderer.ToStorage("Dzień dobry @imie, ocena @ocena.");
        Assert.Equal(once, Renderer.ToStorage(once));
        Assert.Equal(FullNameTag + "!", Renderer.ToStorage("<link name='pelne_imie' rel=\"mention\" title=\"Pełne imię\">@pelne_imie</link>!"));
        Assert.Equal(FullNameTag, Renderer.ToStorage("<LINK rel=\"mention\" name=\"@pelne_imie\" data-x=\"1\">anything</LINK>"));
    }

    [Theory]
    [InlineData("Wszystkiego dobrego na @imieniny!", "Wszystkiego dobrego na @imieniny!")]
    [InlineData("Napisz na kontakt@data.pl", "Napisz na kontakt@data.pl")]
    [InlineData("@pelne_imie_x zostaje", "@pelne_imie_x zostaje")]
    [InlineData("@Imie wielką literą zostaje", "@Imie wielką literą zostaje")]
    [InlineData("@nieznana zmienna", "@nieznana zmienna")]
    public void OnlyTheTenKnownVariablesAreConverted(string input, string expected) =>
        Assert.Equal(expected, Renderer.ToStorage(input));

    [Fact]
    public void AllTenVariablesConvertLongestNamesIntact()
    {
        var stored = Renderer.ToStorage("@imie @nazwisko @pelne_imie @email @telefon @ocena @data @usluga @pracownik @zamowienie");
        foreach (var variable in TemplateRenderer.Variables)
        {
            Assert.Contains($"name=\"{variable.Name}\" title=\"{variable.Title}\">@{variable.Name}</link>", stored);
        }

        Assert.Equal(10, stored.Split("<link ").Length - 1);
    }

    [Theory]
    [InlineData("<script>alert('x')</script>Dziękujemy", "Dziękujemy")]
    [InlineData("<img src=x onerror=alert(1)>Dziękujemy", "Dziękujemy")]
    [InlineData("<a href=\"javascript:alert(1)\">Dziękujemy</a>", "Dziękujemy")]
    [InlineData("<svg onload=alert(1)><circle/></svg>Dziękujemy", "Dziękujemy")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>Dziękujemy", "Dziękujemy")]
    [InlineData("<style>body{display:none}</style>Dziękujemy", "Dziękujemy")]
    [InlineData("a < b & c > d", "a &lt; b &amp; c &gt; d")]
    [InlineData("Tom &amp; Jerry", "Tom &amp; Jerry")]
    [InlineData("<p>Pierwsza</p><p>Druga<br>linia</p>", "Pierwsza\nDruga\nlinia")]
    public void TemplateContentKeepsOnlyTextAndMentionTags(string input, string expected) =>
        Assert.Equal(expected, Renderer.ToStorage(input));

    [Fact]
    public void AMentionTagCannotSmuggleAttributesOrMarkupThrough()
    {
        var stored = Renderer.ToStorage("<link rel=\"mention\" name=\"imie\" onload=\"alert(1)\" title=\"\"><script>alert(1)</script>\">@imie</link>");
        Assert.DoesNotContain("onload", stored);
        Assert.DoesNotContain("<script", stored);
        Assert.StartsWith("<link rel=\"mention\" name=\"imie\" title=\"Imię klienta\">@imie</link>", stored);
    }

    [Fact]
    public void SubstitutionFillsTagsAndPlainVariablesAsTheContractShows()
    {
        var rendered = Renderer.Render(
            "<link rel=\"mention\" name=\"pelne_imie\" title=\"Pełne imię\">@pelne_imie</link>, dziękujemy za ocenę @ocena gwiazdek dla usługi @usluga!",
            new TemplateData("Anna", "Nowak", null, null, 5, null, "Koloryzacja Sombre", null, null), Warsaw);
        Assert.Equal("Anna Nowak, dziękujemy za ocenę 5 gwiazdek dla usługi Koloryzacja Sombre!", rendered.Text);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void DatesAreDayMonthYearInTheWorkspacesTimeZone()
    {
        var late = Anna with { Date = new DateTime(2025, 11, 24, 23, 30, 0, DateTimeKind.Utc) };
        Assert.Equal("Wizyta 25.11.2025", Renderer.Render("Wizyta @data", late, Warsaw).Text);
        Assert.Equal("Wizyta 24.11.2025", Renderer.Render("Wizyta @data", late, TimeZoneInfo.Utc).Text);
    }

    [Fact]
    public void EveryVariableIsFilledFromRealData()
    {
        var rendered = Renderer.Render(Renderer.ToStorage("@imie|@nazwisko|@pelne_imie|@email|@telefon|@ocena|@data|@usluga|@pracownik|@zamowienie"), Anna, Warsaw);
        Assert.Equal("Anna|Nowak|Anna Nowak|anna@example.com|500600700|5|24.11.2025|Koloryzacja Sombre|Kasia|ORD-12345", rendered.Text);
    }

    [Theory]
    [InlineData("Dzień dobry @imie,", "Dzień dobry Kliencie,")]
    [InlineData("Dzień dobry @pelne_imie, dziękujemy", "Dzień dobry Kliencie, dziękujemy")]
    [InlineData("Dziękujemy za usługę @usluga.", "Dziękujemy za usługę.")]
    [InlineData("@nazwisko, dziękujemy!", "dziękujemy!")]
    [InlineData("Numer @zamowienie został przyjęty", "Numer został przyjęty")]
    public void MissingValuesUseFallbacksAndNeverLeaveAVariableOrAnEmptyGap(string template, string expected)
    {
        var rendered = Renderer.Render(template, new TemplateData(null, null, null, null, null, null, null, null, null), Warsaw);
        Assert.Equal(expected, rendered.Text);
        Assert.DoesNotContain("@", rendered.Text);
        Assert.False(rendered.IsComplete);
    }

    [Fact]
    public void MissingVariablesAreReportedOnceEach()
    {
        var rendered = Renderer.Render(Renderer.ToStorage("Dzień dobry @imie @nazwisko, @imie!"), Anna with { LastName = " " }, Warsaw);
        Assert.Equal("Dzień dobry Anna, Anna!", rendered.Text);
        Assert.Equal(["nazwisko"], rendered.MissingVariables);
    }

    [Fact]
    public void StoredEscapesBecomePlainTextAgainWhenRendered() =>
        Assert.Equal("Tom & Jerry <3", Renderer.Render(Renderer.ToStorage("Tom & Jerry <3"), Anna, Warsaw).Text);
}

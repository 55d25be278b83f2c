using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The knowledge-base editor and the search test page in a real browser.</summary>
public sealed class KnowledgePagesTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public Task An_owner_adds_an_faq_entry_then_finds_it_with_a_typo_and_the_chatbot_answers_with_it() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);

        await page.GetByTestId("nav-knowledge").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/knowledge");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Baza wiedzy" })).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();

        await page.GetByTestId("kb-new").ClickAsync();
        await page.Locator("[data-testid=kb-field-question] input, input[data-testid=kb-field-question]").First.FillAsync("Czy dajecie gwarancję na prace?");
        await page.Locator("[data-testid=kb-field-answer] textarea, textarea[data-testid=kb-field-answer]").First.FillAsync("Tak, 36 miesięcy gwarancji na wszystkie prace.");
        await page.GetByTestId("kb-save").ClickAsync();
        await Expect(page.GetByTestId("kb-table")).ToContainTextAsync("Czy dajecie gwarancję na prace?");

        await page.GetByTestId("nav-search").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/knowledge/search");
        await session.WaitForInteractiveAsync();
        await page.Locator("[data-testid=search-query] input, input[data-testid=search-query]").First.FillAsync("gwarncja");
        await page.GetByTestId("search-run").ClickAsync();
        await Expect(page.GetByTestId("search-results").Locator("mark").First).ToHaveTextAsync("gwarancji");

        await page.Locator("[data-testid=search-query] input, input[data-testid=search-query]").First.FillAsync("jaka jest gwarancja?");
        await page.GetByTestId("search-ask").ClickAsync();
        await Expect(page.GetByTestId("search-answer")).ToContainTextAsync("36 miesięcy");
    });
}

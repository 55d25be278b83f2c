using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.BrowserTests;

/// <summary>The AI settings page and the LLM playground in a real browser, with the built-in engine (no outside network).</summary>
public sealed class AiPagesTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly Regex SomeText = new(@"\S{2,}");

    [Fact]
    public Task An_owner_tests_the_ai_provider_and_sees_the_builtin_engine_answer_with_its_latency() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);

        await page.GetByTestId("nav-ai").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/settings/ai");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ustawienia AI" })).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("ai-key-state")).ToContainTextAsync("nieustawiony");
        await Expect(page.GetByTestId("ai-health-status")).ToHaveTextAsync("builtin");

        await page.GetByTestId("ai-test").ClickAsync();

        await Expect(page.GetByTestId("ai-test-engine")).ToHaveTextAsync("builtin");
        await Expect(page.GetByTestId("ai-test-answer")).ToHaveTextAsync(SomeText);
        await Expect(page.GetByTestId("ai-test-latency")).ToHaveTextAsync(new Regex(@"^\s*\d+ ms\s*$"));
        await Expect(page.GetByTestId("ai-health-last")).ToContainTextAsync("builtin");
    });

    [Fact]
    public Task An_owner_creates_a_playground_session_asks_a_question_and_sees_the_streamed_answer_from_the_builtin_engine() => InBrowserAsync(async session =>
    {
        var page = session.Page;
        await RegisterAsync(session);

        await page.GetByTestId("nav-playground").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ai/playground");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Piaskownica LLM" })).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();

        await page.Locator("[data-testid=pg-new-name] input, input[data-testid=pg-new-name]").First.FillAsync("Rezerwacje");
        await page.GetByTestId("pg-create").ClickAsync();
        await Expect(page.GetByTestId("pg-selected")).ToHaveTextAsync("Rezerwacje");
        await Expect(page.GetByTestId("pg-session-name")).ToHaveTextAsync("Rezerwacje");

        // An empty question is refused with an alert, and the page keeps working.
        await page.GetByTestId("pg-send").ClickAsync();
        await Expect(page.GetByTestId("pg-error")).ToBeVisibleAsync();

        await page.Locator("[data-testid=pg-question] textarea, textarea[data-testid=pg-question]").First
            .FillAsync("Czy macie wolny termin na strzyżenie w sobotę?");
        await page.GetByTestId("pg-send").ClickAsync();

        await Expect(page.GetByTestId("pg-engine")).ToHaveTextAsync("builtin");
        await Expect(page.GetByTestId("pg-answer")).ToHaveTextAsync(SomeText);
        await Expect(page.GetByTestId("pg-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("pg-session-count")).ToHaveTextAsync("2");
    });
}

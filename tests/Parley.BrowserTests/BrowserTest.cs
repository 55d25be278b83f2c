using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Parley.BrowserTests;

/// <summary>What every browser test shares: a fresh session per test, a screenshot and the console when it fails, and sign-up.</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture, ITestOutputHelper output)
{
    public const string Password = "correct-horse-battery";

    static BrowserTest() => Assertions.SetDefaultExpectTimeout(30_000);

    protected BrowserFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Runs the steps in a new browser context; on failure saves TestResults/screenshots/&lt;test&gt;.png and logs the console.</summary>
    protected async Task InBrowserAsync(Func<BrowserSession, Task> steps, [CallerMemberName] string test = "")
    {
        await using var session = await Fixture.NewSessionAsync();
        try
        {
            await steps(session);
        }
        catch
        {
            var file = Path.Combine(ScreenshotDirectory(), Regex.Replace(test, "[^A-Za-z0-9_.-]", "_") + ".png");
            try
            {
                await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                Output.WriteLine($"Screenshot: {file}");
            }
            catch (PlaywrightException e)
            {
                Output.WriteLine($"No screenshot: {e.Message}");
            }

            Output.WriteLine($"Page: {session.Page.Url}");
            foreach (var line in session.Console)
            {
                Output.WriteLine("console " + line);
            }

            foreach (var url in session.ForeignRequests)
            {
                Output.WriteLine("blocked request to " + url);
            }

            throw;
        }
    }

    /// <summary>Signs a new owner up through /register and waits for the dashboard to become interactive.</summary>
    protected static async Task<(string Email, string Workspace)> RegisterAsync(BrowserSession session)
    {
        var page = session.Page;
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var workspace = "Salon " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/register");
        await page.GetByTestId("workspace-name-input").FillAsync(workspace);
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("submit").ClickAsync();
        await page.WaitForURLAsync(IsDashboard);
        await session.WaitForInteractiveAsync();
        return (email, workspace);
    }

    protected static bool IsDashboard(string url) => new Uri(url).AbsolutePath == "/";

    private static string ScreenshotDirectory()
    {
        // bin/<configuration>/<framework>/ → the project folder, so screenshots land next to the other TestResults.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Parley.BrowserTests.csproj")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}

using System.Collections.Concurrent;

namespace Parley.BrowserTests;

/// <summary>
/// One running server and one headless Chromium for the whole collection; each test opens its own browser context (its own
/// cookies), so tests do not see each other's sessions.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; CI installs it with apt. <c>PARLEY_CHROMIUM</c> points elsewhere when needed.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ParleyServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {ChromiumPath} (install it with `apt-get install -y chromium`, or set PARLEY_CHROMIUM). " +
                "They do not download a browser and are not skipped.");
        }

        Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// A fresh context whose browser language is Polish (the server's default) and which reaches nothing but this server:
    /// any other request is aborted and listed in <see cref="BrowserSession.ForeignRequests"/>.
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString().TrimEnd('/'),
            Locale = "pl-PL",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var foreign = new ConcurrentQueue<string>();
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !url.StartsWith(origin, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)
                                        && !url.StartsWith("blob:", StringComparison.Ordinal),
            async route =>
            {
                foreign.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            });
        var page = await context.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                console.Enqueue($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => console.Enqueue("pageerror: " + error);
        return new BrowserSession(context, page, foreign, console);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// One browser context and its page, with what it tried to fetch from outside and what its console complained about. It also
/// follows the page's Blazor circuit: <see cref="WaitForInteractiveAsync"/> returns once the server has attached every
/// interactive root component of the current document and rendered into the page after that, i.e. once clicks and typing
/// reach the components (a prerendered page looks the same before that, but ignores them).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly byte[] AttachComponent = "JS.AttachComponent"u8.ToArray();
    private static readonly byte[] RenderBatch = "JS.RenderBatch"u8.ToArray();
    private readonly object _gate = new();
    private IWebSocket? _circuit;
    private int _attached;
    private bool _renderedSinceAttach;
    private Task<int>? _expected;
    private TaskCompletionSource _changed = New();

    public BrowserSession(IBrowserContext context, IPage page, ConcurrentQueue<string> foreignRequests, ConcurrentQueue<string> console)
    {
        Context = context;
        Page = page;
        ForeignRequests = foreignRequests;
        Console = console;
        page.Request += (_, request) =>
        {
            // A new document is on its way (a link, a form post, a forced reload; not a client-side route change inside the
            // circuit). The old document's circuit may still send a batch, e.g. for the click that led away: from now on
            // only a socket opened by the new document counts.
            if (request.IsNavigationRequest && request.Frame == page.MainFrame)
            {
                lock (_gate)
                {
                    _circuit = null;
                    _attached = 0;
                    _renderedSinceAttach = false;
                    _expected = null;
                }
            }
        };
        page.Response += (_, response) =>
        {
            // The document as served names its interactive root components; Blazor removes those markers once it starts.
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame && response.Status == 200)
            {
                lock (_gate)
                {
                    _expected = CountServerComponentsAsync(response);
                }
            }
        };
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                return;
            }

            lock (_gate)
            {
                _circuit = socket;
                _attached = 0;
                _renderedSinceAttach = false;
            }

            socket.FrameReceived += (_, frame) => OnFrame(socket, frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? ""));
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public ConcurrentQueue<string> ForeignRequests { get; }
    public ConcurrentQueue<string> Console { get; }

    public async Task WaitForInteractiveAsync()
    {
        Task<int>? counting;
        lock (_gate)
        {
            counting = _expected;
        }

        var expected = counting is null ? 0 : await counting;
        if (expected == 0)
        {
            throw new InvalidOperationException($"{Page.Url} was served with no interactive server components to wait for.");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_circuit is not null && _attached >= expected && _renderedSinceAttach)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The Blazor circuit of {Page.Url} did not attach its {expected} components and render within 30 s " +
                                           $"(attached {_attached}; is _framework/blazor.web.js served?).");
            }
        }
    }

    public ValueTask DisposeAsync() => new(Context.CloseAsync());

    private void OnFrame(IWebSocket socket, byte[] payload)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(socket, _circuit))
            {
                return;
            }

            // SignalR may pack several messages into one frame: take them in order.
            var rest = payload.AsSpan();
            while (true)
            {
                var attach = rest.IndexOf(AttachComponent);
                var batch = rest.IndexOf(RenderBatch);
                if (attach < 0 && batch < 0)
                {
                    break;
                }

                if (attach >= 0 && (batch < 0 || attach < batch))
                {
                    _attached++;
                    _renderedSinceAttach = false;
                    rest = rest[(attach + AttachComponent.Length)..];
                }
                else
                {
                    _renderedSinceAttach = true;
                    rest = rest[(batch + RenderBatch.Length)..];
                }
            }

            var changed = _changed;
            _changed = New();
            changed.TrySetResult();
        }
    }

    private static async Task<int> CountServerComponentsAsync(IResponse response)
    {
        try
        {
            var html = await response.TextAsync();
            return System.Text.RegularExpressions.Regex.Count(html, "<!--Blazor:\\{\"type\":\"server\"");
        }
        catch (PlaywrightException)
        {
            return 0;
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using MudBlazor.Services;
using Parley.Admin.Localization;
using Parley.Features.Accounts;
using Parley.Features.Workspaces;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Admin;

/// <summary>The Blazor admin UI and the small form endpoints behind its sign-in pages (they set the cookie).</summary>
public static class AdminSetup
{
    public static IServiceCollection AddParleyAdmin(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddScoped<UiText>();
        services.AddScoped<AdminSession>();
        services.AddRequestLocalization(o =>
        {
            var cultures = UiText.Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture("pl");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication MapParleyAdmin(this WebApplication app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription().RequireRateLimiting(RateLimitSetup.AuthPolicy);
        account.MapPost("/login", LoginAsync);
        account.MapPost("/register", RegisterAsync);
        account.MapPost("/accept-invitation", AcceptInvitationAsync);
        account.MapPost("/logout", LogoutAsync);
        account.MapGet("/language", SetLanguage);

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    public static WebApplication UseParleyLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        AccountService accounts, SignInManager<ParleyUser> signIn)
    {
        var check = await accounts.CheckPasswordAsync(email ?? string.Empty, password ?? string.Empty);
        if (check.Outcome != SignInOutcome.Succeeded)
        {
            var error = check.Outcome == SignInOutcome.LockedOut ? "locked" : "failed";
            return Results.LocalRedirect($"/login?error={error}&email={Uri.EscapeDataString(email ?? string.Empty)}");
        }

        await signIn.SignInAsync(check.User!, isPersistent: true);
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    private static async Task<IResult> RegisterAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm(Name = "workspace_name")] string? workspaceName,
        AccountService accounts, SignInManager<ParleyUser> signIn, CancellationToken cancellationToken)
    {
        var request = new RegisterRequest(email, password, workspaceName);
        var validator = new Validator();
        request.Validate(validator);
        if (!validator.IsValid)
        {
            return RegisterError(validator.Errors.Values.SelectMany(m => m).First(), email, workspaceName);
        }

        try
        {
            var (user, _) = await accounts.RegisterAsync(email!, password!, workspaceName!, cancellationToken);
            await signIn.SignInAsync(user, isPersistent: true);
            return Results.LocalRedirect("/");
        }
        catch (ApiException e)
        {
            return RegisterError(e.Fields?.Values.SelectMany(m => m).FirstOrDefault() ?? e.Message, email, workspaceName);
        }
    }

    private static IResult RegisterError(string message, string? email, string? workspaceName) =>
        Results.LocalRedirect($"/register?error={Uri.EscapeDataString(message)}&email={Uri.EscapeDataString(email ?? string.Empty)}&workspace_name={Uri.EscapeDataString(workspaceName ?? string.Empty)}");

    private static async Task<IResult> AcceptInvitationAsync(
        [FromForm] string? token, [FromForm] string? password, MemberService members, SignInManager<ParleyUser> signIn, CancellationToken cancellationToken)
    {
        try
        {
            var user = await members.AcceptAsync(token ?? string.Empty, string.IsNullOrEmpty(password) ? null : password, cancellationToken);
            await signIn.SignInAsync(user, isPersistent: true);
            return Results.LocalRedirect("/");
        }
        catch (ApiException e)
        {
            return Results.LocalRedirect($"/accept-invitation?token={Uri.EscapeDataString(token ?? string.Empty)}&error={Uri.EscapeDataString(e.Fields?.Values.SelectMany(m => m).FirstOrDefault() ?? e.Message)}");
        }
    }

    private static async Task<IResult> LogoutAsync(SignInManager<ParleyUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/login");
    }

    private static IResult SetLanguage(string? lang, string? returnUrl, HttpContext http)
    {
        var language = UiText.Languages.Contains(lang ?? string.Empty) ? lang! : "pl";
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    private static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}

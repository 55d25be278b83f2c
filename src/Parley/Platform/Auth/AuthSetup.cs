using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddParleyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        services.AddIdentityCore<ParleyUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = auth.PasswordMinLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = auth.LockoutAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.LockoutMinutes);
            })
            .AddEntityFrameworkStores<ParleyDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(AuthSchemes.Selector)
            .AddPolicyScheme(AuthSchemes.Selector, "Bearer token, API key or cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(auth.AccessTokenMinutes);
                // Browsers cannot set headers on WebSocket requests, so the hub accepts the token in the query.
                o.Events.OnMessageReceived = ctx =>
                {
                    if (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query.TryGetValue("access_token", out var token))
                    {
                        ctx.Token = token;
                    }

                    return Task.CompletedTask;
                };
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/login";
                o.Cookie.Name = "parley.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
            });

        services.AddScoped<IAuthorizationHandler, WorkspaceRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Viewer)))
            .AddPolicy(Policies.Agent, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Agent)))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Admin)))
            .AddPolicy(Policies.Owner, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Owner)));

        services.AddScoped<TokenService>();
        services.AddScoped<WorkspaceResolver>();
        return services;
    }

    public static WebApplication UseParleyAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<WorkspaceResolutionMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The API takes bearer tokens and API keys only (no cookies, so no cross-site requests); pages and hubs also take the cookie.</summary>
    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (ApiKeyAuthenticationHandler.ReadKey(request) is not null)
        {
            return AuthSchemes.ApiKey;
        }

        if (request.Path.StartsWithSegments("/api") || request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("access_token"))
        {
            return IdentityConstants.BearerScheme;
        }

        return IdentityConstants.ApplicationScheme;
    }
}

using Parley.Features.Contacts;

namespace Parley.Features.Chat;

public static class ChatSetup
{
    /// <summary>CORS policy of the public chat endpoints and the chat hub: the origins in <c>Chat:AllowedOrigins</c>, no credentials.</summary>
    public const string CorsPolicy = "chat-widget";

    public static IServiceCollection AddParleyChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.AllowedOrigins.All(a => a == "*" || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/")),
                "Chat:AllowedOrigins must list origins such as https://shop.example (scheme and host, no path) or *.")
            .ValidateOnStart();
        var chat = configuration.GetSection(ChatOptions.Section).Get<ChatOptions>() ?? new ChatOptions();
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy =>
        {
            if (chat.AllowsAnyOrigin)
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. chat.AllowedOrigins.Select(a => a.TrimEnd('/'))]);
            }

            // The official SignalR client sends X-Requested-With and X-SignalR-User-Agent on negotiate.
            policy.AllowAnyHeader().WithMethods("GET", "POST").WithExposedHeaders("X-Total-Count", "Retry-After");
        }));

        services.AddSingleton<ChatWorkspaces>().AddSingleton<ChatLiveFeed>().AddSingleton<ChatNotifier>().AddSingleton<ChatHubLimiter>()
            .AddSingleton<NoKnowledgeAnswerer>();
        services.AddTransient<IStartupFilter, WidgetCaching>();
        services.AddSingleton<ChatStore>();
        services.AddSingleton<ChatWriter>().AddHostedService(sp => sp.GetRequiredService<ChatWriter>());
        services.AddScoped<VisitorChatService>().AddScoped<InboxService>().AddScoped<UnansweredService>().AddScoped<ContactService>();
        return services;
    }

    public static WebApplication MapParleyChat(this WebApplication app)
    {
        app.MapContacts();
        app.MapChat();
        app.MapPublicChat();
        // Anonymous visitors and signed-in team members share the hub; it sorts them out on connect.
        app.MapHub<ChatHub>(ChatHub.Path).RequireCors(CorsPolicy);
        return app;
    }
}

namespace Parley.Features.Reviews.Admin;

/// <summary>The review pages' per-circuit services and options (the pages themselves are found by the router).</summary>
public static class ReviewsAdminSetup
{
    public static IServiceCollection AddParleyReviewsAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewsAdminOptions>().Bind(configuration.GetSection(ReviewsAdminOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AdminWork>();
        services.AddScoped<InboxLive>();
        return services;
    }
}

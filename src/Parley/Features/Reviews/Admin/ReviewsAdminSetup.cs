namespace Parley.Features.Reviews.Admin;

/// <summary>The review pages' per-circuit services (the pages themselves are found by the router).</summary>
public static class ReviewsAdminSetup
{
    public static IServiceCollection AddParleyReviewsAdmin(this IServiceCollection services)
    {
        services.AddScoped<AdminWork>();
        services.AddScoped<InboxLive>();
        return services;
    }
}

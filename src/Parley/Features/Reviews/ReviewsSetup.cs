using Parley.Features.Feedback;
using Parley.Features.Templates;

namespace Parley.Features.Reviews;

public static class ReviewsSetup
{
    /// <summary>The review inbox: reviews and their platforms, reply templates, intercepted feedback.</summary>
    public static IServiceCollection AddParleyReviews(this IServiceCollection services)
    {
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<IReviewPlatform, BooksyReviewPlatform>();
        services.AddScoped<ReviewService>().AddScoped<ReviewCounters>().AddScoped<ReplyPublisher>().AddScoped<InboxNotifier>().AddScoped<CurrentActor>().AddScoped<ReviewStatistics>()
            .AddScoped<TemplateService>().AddScoped<FeedbackService>().AddScoped<ReviewDemoData>();
        return services;
    }
}

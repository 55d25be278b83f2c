using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.Reviews;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class ReviewCountersTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task CountersKeptOnEveryWriteEqualAFullRecount(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        using var client = tenant.Client();
        var now = DateTime.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var review = await CreateReviewAsync(client, new[] { "google", "booksy", "facebook" }[i % 3], 1 + (i % 5), i % 2 == 0 ? "Świetnie, polecam!" : "Czekałam godzinę, nie polecam.",
                date: now.AddDays(-i * 3).AddHours(-i));
            ids.Add(Str(review["id"]));
        }

        await client.PostAsync("/api/v1/reviews/import?source=booksy",
            new StringContent("rating;date;content;reply;reply_date\n5;2025-06-01 10:00;Super;Dziękujemy;2025-06-02 09:00\n2;2025-06-03 23:30;Słabo;;\n", Encoding.UTF8, "text/csv"));
        foreach (var id in ids.Take(5))
        {
            await client.PostAsJsonAsync($"/api/v1/reviews/{id}/reply", new { content = "Dziękujemy!" });
        }

        await client.PostAsJsonAsync($"/api/v1/reviews/{ids[0]}/reply", new { content = "Poprawiona odpowiedź" });
        foreach (var id in ids.Skip(7))
        {
            await client.PostAsync($"/api/v1/reviews/{id}/read", null);
        }

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(tenant.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        async Task<List<string>> SnapshotAsync() => (await db.Set<ReviewDailyStat>().AsNoTracking().ToListAsync())
            .Select(s => $"{s.Day:yyyy-MM-dd}/{s.Source}/{s.Rating}: {s.Reviews} {s.Answered} {s.Unread} {s.Positive} {s.Neutral} {s.Negative} {s.Replies}")
            .Concat((await db.Set<ReviewTotal>().AsNoTracking().ToListAsync())
                .Select(t => $"total/{t.Source}/{t.Rating}: {t.Reviews} {t.Answered} {t.Unread} {t.Positive} {t.Neutral} {t.Negative}"))
            .Order(StringComparer.Ordinal).ToList();

        var kept = await SnapshotAsync();
        await scope.ServiceProvider.GetRequiredService<ReviewCounters>().RebuildAsync(tenant.WorkspaceId, CancellationToken.None);
        var recounted = await SnapshotAsync();
        Assert.Equal(recounted, kept);
        Assert.Equal(14, kept.Where(k => !k.StartsWith("total/", StringComparison.Ordinal)).Sum(k => int.Parse(k.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(14, kept.Where(k => k.StartsWith("total/", StringComparison.Ordinal)).Sum(k => int.Parse(k.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));

        var stats = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        Assert.Equal(14, stats["total_reviews"]!.GetValue<int>());
        Assert.Equal(43, stats["response_rate"]!.GetValue<int>());
    }
}

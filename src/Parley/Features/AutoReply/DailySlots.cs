using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.AutoReply;

/// <summary>
/// Daily-limit slots: taken with a conditional increment, so concurrent dispatchers never exceed the limit. The workspace is
/// named explicitly (the dispatcher writes for several workspaces in one transaction).
/// </summary>
internal static class DailySlots
{
    /// <summary>The day's row exists before the conditional increments (the same SQL on SQLite and PostgreSQL).</summary>
    public static Task PrepareAsync(ParleyDb db, string workspaceId, DateOnly day, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AutoReplyDailyCounts" ("WorkspaceId", "Day", "Count") VALUES ({workspaceId}, {day}, 0) ON CONFLICT DO NOTHING
            """, cancellationToken);

    public static async Task<bool> TryTakeAsync(ParleyDb db, string workspaceId, DateOnly day, int limit, CancellationToken cancellationToken) =>
        limit > 0 && await db.Set<AutoReplyDailyCount>().IgnoreQueryFilters().Where(c => c.WorkspaceId == workspaceId && c.Day == day && c.Count < limit)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken) == 1;

    public static Task ReleaseAsync(ParleyDb db, string workspaceId, DateOnly day, CancellationToken cancellationToken) =>
        db.Set<AutoReplyDailyCount>().IgnoreQueryFilters().Where(c => c.WorkspaceId == workspaceId && c.Day == day && c.Count > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), CancellationToken.None);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;
using Parley.Features.Chat;
using Parley.Features.Demo;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

public sealed class ChatDemoTests
{
    [Fact]
    public async Task TheDemoWorkspaceComesWithChatsInEveryState()
    {
        var app = ChatApps.WithoutKnowledge(Lanes.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();

        var salon = await db.Workspaces.SingleAsync(w => w.Slug == DemoSeeder.Slug);
        var statuses = await db.Set<Conversation>().IgnoreQueryFilters().Where(c => c.WorkspaceId == salon.Id)
            .Select(c => c.Status).ToListAsync();
        var messages = await db.Set<ConversationMessage>().IgnoreQueryFilters().CountAsync(m => m.WorkspaceId == salon.Id);
        var unanswered = await db.Set<UnansweredQuestion>().IgnoreQueryFilters().SingleAsync(q => q.WorkspaceId == salon.Id);

        Assert.Equal([ConversationStatus.Bot, ConversationStatus.Handoff, ConversationStatus.Closed], statuses.Order());
        Assert.Equal(8, messages);
        Assert.Equal(3, unanswered.Count);
    }
}

using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Contacts;
using Parley.Features.Knowledge;

namespace Parley.Features.Chat;

/// <summary>
/// The visitor-message path's reads and its group-committed writes, in plain ADO.NET on the provider EF Core is configured with.
/// Why not EF Core here: this path runs for every message a widget sends, and per message EF spent more CPU (building a context's
/// options, translating and materialising queries, one tracked insert or update at a time) than everything else together — the
/// benchmark's target leaves about a tenth of a millisecond. The SQL is the subset SQLite and PostgreSQL share (quoted
/// identifiers, <c>@name</c> parameters, <c>LIMIT</c>, <c>COALESCE</c>) against the tables the EF model maps; everything else
/// about chat (the team's side, history, contacts) goes through EF Core as usual. Tenancy is explicit: every statement names
/// the workspace.
/// </summary>
internal sealed class ChatStore(IServiceScopeFactory scopes)
{
    private static readonly JsonSerializerOptions SourceJson = new(JsonSerializerDefaults.Web);
    private readonly Lazy<(DbProviderFactory Factory, string ConnectionString)> _provider = new(() =>
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var connection = db.Database.GetDbConnection();
        return (DbProviderFactories.GetFactory(connection)
                ?? throw new InvalidOperationException("The database provider exposes no DbProviderFactory."),
            db.Database.GetConnectionString() ?? connection.ConnectionString);
    });

    public async Task<ConversationState?> FindAsync(string workspaceId, string sessionHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await FindAsync(connection, workspaceId, sessionHash, cancellationToken);
    }

    /// <summary>
    /// What a visitor's message needs before it is answered, on one connection: the conversation and, when the bot is (again) the one
    /// to answer, its last <paramref name="take"/> visitor, bot and team messages, oldest first.
    /// </summary>
    public async Task<(ConversationState State, IReadOnlyList<ChatTurn> History)?> FindWithHistoryAsync(string workspaceId, string sessionHash, int take,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var state = await FindAsync(connection, workspaceId, sessionHash, cancellationToken);
        if (state is null)
        {
            return null;
        }

        var answered = state.Status is ConversationStatus.Bot or ConversationStatus.Closed;
        return (state, answered && take > 0 ? await RecentTurnsAsync(connection, workspaceId, state.Id, take, cancellationToken) : []);
    }

    private static async Task<ConversationState?> FindAsync(DbConnection connection, string workspaceId, string sessionHash, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            """SELECT "Id", "ContactId", "Status", "Language", "AssignedName" FROM "ChatConversations" WHERE "WorkspaceId" = @w AND "SessionHash" = @h LIMIT 1""",
            ("w", workspaceId), ("h", sessionHash));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ConversationState(reader.GetString(0), reader.GetString(1), Enum.Parse<ConversationStatus>(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)) { IsNew = false };
    }

    /// <summary>The last <paramref name="take"/> visitor, bot and team messages, oldest first, as the answerer wants them.</summary>
    private static async Task<IReadOnlyList<ChatTurn>> RecentTurnsAsync(DbConnection connection, string workspaceId, string conversationId, int take,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            """
            SELECT "Role", "Text" FROM "ChatMessages"
            WHERE "ConversationId" = @c AND "WorkspaceId" = @w AND "Role" <> 'System'
            ORDER BY "CreatedAt" DESC, "Id" DESC LIMIT @n
            """,
            ("c", conversationId), ("w", workspaceId), ("n", take));
        var turns = new List<ChatTurn>(take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                turns.Add(new ChatTurn(RoleName(reader.GetString(0)), reader.GetString(1)));
            }
        }

        turns.Reverse();
        return turns;
    }

    /// <summary>Writes a batch of visitor messages in one transaction (see <see cref="ChatWriter"/>).</summary>
    public async Task CommitAsync(IReadOnlyList<ChatWrite> batch, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await CountUnansweredAsync(connection, transaction, batch, cancellationToken);
        await InsertContactsAsync(connection, transaction, batch, cancellationToken);
        await InsertConversationsAsync(connection, transaction, batch, cancellationToken);
        await InsertMessagesAsync(connection, transaction, batch, cancellationToken);
        await UpdateConversationsAsync(connection, transaction, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CountUnansweredAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChatWrite> batch, CancellationToken cancellationToken)
    {
        var groups = batch.Where(w => w.Unanswered is not null)
            .GroupBy(w => (w.WorkspaceId, w.Unanswered!.Language, w.Unanswered.NormalizedText)).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        await using var update = Command(connection, transaction,
            """
            UPDATE "ChatUnansweredQuestions" SET "Count" = "Count" + @n, "LastAskedAt" = @at, "LastConversationId" = @c
            WHERE "WorkspaceId" = @w AND "Language" = @l AND "NormalizedText" = @t
            """,
            ("n", 0), ("at", DateTime.UtcNow), ("c", ""), ("w", ""), ("l", ""), ("t", ""));
        DbCommand? insert = null;
        try
        {
            foreach (var group in groups)
            {
                var first = group.First().Unanswered!;
                var last = group.Last().Unanswered!;
                var (workspaceId, language, normalized) = group.Key;
                Set(update, group.Count(), last.At, last.ConversationId, workspaceId, language, normalized);
                if (await update.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    continue;
                }

                insert ??= Command(connection, transaction,
                    """
                    INSERT INTO "ChatUnansweredQuestions" ("Id", "WorkspaceId", "Language", "NormalizedText", "Text", "Count", "FirstAskedAt",
                        "LastAskedAt", "LastConversationId", "Status", "HandledAt", "HandledByUserId")
                    VALUES (@id, @w, @l, @t, @text, @n, @first, @last, @c, 'Open', NULL, NULL)
                    """,
                    ("id", ""), ("w", ""), ("l", ""), ("t", ""), ("text", ""), ("n", 0), ("first", DateTime.UtcNow), ("last", DateTime.UtcNow), ("c", ""));
                var text = first.Text.Length > UnansweredRules.TextMaxLength ? first.Text[..UnansweredRules.TextMaxLength] : first.Text;
                Set(insert, Platform.Ids.New(), workspaceId, language, normalized, text, group.Count(), first.At, last.At, last.ConversationId);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (insert is not null)
            {
                await insert.DisposeAsync();
            }
        }
    }

    private static async Task InsertContactsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChatWrite> batch, CancellationToken cancellationToken)
    {
        if (!batch.Any(w => w.NewContact is not null))
        {
            return;
        }

        await using var insert = Command(connection, transaction,
            """
            INSERT INTO "Contacts" ("Id", "WorkspaceId", "Name", "Email", "Phone", "Language", "ConsentAt", "ConsentIp", "ConsentUserAgent",
                "ConsentSource", "CreatedAt", "UpdatedAt")
            VALUES (@id, @w, NULL, NULL, NULL, @l, NULL, NULL, NULL, NULL, @created, @updated)
            """,
            ("id", ""), ("w", ""), ("l", ""), ("created", DateTime.UtcNow), ("updated", DateTime.UtcNow));
        foreach (var contact in batch.Select(w => w.NewContact).OfType<Contact>())
        {
            Set(insert, contact.Id, contact.WorkspaceId, contact.Language, contact.CreatedAt, contact.UpdatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertConversationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChatWrite> batch,
        CancellationToken cancellationToken)
    {
        if (!batch.Any(w => w.NewConversation is not null))
        {
            return;
        }

        await using var insert = Command(connection, transaction,
            """
            INSERT INTO "ChatConversations" ("Id", "WorkspaceId", "SessionHash", "ContactId", "Language", "Status", "AssignedUserId", "AssignedName",
                "UnreadCount", "MessageCount", "LastMessageAt", "LastMessagePreview", "PageUrl", "CreatedAt", "HandoffAt", "ClosedAt")
            VALUES (@id, @w, @hash, @contact, @l, @status, NULL, NULL, @unread, @count, @lastAt, @preview, @page, @created, @handoff, NULL)
            """,
            ("id", ""), ("w", ""), ("hash", ""), ("contact", ""), ("l", ""), ("status", ""), ("unread", 0), ("count", 0), ("lastAt", DateTime.UtcNow),
            ("preview", ""), ("page", ""), ("created", DateTime.UtcNow), ("handoff", DateTime.UtcNow));
        foreach (var c in batch.Select(w => w.NewConversation).OfType<Conversation>())
        {
            Set(insert, c.Id, c.WorkspaceId, c.SessionHash, c.ContactId, c.Language, c.Status.ToString(), c.UnreadCount, c.MessageCount, c.LastMessageAt,
                c.LastMessagePreview, c.PageUrl, c.CreatedAt, c.HandoffAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertMessagesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChatWrite> batch, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction,
            """
            INSERT INTO "ChatMessages" ("Id", "WorkspaceId", "ConversationId", "Role", "Text", "Engine", "AnswerKind", "Confidence", "SourcesJson",
                "AuthorUserId", "AuthorName", "CreatedAt", "ReadAt")
            VALUES (@id, @w, @c, @role, @text, @engine, @kind, @confidence, @sources, NULL, NULL, @created, NULL)
            """,
            ("id", ""), ("w", ""), ("c", ""), ("role", ""), ("text", ""), ("engine", ""), ("kind", ""), ("confidence", 0.0), ("sources", ""),
            ("created", DateTime.UtcNow));
        foreach (var m in batch.SelectMany(w => w.Messages))
        {
            Set(insert, m.Id, m.WorkspaceId, m.ConversationId, m.Role.ToString(), m.Text, m.Engine, m.AnswerKind?.ToString(), m.Confidence,
                m.Sources.Count == 0 ? "[]" : JsonSerializer.Serialize(m.Sources, SourceJson), m.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Counters, preview and status of conversations that existed before the batch, once per conversation.</summary>
    private static async Task UpdateConversationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChatWrite> batch,
        CancellationToken cancellationToken)
    {
        var groups = batch.Where(w => w.NewConversation is null).GroupBy(w => (w.WorkspaceId, w.ConversationId)).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        await using var counters = Command(connection, transaction,
            """
            UPDATE "ChatConversations" SET "UnreadCount" = "UnreadCount" + @unread, "MessageCount" = "MessageCount" + @count,
                "LastMessageAt" = @lastAt, "LastMessagePreview" = @preview, "Language" = COALESCE(@l, "Language")
            WHERE "Id" = @id AND "WorkspaceId" = @w
            """,
            ("unread", 0), ("count", 0), ("lastAt", DateTime.UtcNow), ("preview", ""), ("l", ""), ("id", ""), ("w", ""));
        foreach (var group in groups)
        {
            var (workspaceId, conversationId) = group.Key;
            var last = group.Last();
            if (group.Any(w => w.Reopen))
            {
                await using var reopen = Command(connection, transaction,
                    """UPDATE "ChatConversations" SET "Status" = 'Bot', "ClosedAt" = NULL WHERE "Id" = @id AND "WorkspaceId" = @w AND "Status" = 'Closed'""",
                    ("id", conversationId), ("w", workspaceId));
                await reopen.ExecuteNonQueryAsync(cancellationToken);
            }

            Set(counters, group.Sum(w => w.UnreadDelta), group.Sum(w => w.Messages.Count), last.LastMessageAt, last.Preview,
                group.LastOrDefault(w => w.Language is not null)?.Language, conversationId, workspaceId);
            await counters.ExecuteNonQueryAsync(cancellationToken);
            if (group.FirstOrDefault(w => w.Handoff) is { } handoff)
            {
                // Only from the bot: a person who took over meanwhile keeps the conversation.
                await using var toHandoff = Command(connection, transaction,
                    """UPDATE "ChatConversations" SET "Status" = 'Handoff', "HandoffAt" = @at WHERE "Id" = @id AND "WorkspaceId" = @w AND "Status" = 'Bot'""",
                    ("at", handoff.LastMessageAt), ("id", conversationId), ("w", workspaceId));
                await toHandoff.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var (factory, connectionString) = _provider.Value;
        var connection = factory.CreateConnection() ?? throw new InvalidOperationException("The provider created no connection.");
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A command with its parameters declared once; the sample values give each its type (strings are declared as strings so a
    /// null still has one — PostgreSQL needs it; times are left to the provider, which maps a UTC time to what EF Core stores).
    /// </summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Sample)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, sample) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            switch (sample)
            {
                case string:
                    parameter.DbType = DbType.String;
                    break;
                case int:
                    parameter.DbType = DbType.Int32;
                    break;
                case double:
                    parameter.DbType = DbType.Double;
                    break;
            }

            parameter.Value = sample;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Binds values to the command's parameters in the order they were declared.</summary>
    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static string RoleName(string stored) => stored switch
    {
        nameof(MessageRole.Visitor) => "visitor",
        nameof(MessageRole.Bot) => "bot",
        nameof(MessageRole.Agent) => "agent",
        _ => stored.ToLowerInvariant(),
    };
}

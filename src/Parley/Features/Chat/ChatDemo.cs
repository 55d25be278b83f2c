using Parley.Data;
using Parley.Features.Contacts;
using Parley.Features.Knowledge;
using Parley.Platform.Auth;

namespace Parley.Features.Chat;

/// <summary>Three website chats for the demo workspace: one the bot could not answer, one waiting for a person, one a person closed.</summary>
internal static class ChatDemo
{
    public static async Task SeedAsync(ParleyDb db, string workspaceId, DateTime now, CancellationToken cancellationToken)
    {
        var anonymous = Contact(workspaceId, now.AddHours(-5), null, null, null);
        Conversation(db, workspaceId, anonymous, ConversationStatus.Bot, now.AddHours(-5),
        [
            (MessageRole.Visitor, "Dzień dobry, czy macie parking dla klientów?", null),
            (MessageRole.Bot, ChatPhrases.Get("person_will_answer", "pl"), ChatAnswerKind.Unknown),
        ]);
        db.Add(new UnansweredQuestion
        {
            WorkspaceId = workspaceId, Language = "pl", Text = "Dzień dobry, czy macie parking dla klientów?",
            NormalizedText = UnansweredRules.Normalize("Dzień dobry, czy macie parking dla klientów?"), Count = 3,
            FirstAskedAt = now.AddDays(-6), LastAskedAt = now.AddHours(-5), Status = UnansweredStatus.Open,
        });

        var waiting = Contact(workspaceId, now.AddMinutes(-12), "Katarzyna Wiśniewska", "k.wisniewska@example.com", "+48 600 200 300");
        Conversation(db, workspaceId, waiting, ConversationStatus.Handoff, now.AddMinutes(-12),
        [
            (MessageRole.Visitor, "Chciałabym przełożyć sobotnią wizytę na koloryzację.", null),
            (MessageRole.Bot, "Przekażę to komuś z zespołu — za chwilę ktoś się odezwie.", ChatAnswerKind.Handoff),
            (MessageRole.Visitor, "Dziękuję, czekam.", null),
        ]);

        var handled = Contact(workspaceId, now.AddDays(-1), "Tomasz", null, "+48 600 400 500");
        var closed = Conversation(db, workspaceId, handled, ConversationStatus.Closed, now.AddDays(-1),
        [
            (MessageRole.Visitor, "Czy jutro o 15:00 jest wolny termin na strzyżenie męskie?", null),
            (MessageRole.Agent, "Tak, zapisałam Pana na 15:00. Do zobaczenia!", null),
            (MessageRole.System, ChatPhrases.Get("closed", "pl"), null),
        ]);
        closed.AssignedName = "Recepcja";
        closed.ClosedAt = now.AddDays(-1).AddMinutes(3);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Contact Contact(string workspaceId, DateTime at, string? name, string? email, string? phone) => new()
    {
        WorkspaceId = workspaceId, Name = name, Email = email, Phone = phone, Language = "pl", CreatedAt = at, UpdatedAt = at,
        ConsentAt = name is null ? null : at.AddMinutes(1), ConsentSource = name is null ? null : "chat_widget",
    };

    private static Conversation Conversation(ParleyDb db, string workspaceId, Contact contact, ConversationStatus status, DateTime at,
        (MessageRole Role, string Text, ChatAnswerKind? Kind)[] messages)
    {
        var conversation = new Conversation
        {
            WorkspaceId = workspaceId, SessionHash = SecretHash.Hash(SecretHash.NewSecret()), ContactId = contact.Id, Language = "pl",
            Status = status, CreatedAt = at, MessageCount = messages.Length,
            UnreadCount = status == ConversationStatus.Closed ? 0 : messages.Count(m => m.Role == MessageRole.Visitor),
            LastMessageAt = at.AddMinutes(messages.Length), LastMessagePreview = ChatRules.Preview(messages[^1].Text),
            HandoffAt = status == ConversationStatus.Handoff ? at.AddMinutes(1) : null,
        };
        db.Add(contact);
        db.Add(conversation);
        for (var i = 0; i < messages.Length; i++)
        {
            var (role, text, kind) = messages[i];
            db.Add(new ConversationMessage
            {
                WorkspaceId = workspaceId, ConversationId = conversation.Id, Role = role, Text = text, AnswerKind = kind,
                Engine = role == MessageRole.Bot ? NoKnowledgeAnswerer.Engine : null, AuthorName = role == MessageRole.Agent ? "Recepcja" : null,
                CreatedAt = at.AddMinutes(i),
            });
        }

        return conversation;
    }
}

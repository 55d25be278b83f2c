using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewsTemplatesFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmailOutbox",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ToAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ToName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReplyToAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TextBody = table.Column<string>(type: "text", nullable: false),
                    HtmlBody = table.Column<string>(type: "text", nullable: true),
                    Purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReferenceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MessageId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SendingStartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailOutbox", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailOutbox_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InterceptedFeedbacks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Surname = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OrderNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ServiceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmployeeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LocationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReplyContent = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    ReplyDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReplyAuthor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReplyAuthorUserId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ReplyEmailId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InterceptedFeedbacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InterceptedFeedbacks_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReplyTemplates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    AutoReply = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReplyTemplates_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewDailyStats",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Reviews = table.Column<int>(type: "integer", nullable: false),
                    Answered = table.Column<int>(type: "integer", nullable: false),
                    Unread = table.Column<int>(type: "integer", nullable: false),
                    Positive = table.Column<int>(type: "integer", nullable: false),
                    Neutral = table.Column<int>(type: "integer", nullable: false),
                    Negative = table.Column<int>(type: "integer", nullable: false),
                    Replies = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDailyStats", x => new { x.WorkspaceId, x.Day, x.Source, x.Rating });
                    table.ForeignKey(
                        name: "FK_ReviewDailyStats_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewDataVersions",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDataVersions", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_ReviewDataVersions_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Reviews",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorAvatar = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IsRead = table.Column<bool>(type: "boolean", nullable: false),
                    ServiceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmployeeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OrderNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Sentiment = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StatsDay = table.Column<DateOnly>(type: "date", nullable: false),
                    ReplyContent = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    ReplyDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReplyAuthor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReplyAuthorUserId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ReplyOrigin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReplyStatsDay = table.Column<DateOnly>(type: "date", nullable: true),
                    PublicationState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PublicationAttempts = table.Column<int>(type: "integer", nullable: false),
                    PublicationError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PublicationUpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublicationExternalId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reviews_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceSmtpSettings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    Security = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Username = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PasswordProtected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FromAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    FromName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceSmtpSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkspaceSmtpSettings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_ReferenceId",
                table: "EmailOutbox",
                column: "ReferenceId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_Status_NextAttemptAt",
                table: "EmailOutbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_WorkspaceId",
                table: "EmailOutbox",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_WorkspaceId_CreatedAt",
                table: "EmailOutbox",
                columns: new[] { "WorkspaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId",
                table: "InterceptedFeedbacks",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId_Date",
                table: "InterceptedFeedbacks",
                columns: new[] { "WorkspaceId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId_Rating_Date",
                table: "InterceptedFeedbacks",
                columns: new[] { "WorkspaceId", "Rating", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId_Status_Date",
                table: "InterceptedFeedbacks",
                columns: new[] { "WorkspaceId", "Status", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ReplyTemplates_WorkspaceId",
                table: "ReplyTemplates",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ReplyTemplates_WorkspaceId_Rating",
                table: "ReplyTemplates",
                columns: new[] { "WorkspaceId", "Rating" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDailyStats_WorkspaceId",
                table: "ReviewDailyStats",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDataVersions_WorkspaceId",
                table: "ReviewDataVersions",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId",
                table: "Reviews",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Date", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_IsRead",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "IsRead" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Rating_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Rating", "Date", "Id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Source_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Source", "Date", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Source_ExternalId",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Source", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Date", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Rating_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Rating", "Date", "Id" },
                descending: new[] { false, false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceSmtpSettings_WorkspaceId",
                table: "WorkspaceSmtpSettings",
                column: "WorkspaceId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailOutbox");

            migrationBuilder.DropTable(
                name: "InterceptedFeedbacks");

            migrationBuilder.DropTable(
                name: "ReplyTemplates");

            migrationBuilder.DropTable(
                name: "ReviewDailyStats");

            migrationBuilder.DropTable(
                name: "ReviewDataVersions");

            migrationBuilder.DropTable(
                name: "Reviews");

            migrationBuilder.DropTable(
                name: "WorkspaceSmtpSettings");
        }
    }
}

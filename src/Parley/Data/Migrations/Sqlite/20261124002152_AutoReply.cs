using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AutoReply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AutoReplyDailyCounts",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoReplyDailyCounts", x => new { x.WorkspaceId, x.Day });
                    table.ForeignKey(
                        name: "FK_AutoReplyDailyCounts_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AutoReplyEntries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TemplateName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    GeneratedContent = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    LiveKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RequiresApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprovalReasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AutoApproved = table.Column<bool>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelledBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimToken = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SendingStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DeliveryDetail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SlotDay = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CustomerEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CustomerPhone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CustomerAuthor = table.Column<string>(type: "TEXT", maxLength: 240, nullable: true),
                    EvaluationId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoReplyEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutoReplyEntries_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AutoReplyEvaluations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    EntryId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Trace = table.Column<string>(type: "TEXT", nullable: false),
                    RecheckAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EvaluatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoReplyEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutoReplyEvaluations_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AutoReplyRules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingOperator = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RatingValue = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingMin = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingMax = table.Column<int>(type: "INTEGER", nullable: true),
                    Sources = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Statuses = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ScheduleType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DelayMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    WindowEnd = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    WeekdaysOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    TemplateStrategy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FallbackTemplateId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoReplyRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutoReplyRules_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AutoReplySettings",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequireApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmailNotifications = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprovalTimeoutHours = table.Column<int>(type: "INTEGER", nullable: false),
                    DailyLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    CooldownDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAgeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseRateThreshold = table.Column<double>(type: "REAL", nullable: true),
                    RequireApprovalForRatings = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequireApprovalKeywords = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    EnabledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoReplySettings", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_AutoReplySettings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyDailyCounts_WorkspaceId",
                table: "AutoReplyDailyCounts",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_IdempotencyKey",
                table: "AutoReplyEntries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_State_DueAt",
                table: "AutoReplyEntries",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_State_LeaseUntil",
                table: "AutoReplyEntries",
                columns: new[] { "State", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId",
                table: "AutoReplyEntries",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_CreatedAt",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_CustomerAuthor",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "CustomerAuthor" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_CustomerEmail",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "CustomerEmail" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_CustomerPhone",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "CustomerPhone" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_ItemType_ItemId_RuleId",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "ItemType", "ItemId", "RuleId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_LiveKey",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "LiveKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEntries_WorkspaceId_State_CreatedAt",
                table: "AutoReplyEntries",
                columns: new[] { "WorkspaceId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEvaluations_RecheckAt",
                table: "AutoReplyEvaluations",
                column: "RecheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEvaluations_WorkspaceId",
                table: "AutoReplyEvaluations",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyEvaluations_WorkspaceId_ItemType_ItemId_EvaluatedAt",
                table: "AutoReplyEvaluations",
                columns: new[] { "WorkspaceId", "ItemType", "ItemId", "EvaluatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyRules_WorkspaceId",
                table: "AutoReplyRules",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplyRules_WorkspaceId_Priority",
                table: "AutoReplyRules",
                columns: new[] { "WorkspaceId", "Priority" });

            migrationBuilder.CreateIndex(
                name: "IX_AutoReplySettings_WorkspaceId",
                table: "AutoReplySettings",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutoReplyDailyCounts");

            migrationBuilder.DropTable(
                name: "AutoReplyEntries");

            migrationBuilder.DropTable(
                name: "AutoReplyEvaluations");

            migrationBuilder.DropTable(
                name: "AutoReplyRules");

            migrationBuilder.DropTable(
                name: "AutoReplySettings");
        }
    }
}

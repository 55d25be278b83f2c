using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Knowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KnowledgeBaseState",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReindexStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ReindexRequestedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReindexStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReindexFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReindexDocuments = table.Column<int>(type: "INTEGER", nullable: false),
                    ReindexError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeBaseState", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_KnowledgeBaseState_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeEntry",
                columns: table => new
                {
                    WorkspaceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeEntry", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_KnowledgeEntry_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeBaseState_WorkspaceId",
                table: "KnowledgeBaseState",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntry_WorkspaceId",
                table: "KnowledgeEntry",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntry_WorkspaceId_Kind_Language",
                table: "KnowledgeEntry",
                columns: new[] { "WorkspaceId", "Kind", "Language" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KnowledgeBaseState");

            migrationBuilder.DropTable(
                name: "KnowledgeEntry");
        }
    }
}

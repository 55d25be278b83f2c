using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewIndexesCoverSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Rating_Date_Id",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Status_Date_Id",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Status_Rating_Date_Id",
                table: "Reviews");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Rating_Date_Id_Source",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Rating", "Date", "Id", "Source" },
                descending: new[] { false, false, true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Date_Id_Source",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Date", "Id", "Source" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Rating_Date_Id_Source",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Rating", "Date", "Id", "Source" },
                descending: new[] { false, false, false, true, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Rating_Date_Id_Source",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Status_Date_Id_Source",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_WorkspaceId_Status_Rating_Date_Id_Source",
                table: "Reviews");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Rating_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Rating", "Date", "Id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Date", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_WorkspaceId_Status_Rating_Date_Id",
                table: "Reviews",
                columns: new[] { "WorkspaceId", "Status", "Rating", "Date", "Id" },
                descending: new[] { false, false, false, true, true });
        }
    }
}

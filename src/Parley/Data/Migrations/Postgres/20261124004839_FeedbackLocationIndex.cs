using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeedbackLocationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId_LocationId_Date",
                table: "InterceptedFeedbacks",
                columns: new[] { "WorkspaceId", "LocationId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InterceptedFeedbacks_WorkspaceId_LocationId_Date",
                table: "InterceptedFeedbacks");
        }
    }
}

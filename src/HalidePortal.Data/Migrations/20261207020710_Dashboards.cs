using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HalidePortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Dashboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Dashboards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dashboards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Dashboards_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DashboardPanels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    DashboardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SettingsJson = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardPanels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DashboardPanels_Dashboards_DashboardId",
                        column: x => x.DashboardId,
                        principalTable: "Dashboards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DashboardShares",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    DashboardId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHashSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ViewCount = table.Column<int>(type: "integer", nullable: false),
                    LastViewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardShares", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DashboardShares_Dashboards_DashboardId",
                        column: x => x.DashboardId,
                        principalTable: "Dashboards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardPanels_DashboardId_Position",
                table: "DashboardPanels",
                columns: new[] { "DashboardId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Dashboards_TeamId_IsDeleted",
                table: "Dashboards",
                columns: new[] { "TeamId", "IsDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardShares_DashboardId",
                table: "DashboardShares",
                column: "DashboardId");

            migrationBuilder.CreateIndex(
                name: "IX_DashboardShares_TokenHashSha256",
                table: "DashboardShares",
                column: "TokenHashSha256",
                unique: true);

            // Pages showing a measurement (live dashboard panels) hear when it or one of its analyses changes state,
            // from whichever process wrote it; NOTIFY is delivered at commit, so a listener never reads ahead of it.
            migrationBuilder.Sql("""
                CREATE FUNCTION halide_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Separate statements: plpgsql plans each on first use, and NEW has only its own table's columns.
                    IF TG_TABLE_NAME = 'Measurements' THEN
                        PERFORM pg_notify('halide_changes', json_build_object('team', NEW."TeamId", 'measurement', NEW."Id", 'state', NEW."State")::text);
                    ELSE
                        PERFORM pg_notify('halide_changes', json_build_object('team', NEW."TeamId", 'measurement', NEW."MeasurementId", 'state', NEW."State")::text);
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER measurements_notify_change AFTER INSERT OR UPDATE OF "State" ON "Measurements"
                    FOR EACH ROW EXECUTE FUNCTION halide_notify_change();
                CREATE TRIGGER analysis_runs_notify_change AFTER INSERT OR UPDATE OF "State" ON "AnalysisRuns"
                    FOR EACH ROW EXECUTE FUNCTION halide_notify_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS measurements_notify_change ON "Measurements";
                DROP TRIGGER IF EXISTS analysis_runs_notify_change ON "AnalysisRuns";
                DROP FUNCTION IF EXISTS halide_notify_change();
                """);
            migrationBuilder.DropTable(
                name: "DashboardPanels");

            migrationBuilder.DropTable(
                name: "DashboardShares");

            migrationBuilder.DropTable(
                name: "Dashboards");
        }
    }
}

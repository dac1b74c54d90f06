using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HalidePortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompositionExplorer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "YoungsModulusGPa",
                table: "Samples",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LiteratureCompositions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Formula = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ParentFormula = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConductivitySPerCm = table.Column<double>(type: "double precision", nullable: true),
                    ConductivityTemperatureC = table.Column<double>(type: "double precision", nullable: false),
                    ActivationEnergyEv = table.Column<double>(type: "double precision", nullable: true),
                    OxidationOnsetV = table.Column<double>(type: "double precision", nullable: true),
                    CrystallinityPercent = table.Column<double>(type: "double precision", nullable: true),
                    YoungsModulusGPa = table.Column<double>(type: "double precision", nullable: true),
                    FirstDischargeMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    CapacityHalfCMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    CapacityOneCMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    RetentionPercent = table.Column<double>(type: "double precision", nullable: true),
                    RetentionCycles = table.Column<int>(type: "integer", nullable: true),
                    Doi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "text", nullable: true),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiteratureCompositions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LiteratureCompositions_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LiteratureCompositions_TeamId_IsDeleted",
                table: "LiteratureCompositions",
                columns: new[] { "TeamId", "IsDeleted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LiteratureCompositions");

            migrationBuilder.DropColumn(
                name: "YoungsModulusGPa",
                table: "Samples");
        }
    }
}

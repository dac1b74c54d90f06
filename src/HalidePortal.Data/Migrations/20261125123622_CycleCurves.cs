using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HalidePortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CycleCurves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SummaryJson",
                table: "Measurements",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CycleCurves",
                columns: table => new
                {
                    MeasurementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Cycle = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    CapacityMAh = table.Column<double[]>(type: "double precision[]", nullable: false),
                    VoltageV = table.Column<double[]>(type: "double precision[]", nullable: false),
                    DqDvVoltageV = table.Column<double[]>(type: "double precision[]", nullable: false),
                    DqDvMAhPerV = table.Column<double[]>(type: "double precision[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CycleCurves", x => new { x.MeasurementId, x.Cycle, x.Kind });
                    table.ForeignKey(
                        name: "FK_CycleCurves_Measurements_MeasurementId",
                        column: x => x.MeasurementId,
                        principalTable: "Measurements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CycleCurves");

            migrationBuilder.DropColumn(
                name: "SummaryJson",
                table: "Measurements");
        }
    }
}

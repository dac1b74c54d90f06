using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HalidePortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Measurements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Measurements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    SampleId = table.Column<Guid>(type: "uuid", nullable: false),
                    PelletId = table.Column<Guid>(type: "uuid", nullable: true),
                    CellId = table.Column<Guid>(type: "uuid", nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Format = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Technique = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RowCount = table.Column<int>(type: "integer", nullable: false),
                    FileMetadata = table.Column<string>(type: "jsonb", nullable: false),
                    Warnings = table.Column<List<string>>(type: "text[]", nullable: false),
                    TemperatureC = table.Column<double>(type: "double precision", nullable: true),
                    ActiveMassMg = table.Column<double>(type: "double precision", nullable: true),
                    NominalMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    ReferenceCycle = table.Column<int>(type: "integer", nullable: true),
                    AnodeConvention = table.Column<bool>(type: "boolean", nullable: false),
                    UploadedById = table.Column<Guid>(type: "uuid", nullable: true),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ParsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Measurements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Measurements_Cells_CellId",
                        column: x => x.CellId,
                        principalTable: "Cells",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Measurements_Pellets_PelletId",
                        column: x => x.PelletId,
                        principalTable: "Pellets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Measurements_Samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "Samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Measurements_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CycleSummaries",
                columns: table => new
                {
                    MeasurementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Cycle = table.Column<int>(type: "integer", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChargeMah = table.Column<double>(type: "double precision", nullable: false),
                    DischargeMah = table.Column<double>(type: "double precision", nullable: false),
                    ChargeMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    DischargeMahPerG = table.Column<double>(type: "double precision", nullable: true),
                    CoulombicEfficiency = table.Column<double>(type: "double precision", nullable: true),
                    ChargeEnergyMWh = table.Column<double>(type: "double precision", nullable: true),
                    DischargeEnergyMWh = table.Column<double>(type: "double precision", nullable: true),
                    MeanChargeVoltageV = table.Column<double>(type: "double precision", nullable: true),
                    MeanDischargeVoltageV = table.Column<double>(type: "double precision", nullable: true),
                    CRate = table.Column<double>(type: "double precision", nullable: true),
                    RetentionPercent = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CycleSummaries", x => new { x.MeasurementId, x.Cycle });
                    table.ForeignKey(
                        name: "FK_CycleSummaries_Measurements_MeasurementId",
                        column: x => x.MeasurementId,
                        principalTable: "Measurements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeasurementColumns",
                columns: table => new
                {
                    MeasurementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Quantity = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Min = table.Column<double>(type: "double precision", nullable: true),
                    Max = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasurementColumns", x => new { x.MeasurementId, x.Index });
                    table.ForeignKey(
                        name: "FK_MeasurementColumns_Measurements_MeasurementId",
                        column: x => x.MeasurementId,
                        principalTable: "Measurements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SeriesChunks",
                columns: table => new
                {
                    MeasurementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ColumnIndex = table.Column<int>(type: "integer", nullable: false),
                    ChunkIndex = table.Column<int>(type: "integer", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    Values = table.Column<double[]>(type: "double precision[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeriesChunks", x => new { x.MeasurementId, x.ColumnIndex, x.ChunkIndex });
                    table.ForeignKey(
                        name: "FK_SeriesChunks_Measurements_MeasurementId",
                        column: x => x.MeasurementId,
                        principalTable: "Measurements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Float arrays barely compress; skipping the attempt makes COPY of large series faster.
            migrationBuilder.Sql("ALTER TABLE \"SeriesChunks\" ALTER COLUMN \"Values\" SET STORAGE EXTERNAL;");

            migrationBuilder.CreateIndex(
                name: "IX_Measurements_CellId",
                table: "Measurements",
                column: "CellId");

            migrationBuilder.CreateIndex(
                name: "IX_Measurements_PelletId",
                table: "Measurements",
                column: "PelletId");

            migrationBuilder.CreateIndex(
                name: "IX_Measurements_SampleId",
                table: "Measurements",
                column: "SampleId");

            migrationBuilder.CreateIndex(
                name: "IX_Measurements_TeamId_IsDeleted",
                table: "Measurements",
                columns: new[] { "TeamId", "IsDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_Measurements_TeamId_Sha256",
                table: "Measurements",
                columns: new[] { "TeamId", "Sha256" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CycleSummaries");

            migrationBuilder.DropTable(
                name: "MeasurementColumns");

            migrationBuilder.DropTable(
                name: "SeriesChunks");

            migrationBuilder.DropTable(
                name: "Measurements");
        }
    }
}

using System.Globalization;
using System.Text;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Data;
using HalidePortal.Data.RawFiles;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Processing;
using HalidePortal.Web.Services;
using HalidePortal.Worker.Analyses;
using HalidePortal.Worker.Measurements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// Files longer than one block (65,536 rows) go to the database block by block while they are read: the stored series,
/// the cycle summary and the failure of a file bad near its end must be what reading it whole would give.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LongFileIngestTests(PortalApp app)
{
    private const int Rows = 150_000;

    [Fact]
    public async Task Upload_LongCyclingText_StoredInBlocksAndSummarisedAsWhole()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        var bytes = GcplText(Rows, cycles: 12, badRow: null);

        var item = (await client.UploadAsync($"cell:{cell.Id}", ("long.mpt", bytes))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value, 180);

        Assert.True(done.State == "Done", done.Error);
        Assert.Equal(Rows, done.Rows);
        var whole = InstrumentFormats.Parse(new MemoryStream(bytes), "long.mpt");
        await using (var db = await app.OpenDbAsync(client.Team.Id))
        {
            // Three blocks per column: 65,536 + 65,536 + 18,928 rows.
            Assert.Equal(3 * whole.Columns.Count, await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id));
            var voltage = whole.Columns.ToList().FindIndex(c => c.Quantity == Quantity.VoltageV);
            Assert.Equal(whole.Columns[voltage].Values, await SeriesStore.ReadColumnAsync(db, done.Id, voltage, CancellationToken.None));
            var stored = await db.MeasurementColumns.Where(c => c.MeasurementId == done.Id).OrderBy(c => c.Index).ToListAsync();
            Assert.Equal(whole.Columns[voltage].Values.Min(), stored[voltage].Min);
            Assert.Equal(whole.Columns[voltage].Values.Max(), stored[voltage].Max);
        }

        // The worker's summary (read in blocks, spooled) equals the summary of the whole file in memory.
        var input = CyclingInput.From(whole);
        var expected = CyclingAnalysis.Summarise(input.Series, new CyclingOptions { ActiveMassMg = done.ActiveMassMg });
        var cycles = await client.GetAsync<List<CycleView>>($"/api/measurements/{done.Id}/cycles");
        Assert.Equal(12, cycles.Count);
        Assert.Equal(expected.Cycles.Select(c => c.DischargeMAh), cycles.Select(c => c.DischargeMah));
        Assert.Equal(expected.Cycles.Select(c => c.CoulombicEfficiency), cycles.Select(c => c.CoulombicEfficiency));
        await using (var db = await app.OpenDbAsync(client.Team.Id))
        {
            Assert.Equal(24, await db.CycleCurves.CountAsync(c => c.MeasurementId == done.Id));
        }
    }

    [Fact]
    public async Task Upload_BadNumberNearTheEnd_FailsNamingTheLineAndLeavesNoRows()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        // Two full blocks have been read (and sent to the database) before the bad row.
        var bytes = GcplText(Rows, cycles: 12, badRow: 140_000);

        var item = (await client.UploadAsync($"cell:{cell.Id}", ("late-error.mpt", bytes))).Items[0];
        var failed = await client.WaitForMeasurementAsync(item.MeasurementId!.Value, 180);

        Assert.Equal("Failed", failed.State);
        Assert.StartsWith("late-error.mpt:", failed.Error, StringComparison.Ordinal);
        Assert.Contains("\"4.1x\"", failed.Error, StringComparison.Ordinal);
        // Line 1 is the column header, so data row 140,000 (from 0) is line 140,002.
        Assert.Contains("line 140002", failed.Error, StringComparison.Ordinal);
        await using var db = await app.OpenDbAsync(client.Team.Id);
        Assert.False(await db.SeriesChunks.AnyAsync(c => c.MeasurementId == failed.Id));
        Assert.False(await db.MeasurementColumns.AnyAsync(c => c.MeasurementId == failed.Id));
        Assert.Equal(MeasurementState.Failed, (await db.Measurements.SingleAsync(m => m.Id == failed.Id)).State);
        using var raw = await client.GetAsync($"/api/measurements/{failed.Id}/raw");
        Assert.Equal(bytes, await raw.Content.ReadAsByteArrayAsync());
        // A bad file is the job's normal end, not a fault: it succeeded and is not scheduled again.
        Assert.Equal("Succeeded", await JobStateAsync(db, failed.Id));
    }

    [Fact]
    public async Task Job_MeasurementDeletedWhileItsFileIsRead_EndsWithoutRowsOrRetry()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        var item = (await client.UploadAsync($"cell:{cell.Id}", ("deleted.mpt", GcplText(2_000, cycles: 2, badRow: null)))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        Assert.Equal("Done", done.State);

        // Run the job again with an analysis that deletes the measurement (as a user would, from the page) once the
        // file's columns are known: the job must end quietly, leave the old rows as they were, and not throw.
        var services = app.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var pipeline = new MeasurementPipeline(contexts, services.GetRequiredService<IRawFileStore>(),
            [new DeletingAnalysis(contexts, done.Id)], services.GetRequiredService<DefaultAnalyses>(), NullLogger<MeasurementPipeline>.Instance);
        await using var db = await app.OpenDbAsync(client.Team.Id);
        int chunks = await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id);

        await pipeline.ProcessAsync(done.Id, CancellationToken.None);

        Assert.True(chunks > 0);
        Assert.Equal(chunks, await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id));
        var gone = await db.Measurements.IgnoreQueryFilters().SingleAsync(m => m.Id == done.Id);
        Assert.True(gone.IsDeleted);
    }

    [Fact]
    public async Task Job_TwoRunsOfOneMeasurementAtOnce_TakeTurnsAndKeepOneCopy()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        var item = (await client.UploadAsync($"cell:{cell.Id}", ("twice-at-once.mpt", GcplText(100_000, cycles: 4, badRow: null)))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value, 180);
        await using var db = await app.OpenDbAsync(client.Team.Id);
        int chunks = await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id);
        int cycles = await db.CycleSummaries.CountAsync(c => c.MeasurementId == done.Id);

        // A "Process again" while the first run is still storing: both runs replace the rows, one after the other.
        var jobs = app.Services.GetRequiredService<HalidePortal.Data.Jobs.IMeasurementJobs>();
        await Task.WhenAll(Task.Run(() => jobs.ProcessAsync(done.Id, CancellationToken.None)),
            Task.Run(() => jobs.ProcessAsync(done.Id, CancellationToken.None)));

        Assert.Equal(2 * GcplColumns, chunks);
        Assert.Equal(chunks, await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id));
        Assert.Equal(cycles, await db.CycleSummaries.CountAsync(c => c.MeasurementId == done.Id));
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(done.Id)).State);
    }

    /// <summary>Columns of <see cref="GcplText"/>: time, voltage, current, cycle number, capacity, mode.</summary>
    private const int GcplColumns = 6;

    private sealed class DeletingAnalysis(IDbContextFactory<PortalDbContext> contexts, Guid measurementId) : IMeasurementAnalysis
    {
        public IMeasurementAnalysisRun? Start(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
            using var db = contexts.CreateDbContext();
            db.Measurements.IgnoreQueryFilters().Where(m => m.Id == measurementId).ExecuteUpdate(s => s.SetProperty(m => m.IsDeleted, true));
            return null;
        }
    }

    private static async Task<string?> JobStateAsync(DbContext db, Guid measurementId)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        for (int attempt = 0; ; attempt++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT statename FROM hangfire.job WHERE arguments::text LIKE '%' || @id || '%' ORDER BY id DESC LIMIT 1";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = measurementId.ToString();
            command.Parameters.Add(parameter);
            var state = await command.ExecuteScalarAsync() as string;
            // Hangfire records the state just after the job method returns.
            if (state is "Succeeded" or "Scheduled" or "Failed" || attempt == 50)
            {
                return state;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// An EC-Lab text export without header block: constant-current halves of ±0.3 mA between 3.0 and 4.2 V, each
    /// cycle's discharge 1 % shorter; <paramref name="badRow"/> (from 0) gets an unreadable voltage.
    /// </summary>
    private static byte[] GcplText(int rows, int cycles, int? badRow)
    {
        var text = new StringBuilder(rows * 48);
        text.Append("mode\ttime/s\tEwe/V\tI/mA\tcycle number\tQ charge/discharge/mA.h\n");
        int perHalf = rows / (2 * cycles);
        double time = 0;
        for (int i = 0; i < rows; i++)
        {
            int half = Math.Min(2 * cycles - 1, i / perHalf);
            int k = i - half * perHalf;
            bool charge = half % 2 == 0;
            double dt = charge ? 2.0 : 2.0 * (1 - 0.01 * (half / 2));
            time += dt;
            double q = (charge ? 1 : -1) * 0.3 * dt * (k + 1) / 3600;
            double x = (double)k / perHalf;
            double v = charge ? 3.0 + 1.2 * x : 4.2 - 1.2 * x;
            string voltage = i == badRow ? "4.1x" : v.ToString("R", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"1\t{time:R}\t{voltage}\t{(charge ? 0.3 : -0.3)}\t{half / 2}\t{q:R}\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}

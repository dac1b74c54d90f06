using System.Net;
using System.Security.Cryptography;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>Uploads through the multipart API, parsed by the in-process worker, stored in bulk, raw files kept.</summary>
[Collection(PortalCollection.Name)]
public sealed class MeasurementUploadTests(PortalApp app)
{
    private const string CyclingFile = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";

    [Fact]
    public async Task Upload_BioLogicMpr_IsParsedAndStoredInChunks()
    {
        var (client, cellId) = await NewCellAsync();
        var bytes = TestFiles.Bytes(CyclingFile);

        var result = await client.UploadAsync($"cell:{cellId}", (CyclingFile, bytes));
        var item = Assert.Single(result.Items);
        Assert.False(item.Duplicate);
        Assert.Null(item.Error);
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);

        Assert.True(done.State == "Done", done.Error);
        Assert.Equal("biologic-mpr", done.Format);
        Assert.Equal("Cycling", done.Technique);
        Assert.Equal(46102, done.Rows);
        Assert.Equal(cellId, done.CellId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), done.Sha256);
        var columns = await client.GetAsync<List<ColumnView>>($"/api/measurements/{done.Id}/columns");
        var voltage = columns.First(c => c.Quantity == "VoltageV");
        Assert.Equal("V", voltage.Unit);
        var values = await client.GetAsync<double[]>($"/api/measurements/{done.Id}/series?column={voltage.Index}");
        Assert.Equal(46102, values.Length);
        Assert.InRange(values.Max(), 3.7, 3.9);

        // Bulk storage: one row per 65,536 values of a column, never one per point.
        await using var db = await app.OpenDbAsync(client.Team.Id);
        var chunks = await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id);
        Assert.Equal(columns.Count, chunks);
    }

    [Fact]
    public async Task Upload_CyclingFile_GetsItsCycleSummaryAndCurves()
    {
        var (client, cellId) = await NewCellAsync();
        var item = (await client.UploadAsync($"cell:{cellId}", (CyclingFile, TestFiles.Bytes(CyclingFile)))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        Assert.True(done.State == "Done", done.Error);

        var cycles = await client.GetAsync<List<CycleView>>($"/api/measurements/{done.Id}/cycles");
        var curves = await client.GetAsync<List<CurveView>>($"/api/measurements/{done.Id}/curves?cycles=2");
        var info = await client.GetAsync<HalidePortal.Domain.Measurements.CyclingSummaryInfo>($"/api/measurements/{done.Id}/cycling");

        // Reference: navani's reading of this file (issue 3); cycle 1 is the opening discharge alone.
        Assert.Equal([0.2065, 0.8529, 0.8763], cycles.Take(3).Select(c => Math.Round(c.DischargeMah, 4)));
        Assert.Equal(Enumerable.Range(1, cycles.Count), cycles.Select(c => c.Cycle));
        Assert.Contains(curves, c => c.Cycle == 2 && c.Kind == "discharge" && c.VoltageV.Length > 10 && c.DqDvMAhPerV.Length > 10);
        Assert.All(curves, c => Assert.Equal(2, c.Cycle));
        Assert.False(string.IsNullOrEmpty(info.AlgorithmVersion));
    }

    [Fact]
    public async Task Upload_SameFileTwice_IsReportedAsDuplicateWithLink()
    {
        var (client, cellId) = await NewCellAsync();
        var bytes = TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt");
        var first = (await client.UploadAsync($"cell:{cellId}", ("a.mpt", bytes))).Items[0];

        var second = (await client.UploadAsync($"cell:{cellId}", ("renamed.mpt", bytes))).Items[0];

        Assert.True(second.Duplicate);
        Assert.Equal(first.MeasurementId, second.MeasurementId);
        Assert.Equal($"/measurements/{first.MeasurementId}", second.Url);
        var list = await client.GetAsync<List<MeasurementView>>($"/api/measurements/?cellId={cellId}");
        Assert.Single(list);
    }

    [Fact]
    public async Task Upload_RandomBytesNamedNdax_FailsWithReasonAndKeepsRawFile()
    {
        var (client, cellId) = await NewCellAsync();
        var junk = RandomNumberGenerator.GetBytes(10_000);

        var item = (await client.UploadAsync($"cell:{cellId}", ("run.ndax", junk))).Items[0];
        var failed = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);

        Assert.Equal("Failed", failed.State);
        Assert.Contains("run.ndax", failed.Error, StringComparison.Ordinal);
        Assert.Contains("not a format the portal reads", failed.Error, StringComparison.Ordinal);
        Assert.Equal(0, failed.Rows);
        await using (var db = await app.OpenDbAsync(client.Team.Id))
        {
            Assert.False(await db.SeriesChunks.AnyAsync(c => c.MeasurementId == failed.Id));
            Assert.False(await db.MeasurementColumns.AnyAsync(c => c.MeasurementId == failed.Id));
        }
        using var raw = await client.GetAsync($"/api/measurements/{failed.Id}/raw");
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(junk, await raw.Content.ReadAsByteArrayAsync());
        Assert.Equal("run.ndax", raw.Content.Headers.ContentDisposition?.FileNameStar ?? raw.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task Upload_SeveralFiles_BadOnesFailAloneWithTheirReasons()
    {
        var (client, cellId) = await NewCellAsync();
        var good = TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt");
        var text = System.Text.Encoding.ASCII.GetString(TestFiles.Bytes("pyprobe__Sample_data_biologic_no_header.mpt"));
        var lines = text.Split('\n');
        lines[5] = lines[5].Replace("\t", "\tabc", StringComparison.Ordinal);
        var badNumber = System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines));
        var truncated = TestFiles.Bytes(CyclingFile)[..5000];

        var result = await client.UploadAsync($"cell:{cellId}", ("good.mpt", good), ("empty.mpr", []), ("bad-number.mpt", badNumber), ("cut.mpr", truncated));

        Assert.Equal(4, result.Items.Count);
        var states = new Dictionary<string, MeasurementView>();
        foreach (var item in result.Items)
        {
            states[item.FileName] = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        }
        Assert.Equal("Done", states["good.mpt"].State);
        Assert.Equal("Failed", states["empty.mpr"].State);
        Assert.Contains("empty.mpr: the file is empty", states["empty.mpr"].Error, StringComparison.Ordinal);
        Assert.Equal("Failed", states["bad-number.mpt"].State);
        Assert.Contains("bad-number.mpt", states["bad-number.mpt"].Error, StringComparison.Ordinal);
        Assert.Contains("line 6", states["bad-number.mpt"].Error, StringComparison.Ordinal);
        Assert.Equal("Failed", states["cut.mpr"].State);
        Assert.StartsWith("cut.mpr:", states["cut.mpr"].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bomb.xlsx")]
    [InlineData("bomb.ndax")]
    public async Task Upload_CompressedBomb_FailsWithReasonAndNoRows(string name)
    {
        var (client, cellId) = await NewCellAsync();
        var bomb = CompressedBomb(name.EndsWith(".xlsx", StringComparison.Ordinal) ? "xl/worksheets/sheet1.xml" : "data.ndc");

        var item = (await client.UploadAsync($"cell:{cellId}", (name, bomb))).Items[0];
        var failed = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);

        Assert.Equal("Failed", failed.State);
        Assert.StartsWith(name + ":", failed.Error, StringComparison.Ordinal);
        Assert.Contains("bomb", failed.Error, StringComparison.OrdinalIgnoreCase);
        await using var db = await app.OpenDbAsync(client.Team.Id);
        Assert.False(await db.SeriesChunks.AnyAsync(c => c.MeasurementId == failed.Id));
    }

    /// <summary>A small zip whose one entry inflates to 256 MiB of zeros, named like the format's own entry.</summary>
    private static byte[] CompressedBomb(string entryName)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            if (entryName.StartsWith("xl/", StringComparison.Ordinal))
            {
                using var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using var entry = zip.CreateEntry(entryName, System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++)
            {
                entry.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Upload_LargerThanLimit_IsRefusedForThatFileOnly()
    {
        var (client, cellId) = await NewCellAsync();
        var huge = new byte[PortalFactory.MaxFileBytes + 1];

        var result = await client.UploadAsync($"cell:{cellId}", ("huge.bin", huge), ("ok.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")));

        Assert.Null(result.Items[0].MeasurementId);
        Assert.Contains("huge.bin", result.Items[0].Error, StringComparison.Ordinal);
        Assert.Contains("limit", result.Items[0].Error, StringComparison.Ordinal);
        Assert.NotNull(result.Items[1].MeasurementId);
        Assert.Single(await client.GetAsync<List<MeasurementView>>($"/api/measurements/?cellId={cellId}"));
    }

    [Fact]
    public async Task Upload_BadAttachOrViewer_IsRefused()
    {
        var (owner, cellId) = await NewCellAsync();
        var viewer = await app.AddUserAsync(owner.Team, TeamRole.Viewer);
        var file = new[] { ("x.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")) };

        using var bad = await owner.PostFilesAsync("flask:123", file);
        using var missing = await owner.PostFilesAsync($"cell:{Guid.NewGuid()}", file);
        using var refused = await viewer.PostFilesAsync($"cell:{cellId}", file);
        using var badNumber = await owner.PostFilesAsync($"cell:{cellId}", file, new Dictionary<string, string> { ["temperatureC"] = "25,5" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("attach", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Contains("temperatureC", await badNumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await owner.GetAsync<List<MeasurementView>>($"/api/measurements/?cellId={cellId}"));
    }

    [Fact]
    public async Task Job_RunTwice_NeverDuplicatesRows()
    {
        var (client, cellId) = await NewCellAsync();
        var item = (await client.UploadAsync($"cell:{cellId}", ("twice.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        await using var db = await app.OpenDbAsync(client.Team.Id);
        int chunks = await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id);
        int columns = await db.MeasurementColumns.CountAsync(c => c.MeasurementId == done.Id);

        // As Hangfire would after a worker died mid-job, or a duplicated enqueue.
        var jobs = app.Services.GetRequiredService<IMeasurementJobs>();
        await jobs.ProcessAsync(done.Id, CancellationToken.None);
        await jobs.ProcessAsync(done.Id, CancellationToken.None);

        Assert.Equal(chunks, await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id));
        Assert.Equal(columns, await db.MeasurementColumns.CountAsync(c => c.MeasurementId == done.Id));
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(done.Id)).State);
    }

    [Fact]
    public async Task SeriesStore_ColumnOverSeveralChunks_ReadsBackExactly()
    {
        var (client, cellId) = await NewCellAsync();
        var item = (await client.UploadAsync($"cell:{cellId}", ("chunks.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        // Two full chunks and a partial third, written from one array (segments, not copies).
        var values = Enumerable.Range(0, 2 * SeriesChunk.Length + 1234).Select(i => Math.Sin(i * 1e-3) + i).ToArray();
        var other = Enumerable.Range(0, values.Length).Select(i => -0.5 * i).ToArray();

        await using var db = await app.OpenDbAsync(client.Team.Id);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await SeriesStore.WriteColumnsAsync(db, done.Id, client.Team.Id,
                [new ColumnValues("time", "s", "TimeS", values), new ColumnValues("Ewe", "V", "VoltageV", other)], null, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(6, await db.SeriesChunks.CountAsync(c => c.MeasurementId == done.Id));
        Assert.Equal(values, await SeriesStore.ReadColumnAsync(db, done.Id, 0, CancellationToken.None));
        Assert.Equal(other, await SeriesStore.ReadColumnAsync(db, done.Id, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Reprocess_FailedFile_RunsAgainOnTheSameRawBytes()
    {
        var (client, cellId) = await NewCellAsync();
        var item = (await client.UploadAsync($"cell:{cellId}", ("e.mpr", []))).Items[0];
        var failed = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
        Assert.Equal("Failed", failed.State);

        using var response = await client.PostAsync($"/api/measurements/{failed.Id}/reprocess", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await client.WaitForMeasurementAsync(failed.Id);

        Assert.Equal("Failed", again.State);
        Assert.Equal(failed.Sha256, again.Sha256);
    }

    private async Task<(PortalClient Client, Guid CellId)> NewCellAsync()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var cell = await client.AddCellAsync(sample.Id);
        return (client, cell.Id);
    }
}

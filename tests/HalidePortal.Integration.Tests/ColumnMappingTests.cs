using System.Net;
using System.Net.Http.Json;
using System.Text;
using HalidePortal.Domain.Teams;
using HalidePortal.Ingest;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// The generic delimited-text import end to end: unknown text fails with a hint, a saved mapping parses it again,
/// the next file with the same header is read with the mapping straight away, and other teams see none of it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ColumnMappingTests(PortalApp app)
{
    private const string Logger = PortalClient.LoggerFile;

    private async Task<(PortalClient Client, Guid CellId)> NewCellAsync(TeamRole role = TeamRole.Owner)
    {
        var client = await app.CreateTeamWithUserAsync(role);
        var sample = await client.CreateSampleAsync();
        var cell = await client.AddCellAsync(sample.Id);
        return (client, cell.Id);
    }

    /// <summary>The logger file with other numbers (and one more preamble line), so its bytes differ but its header does not.</summary>
    private static byte[] SameHeaderOtherRun() => Encoding.UTF8.GetBytes(
        "Messprotokoll;Zelle 8\r\nProbe;LZC-03\r\nBediener;AK\r\nKommentar;zweiter Lauf\r\n\r\n" +
        "Zeitpunkt;Spannung [mV];Strom [A];Ladung [Ah];Temperatur [°C];Status\r\n" +
        "26.11.2026 09:00:00;3700,0;0,00200;0,0000000;30,0;CHG\r\n" +
        "26.11.2026 09:01:00;3710,0;0,00200;0,0000333;30,0;CHG\r\n" +
        "26.11.2026 09:02:00;3720,0;0,00200;0,0000667;30,1;CHG\r\n");

    private async Task<MeasurementView> UploadAndWaitAsync(PortalClient client, Guid cellId, string name, byte[] bytes)
    {
        var item = (await client.UploadAsync($"cell:{cellId}", (name, bytes))).Items[0];
        return await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
    }

    private static async Task<double[]> SeriesAsync(PortalClient client, Guid id, string quantity)
    {
        var columns = await client.GetAsync<List<ColumnView>>($"/api/measurements/{id}/columns");
        var column = columns.Single(c => c.Quantity == quantity);
        return await client.GetAsync<double[]>($"/api/measurements/{id}/series?column={column.Index}");
    }

    [Fact]
    public async Task Upload_UnrecognisedDelimitedText_FailsWithTheMappingHint()
    {
        var (client, cellId) = await NewCellAsync();

        var failed = await UploadAndWaitAsync(client, cellId, Logger, TestFiles.Unique(Logger));

        Assert.Equal("Failed", failed.State);
        Assert.StartsWith($"{Logger}: not a format the portal reads", failed.Error, StringComparison.Ordinal);
        Assert.Contains("columns can be mapped on the measurement page", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_LoggerFile_ShowsLayoutAndGuesses()
    {
        var (client, cellId) = await NewCellAsync();
        var failed = await UploadAndWaitAsync(client, cellId, Logger, TestFiles.Unique(Logger));

        var preview = await client.GetAsync<MeasurementPreview>($"/api/measurements/{failed.Id}/preview");

        Assert.Equal((5, 6, ";", true), (preview.HeaderLine, preview.FirstDataLine, preview.Delimiter, preview.DecimalComma));
        Assert.Equal("zeitpunkt|spannung [mv]|strom [a]|ladung [ah]|temperatur [°c]|status", preview.Signature);
        Assert.Equal(Technique.Cycling, preview.SuggestedTechnique);
        Assert.Equal([Quantity.TimeS, Quantity.VoltageV, Quantity.CurrentMA, Quantity.CapacityMAh, Quantity.TemperatureC, null], preview.Columns.Select(c => c.Quantity));
        Assert.Equal("mV", preview.Columns[1].Unit);
        Assert.Equal(6, preview.Rows.Count);
        Assert.Equal("3812,5", preview.Rows[0][1]);
        Assert.Empty(preview.Matching);
    }

    [Fact]
    public async Task SaveMapping_FailedMeasurement_IsParsedAgainInCanonicalUnits()
    {
        var (client, cellId) = await NewCellAsync();

        var saved = await client.MapLoggerFileAsync($"cell:{cellId}", "Lab logger");
        var done = await client.GetAsync<MeasurementView>($"/api/measurements/{saved.Measurement.Id}");

        Assert.True(done.State == "Done", done.Error);
        Assert.Equal("mapped-text", done.Format);
        Assert.Equal("Cycling", done.Technique);
        Assert.Equal(6, done.Rows);
        Assert.Equal("Lab logger", done.Metadata[MetadataKeys.ColumnMapping]);
        Assert.Equal("2026-11-25T10:00:00.000", done.Metadata[MetadataKeys.StartTime]);
        Assert.Equal([3.8125, 3.815, 3.8172, 3.8191, 3.795, 3.7904], (await SeriesAsync(client, done.Id, "VoltageV")).Select(v => Math.Round(v, 6)));
        Assert.Equal([1, 1, 1, 1, -1, -1], (await SeriesAsync(client, done.Id, "CurrentMA")).Select(v => Math.Round(v, 9)));
        var time = await SeriesAsync(client, done.Id, "TimeS");
        Assert.Equal([0, 10, 20, 30, 40, 50], time);
        Assert.Contains(done.Warnings, w => w.Contains("\"Status\"", StringComparison.Ordinal));
        var list = await client.GetAsync<List<ColumnMappingView>>("/api/column-mappings/");
        var mapping = Assert.Single(list);
        Assert.Equal(("Lab logger", Technique.Cycling, ";", true), (mapping.Name, mapping.Technique, mapping.Delimiter, mapping.DecimalComma));
        Assert.Equal(client.UserName, mapping.CreatedBy);
    }

    [Fact]
    public async Task Upload_SameHeaderAsAMapping_IsParsedWithItDirectly()
    {
        var (client, cellId) = await NewCellAsync();
        await client.MapLoggerFileAsync($"cell:{cellId}", "Lab logger");

        var done = await UploadAndWaitAsync(client, cellId, "second-run.csv", SameHeaderOtherRun());

        Assert.True(done.State == "Done", done.Error);
        Assert.Equal("mapped-text", done.Format);
        Assert.Equal("Lab logger", done.Metadata[MetadataKeys.ColumnMapping]);
        Assert.Equal([3.7, 3.71, 3.72], (await SeriesAsync(client, done.Id, "VoltageV")).Select(v => Math.Round(v, 6)));
        var time = await SeriesAsync(client, done.Id, "TimeS");
        Assert.Equal([0, 60, 120], time);
        var preview = await client.GetAsync<MeasurementPreview>($"/api/measurements/{done.Id}/preview");
        Assert.Equal("Lab logger", Assert.Single(preview.Matching).Name);
    }

    [Fact]
    public async Task SaveMapping_FileItsParserRefuses_IsReadWithTheMapping()
    {
        // cellpy's "custom" CSV is recognised only to be refused (it names no units); the user knows them.
        const string Custom = "cellpy__custom_data_001.csv";
        var (client, cellId) = await NewCellAsync();
        var refused = await UploadAndWaitAsync(client, cellId, Custom, TestFiles.Unique(Custom));
        Assert.Equal("Failed", refused.State);
        Assert.Contains("cellpy \"custom\" CSV", refused.Error, StringComparison.Ordinal);
        var preview = await client.GetAsync<MeasurementPreview>($"/api/measurements/{refused.Id}/preview");
        var units = new Dictionary<string, (Quantity Quantity, string Unit)>(StringComparer.Ordinal)
        {
            ["test_time"] = (Quantity.TimeS, "s"),
            ["step"] = (Quantity.StepNumber, ""),
            ["cycle"] = (Quantity.CycleNumber, ""),
            ["current"] = (Quantity.CurrentMA, "mA"),
            ["voltage"] = (Quantity.VoltageV, "V"),
            ["charge_capacity"] = (Quantity.ChargeCapacityMAh, "mAh"),
            ["discharge_Capacity"] = (Quantity.DischargeCapacityMAh, "mAh"),
        };
        var choices = preview.Columns.Select(c => units.TryGetValue(c.Header, out var u) ? new ColumnChoice(c.Index, u.Quantity, u.Unit) : new ColumnChoice(c.Index, null)).ToList();

        await client.PostAsync("/api/column-mappings", new ColumnMappingInput("cellpy custom", refused.Id, Technique.Cycling, choices));
        var done = await client.WaitForMeasurementAsync(refused.Id);

        Assert.True(done.State == "Done", done.Error);
        Assert.Equal(("mapped-text", 2442), (done.Format, done.Rows));
        Assert.Equal("cellpy custom", done.Metadata[MetadataKeys.ColumnMapping]);
        var voltage = await SeriesAsync(client, done.Id, "VoltageV");
        Assert.Equal((1.14, 2.93), (voltage[0], voltage[^1]));
        var time = await SeriesAsync(client, done.Id, "TimeS");
        Assert.Equal((120.0, 142455.05), (time[0], time[^1]));
    }

    [Fact]
    public async Task OtherTeam_NeitherSeesNorUsesTheMapping()
    {
        var (alice, aliceCell) = await NewCellAsync();
        var (bob, bobCell) = await NewCellAsync();
        var alices = await alice.MapLoggerFileAsync($"cell:{aliceCell}");

        var bobsUpload = await UploadAndWaitAsync(bob, bobCell, "second-run.csv", SameHeaderOtherRun());

        Assert.Equal("Failed", bobsUpload.State);
        Assert.Empty(await bob.GetAsync<List<ColumnMappingView>>("/api/column-mappings/"));
        using var delete = await bob.DeleteAsync($"/api/column-mappings/{alices.Mapping.Id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        using var preview = await bob.GetAsync($"/api/measurements/{alices.Measurement.Id}/preview");
        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
        // A mapping posted against Alice's measurement is refused as if it did not exist.
        var choices = Enumerable.Range(0, 6).Select(i => new ColumnChoice(i, i == 1 ? Quantity.VoltageV : null, i == 1 ? "mV" : null)).ToList();
        using var post = await bob.PostAsync("/api/column-mappings", new ColumnMappingInput("stolen", alices.Measurement.Id, Technique.Cycling, choices));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Single(await alice.GetAsync<List<ColumnMappingView>>("/api/column-mappings/"));
    }

    [Fact]
    public async Task SaveMapping_UnitForeignToQuantity_Returns400OnThatColumn()
    {
        var (client, cellId) = await NewCellAsync();
        var failed = await UploadAndWaitAsync(client, cellId, Logger, TestFiles.Unique(Logger));
        var choices = Enumerable.Range(0, 6).Select(i => new ColumnChoice(i, i == 1 ? Quantity.VoltageV : null, i == 1 ? "kV" : null)).ToList();

        using var response = await client.PostAsync("/api/column-mappings", new ColumnMappingInput("bad", failed.Id, Technique.Cycling, choices));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>(Json.Options);
        Assert.Contains("\"kV\" is not a unit of voltage", Assert.Single(problem!.Errors["columns[1]"]), StringComparison.Ordinal);
        Assert.Empty(await client.GetAsync<List<ColumnMappingView>>("/api/column-mappings/"));
        Assert.Equal("Failed", (await client.GetAsync<MeasurementView>($"/api/measurements/{failed.Id}")).State);
    }

    [Fact]
    public async Task DeleteMapping_NextUploadFailsAgain()
    {
        var (client, cellId) = await NewCellAsync();
        var saved = await client.MapLoggerFileAsync($"cell:{cellId}");

        using var delete = await client.DeleteAsync($"/api/column-mappings/{saved.Mapping.Id}");
        var next = await UploadAndWaitAsync(client, cellId, "second-run.csv", SameHeaderOtherRun());

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal("Failed", next.State);
        Assert.Equal("Done", (await client.GetAsync<MeasurementView>($"/api/measurements/{saved.Measurement.Id}")).State);
    }

    [Fact]
    public async Task SaveMapping_Viewer_Returns403()
    {
        var (owner, cellId) = await NewCellAsync();
        var failed = await UploadAndWaitAsync(owner, cellId, Logger, TestFiles.Unique(Logger));
        var viewer = await app.AddUserAsync(owner.Team, TeamRole.Viewer);
        var choices = Enumerable.Range(0, 6).Select(i => new ColumnChoice(i, i == 1 ? Quantity.VoltageV : null, "mV")).ToList();

        using var response = await viewer.PostAsync("/api/column-mappings", new ColumnMappingInput("viewer's", failed.Id, Technique.Cycling, choices));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

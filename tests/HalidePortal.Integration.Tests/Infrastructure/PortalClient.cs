using System.Net;
using System.Net.Http.Json;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>One team's records of every kind the API addresses by id.</summary>
public sealed record TeamRecords(
    Guid CompositionId, Guid PrecursorId, Guid SampleId, Guid DeletedSampleId, Guid RecipeId, Guid PelletId, Guid CellId, Guid TokenId,
    Guid DeletedCompositionId, Guid DeletedPrecursorId, Guid DeletedPelletId, Guid DeletedCellId, Guid MemberId, Guid MeasurementId,
    Guid ColumnMappingId, Guid DeletedMeasurementId, Guid AnalysisRunId, Guid ReferencePatternId, Guid DeletedReferencePatternId,
    Guid LiteratureId, Guid DashboardId, Guid DashboardPanelId, Guid DashboardShareId, Guid DeletedDashboardId);

/// <summary>One user of one team, driving the API over HTTP with a personal token; intent methods fail on any non-success.</summary>
public sealed class PortalClient(HttpClient http, TeamHandle team, Guid userId, string userName, Guid tokenId)
{
    public HttpClient Http => http;
    public TeamHandle Team => team;
    public Guid UserId => userId;
    public string UserName => userName;
    /// <summary>The token this client authenticates with.</summary>
    public Guid TokenId => tokenId;

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(new Uri(url, UriKind.Relative));

    public Task<HttpResponseMessage> PostAsync(string url, object? body) =>
        http.PostAsJsonAsync(new Uri(url, UriKind.Relative), body, Json.Options);

    public Task<HttpResponseMessage> PutAsync(string url, object body) =>
        http.PutAsJsonAsync(new Uri(url, UriKind.Relative), body, Json.Options);

    public Task<HttpResponseMessage> DeleteAsync(string url) => http.DeleteAsync(new Uri(url, UriKind.Relative));

    public async Task<T> GetAsync<T>(string url) => await Json.ReadAsync<T>(await GetAsync(url));

    public async Task<CompositionView> CreateCompositionAsync(string formula = "Li2ZrCl6", string? name = null) =>
        await Json.ReadAsync<CompositionView>(await PostAsync("/api/compositions", new CompositionInput(name ?? "C-" + Unique.Id(), formula)));

    public async Task<PrecursorView> CreatePrecursorAsync(string formula = "LiCl", double? purityPercent = null) =>
        await Json.ReadAsync<PrecursorView>(await PostAsync("/api/precursors", new PrecursorInput(formula, PurityPercent: purityPercent)));

    /// <summary>A reference pattern of three reflections given at Cu K-alpha1 (or <paramref name="text"/>).</summary>
    public async Task<ReferencePhaseView> CreateReferencePatternAsync(string? name = null, string text = "16.19 100 110\n28.24 60 300\n32.80 20 301") =>
        await Json.ReadAsync<ReferencePhaseView>(await PostAsync("/api/reference-patterns", new ReferencePhaseInput(name ?? "R-" + Unique.Id(), "integration tests", null, text)));

    /// <summary>A sample with <see cref="TestRecipes.Standard"/> (or <paramref name="recipe"/>); a new Li2ZrCl6 composition unless one is given.</summary>
    public async Task<SampleDetail> CreateSampleAsync(Guid? compositionId = null, RecipeDto? recipe = null, string? notes = null)
    {
        var input = new SampleInput
        {
            Code = "S-" + Unique.Id(),
            CompositionId = compositionId ?? (await CreateCompositionAsync()).Id,
            SynthesisDate = new DateOnly(2026, 3, 2),
            Operator = userName,
            Notes = notes,
            Recipe = recipe ?? TestRecipes.Standard(),
        };
        return await Json.ReadAsync<SampleDetail>(await PostAsync("/api/samples", input));
    }

    public async Task<SampleDetail> GetSampleAsync(Guid id) => await GetAsync<SampleDetail>($"/api/samples/{id}");

    public async Task<SampleDetail> UpdateSampleAsync(Guid id, SampleInput input) =>
        await Json.ReadAsync<SampleDetail>(await PutAsync($"/api/samples/{id}", input));

    public async Task DeleteSampleAsync(Guid id) => await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/samples/{id}"));

    public async Task<IReadOnlyList<HistoryView>> SampleHistoryAsync(Guid id) => await GetAsync<List<HistoryView>>($"/api/samples/{id}/history");

    public async Task<PelletView> AddPelletAsync(Guid sampleId, PelletInput? input = null) =>
        await Json.ReadAsync<PelletView>(await PostAsync($"/api/samples/{sampleId}/pellets", input ?? TestRecords.Pellet()));

    public async Task<CellView> AddCellAsync(Guid sampleId, CellInput? input = null) =>
        await Json.ReadAsync<CellView>(await PostAsync($"/api/samples/{sampleId}/cells", input ?? TestRecords.Cell()));

    public async Task<NewApiToken> CreateTokenAsync(string name = "script") =>
        await Json.ReadAsync<NewApiToken>(await PostAsync("/api/me/tokens", new TokenRequest(name)));

    /// <summary>One record of each kind: a composition, a precursor, a sample with recipe, pellet and cell, a deleted sample and a spare token.</summary>
    public async Task<TeamRecords> CreateOneOfEachAsync()
    {
        var composition = await CreateCompositionAsync();
        var precursor = await CreatePrecursorAsync();
        var sample = await CreateSampleAsync(composition.Id);
        var pellet = await AddPelletAsync(sample.Id);
        var cell = await AddCellAsync(sample.Id);
        var deleted = await CreateSampleAsync(composition.Id);
        await DeleteSampleAsync(deleted.Id);
        var token = await CreateTokenAsync();
        var deletedComposition = await CreateCompositionAsync();
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/compositions/{deletedComposition.Id}"));
        var deletedPrecursor = await CreatePrecursorAsync();
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/precursors/{deletedPrecursor.Id}"));
        var deletedPellet = await AddPelletAsync(sample.Id);
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/pellets/{deletedPellet.Id}"));
        var deletedCell = await AddCellAsync(sample.Id);
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/cells/{deletedCell.Id}"));
        var member = await AddMemberAsync();
        // A file only this team has (its own bytes appended), so it is never a duplicate of another team's upload.
        var upload = await UploadAsync($"cell:{cell.Id}", ("ocv.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")));
        var measurement = await WaitForMeasurementAsync(upload.Items[0].MeasurementId!.Value);
        var mapping = await MapLoggerFileAsync($"cell:{cell.Id}");
        var gone = (await UploadAsync($"cell:{cell.Id}", ("gone.mpt", TestFiles.Unique("pyprobe__Sample_data_biologic_no_header.mpt")))).Items[0].MeasurementId!.Value;
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/measurements/{gone}"));
        var analysis = await Json.ReadAsync<AnalysisRunView>(await PostAsync($"/api/measurements/{measurement.Id}/analyses", new AnalysisRequest("LsvOnset", null)));
        var reference = await CreateReferencePatternAsync();
        var deletedReference = await CreateReferencePatternAsync();
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/reference-patterns/{deletedReference.Id}"));
        var literature = await Json.ReadAsync<LiteratureView>(await PostAsync("/api/literature",
            new LiteratureInput { Name = "L-" + Unique.Id(), Formula = "Li2ZrCl6", ConductivitySPerCm = 3.97e-4, Doi = "10.1039/D6SC04008J" }));
        var dashboard = await Json.ReadAsync<DashboardView>(await PostAsync("/api/dashboards", new DashboardInput("D-" + Unique.Id(), null)));
        dashboard = await Json.ReadAsync<DashboardView>(await PostAsync($"/api/dashboards/{dashboard.Id}/panels",
            new DashboardPanelInput(HalidePortal.Domain.Dashboards.DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] })));
        var share = await Json.ReadAsync<CreatedDashboardShare>(await PostAsync($"/api/dashboards/{dashboard.Id}/shares", new DashboardShareInput("review", null)));
        var deletedDashboard = await Json.ReadAsync<DashboardView>(await PostAsync("/api/dashboards", new DashboardInput("D-" + Unique.Id(), null)));
        await ExpectAsync(HttpStatusCode.NoContent, await DeleteAsync($"/api/dashboards/{deletedDashboard.Id}"));
        return new TeamRecords(composition.Id, precursor.Id, sample.Id, deleted.Id, sample.Recipe!.Id!.Value, pellet.Id, cell.Id, token.Token.Id,
            deletedComposition.Id, deletedPrecursor.Id, deletedPellet.Id, deletedCell.Id, member.UserId, measurement.Id, mapping.Mapping.Id, gone, analysis.Id,
            reference.Id, deletedReference.Id, literature.Id, dashboard.Id, dashboard.Panels[0].Id, share.Share.Id, deletedDashboard.Id);
    }

    /// <summary>The delimited logger export no parser knows (its own bytes, so never a duplicate).</summary>
    public const string LoggerFile = "own_mapped_logger.csv";

    /// <summary>
    /// Uploads <see cref="LoggerFile"/>, which fails as unknown text, saves a column mapping for it as the form guesses
    /// it (the text status column kept as Other), and waits until the file is parsed again with the mapping.
    /// </summary>
    public async Task<ColumnMappingSaved> MapLoggerFileAsync(string attach, string? name = null)
    {
        var upload = await UploadAsync(attach, (LoggerFile, TestFiles.Unique(LoggerFile)));
        var failed = await WaitForMeasurementAsync(upload.Items[0].MeasurementId!.Value);
        var preview = await GetAsync<MeasurementPreview>($"/api/measurements/{failed.Id}/preview");
        var input = new ColumnMappingInput(name ?? "Logger " + Unique.Id(), failed.Id, HalidePortal.Ingest.Technique.Cycling,
            preview.Columns.Select(c => new ColumnChoice(c.Index, c.Quantity ?? HalidePortal.Ingest.Quantity.Other, c.Unit)).ToList());
        var saved = await Json.ReadAsync<ColumnMappingSaved>(await PostAsync("/api/column-mappings", input));
        await WaitForMeasurementAsync(failed.Id);
        return saved;
    }

    /// <summary>Uploads files through the multipart API, attached to "cell:ID", "pellet:ID" or "sample:ID".</summary>
    public async Task<HttpResponseMessage> PostFilesAsync(string attach, IReadOnlyList<(string Name, byte[] Bytes)> files,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(attach), "attach");
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), key);
        }
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "files", name);
        }
        return await http.PostAsync(new Uri("/api/measurements", UriKind.Relative), form);
    }

    public async Task<UploadResult> UploadAsync(string attach, params (string Name, byte[] Bytes)[] files) =>
        await Json.ReadAsync<UploadResult>(await PostFilesAsync(attach, files));

    /// <summary>Polls the measurement until the worker has finished it (Done or Failed).</summary>
    public async Task<MeasurementView> WaitForMeasurementAsync(Guid id, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var view = await GetAsync<MeasurementView>($"/api/measurements/{id}");
            if (view.IsFinal)
            {
                return view;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"measurement {id} still {view.State} after {timeoutSeconds} s");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A new Viewer account added to this client's team (the client must be its Owner).</summary>
    public async Task<TeamMemberView> AddMemberAsync(HalidePortal.Domain.Teams.TeamRole role = HalidePortal.Domain.Teams.TeamRole.Viewer) =>
        await Json.ReadAsync<TeamMemberView>(await PostAsync("/api/team/members", new MemberInput
        {
            Email = $"member-{Unique.Id()}@lab.test", DisplayName = "Member", Role = role, InitialPassword = "Member-pass-2026!",
        }));

    private static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"expected {(int)expected}: " + await Json.DescribeAsync(response));
        }
    }
}

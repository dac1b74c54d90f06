using System.Net;
using System.Net.Http.Json;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// A team never sees or touches another team's records: every /api endpoint that takes an id answers 404 for
/// the other team's ids. The endpoints come from the app's own routing table, so a new one is covered
/// (or fails here, until ApiSurface learns how to fill its ids) without anyone remembering to add it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TeamIsolationTests(PortalApp app)
{
    [Fact]
    public void ApiSurface_EveryIdEndpoint_IsUnderstood()
    {
        var (endpoints, problems) = ApiSurface.IdEndpoints(app.Services);

        Assert.Empty(problems);
        // Guards the discovery itself: an empty table would make the isolation test pass vacuously.
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} id endpoints found: {string.Join(", ", endpoints)}");
        Assert.Contains(endpoints, e => e.Pattern == "/api/recipes/compare");
    }

    [Fact]
    public async Task AnyIdEndpoint_OtherTeamsRecords_Returns404AndChangesNothing()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var bob = await app.CreateTeamWithUserAsync();
        var alices = await alice.CreateOneOfEachAsync();
        var bobs = await bob.CreateOneOfEachAsync();
        var before = await SnapshotAsync(bob, bobs);
        var (endpoints, problems) = ApiSurface.IdEndpoints(app.Services);
        Assert.Empty(problems);

        var leaks = new List<string>();
        foreach (var endpoint in endpoints)
        {
            // Every id Bob's; and where an endpoint takes several, each one of Bob's beside Alice's own.
            var variants = new List<Func<string, RecordKind, Guid>> { (_, kind) => Id(bobs, kind) };
            if (endpoint.Ids.Count > 1)
            {
                variants.AddRange(endpoint.Ids.Select(target =>
                    (Func<string, RecordKind, Guid>)((name, kind) => Id(name == target.Name ? bobs : alices, kind))));
            }
            foreach (var idOf in variants)
            {
                using var response = await SendAsync(alice, endpoint, idOf, alices);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    leaks.Add(await Json.DescribeAsync(response));
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.Equal(before, await SnapshotAsync(bob, bobs));
    }

    [Fact]
    public async Task AnyIdEndpoint_OwnRecords_Succeeds()
    {
        // The control for the test above: the same requests with the caller's own ids get through,
        // so its 404s come from team scoping and not from a malformed request.
        var alice = await app.CreateTeamWithUserAsync();
        var alices = await alice.CreateOneOfEachAsync();
        var (endpoints, _) = ApiSurface.IdEndpoints(app.Services);

        var failures = new List<string>();
        foreach (var endpoint in endpoints.OrderBy(e => e.Method == "DELETE"))
        {
            using var response = await SendAsync(alice, endpoint, (_, kind) => Id(alices, kind), alices);
            if (!response.IsSuccessStatusCode && !IsCompositionInUse(endpoint, response))
            {
                failures.Add(await Json.DescribeAsync(response));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Lists_OtherTeamsRecords_NeverAppear()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var bob = await app.CreateTeamWithUserAsync();
        var alices = await alice.CreateOneOfEachAsync();
        var bobs = await bob.CreateOneOfEachAsync();
        var bobsIds = new[] { bobs.CompositionId, bobs.PrecursorId, bobs.SampleId, bobs.DeletedSampleId, bobs.RecipeId, bobs.PelletId, bobs.CellId, bobs.TokenId, bob.TokenId, bob.UserId, bob.Team.Id,
                bobs.DeletedCompositionId, bobs.DeletedPrecursorId, bobs.DeletedPelletId, bobs.DeletedCellId, bobs.MemberId, bobs.MeasurementId, bobs.DeletedMeasurementId, bobs.ColumnMappingId, bobs.AnalysisRunId,
                bobs.ReferencePatternId, bobs.DeletedReferencePatternId, bobs.LiteratureId, bobs.DashboardId, bobs.DashboardPanelId, bobs.DashboardShareId, bobs.DeletedDashboardId }
            .Select(id => id.ToString()).Append(bob.Team.Name).ToList();
        var urls = ApiSurface.ParameterlessGets(app.Services).ToList();
        urls.Add("/api/samples/?deleted=true");
        urls.AddRange(ApiSurface.ListFilters.Select(f => $"{f.Key}={Id(bobs, f.Value)}"));

        var seen = new List<string>();
        foreach (var url in urls)
        {
            using var response = await alice.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, await Json.DescribeAsync(response));
            var body = await response.Content.ReadAsStringAsync();
            seen.AddRange(bobsIds.Where(id => body.Contains(id, StringComparison.OrdinalIgnoreCase)).Select(id => $"{url} shows {id}"));
        }

        Assert.Empty(seen);
        Assert.Contains(urls, u => u.StartsWith("/api/samples", StringComparison.Ordinal));
        // Alice does see her own records there, so the lists were not simply empty.
        Assert.Contains((await alice.GetAsync<SamplePage>("/api/samples/")).Items, s => s.Id == alices.SampleId);
        Assert.Contains(await alice.GetAsync<List<CompositionView>>("/api/compositions/"), c => c.Id == alices.CompositionId);
        Assert.Contains(await alice.GetAsync<List<PrecursorView>>("/api/precursors/"), p => p.Id == alices.PrecursorId);
    }

    // Alice's composition carries her samples, so deleting it is refused by design (400), which still shows the request got through.
    private static bool IsCompositionInUse(IdEndpoint endpoint, HttpResponseMessage response) =>
        endpoint is { Method: "DELETE", Pattern: "/api/compositions/{id:guid}" } && response.StatusCode == HttpStatusCode.BadRequest;

    private static Task<HttpResponseMessage> SendAsync(PortalClient client, IdEndpoint endpoint, Func<string, RecordKind, Guid> idOf, TeamRecords own)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(endpoint.Url(idOf), UriKind.Relative));
        if (endpoint.BodyType is { } type)
        {
            request.Content = JsonContent.Create(ApiSurface.Body(type, own), type, options: Json.Options);
        }
        return client.Http.SendAsync(request);
    }

    private static Guid Id(TeamRecords records, RecordKind kind) => kind switch
    {
        RecordKind.Composition => records.CompositionId,
        RecordKind.Precursor => records.PrecursorId,
        RecordKind.Sample => records.SampleId,
        RecordKind.DeletedSample => records.DeletedSampleId,
        RecordKind.Recipe => records.RecipeId,
        RecordKind.Pellet => records.PelletId,
        RecordKind.Cell => records.CellId,
        RecordKind.Token => records.TokenId,
        RecordKind.DeletedComposition => records.DeletedCompositionId,
        RecordKind.DeletedPrecursor => records.DeletedPrecursorId,
        RecordKind.DeletedPellet => records.DeletedPelletId,
        RecordKind.DeletedCell => records.DeletedCellId,
        RecordKind.Member => records.MemberId,
        RecordKind.Measurement => records.MeasurementId,
        RecordKind.DeletedMeasurement => records.DeletedMeasurementId,
        RecordKind.ColumnMapping => records.ColumnMappingId,
        RecordKind.AnalysisRun => records.AnalysisRunId,
        RecordKind.ReferencePattern => records.ReferencePatternId,
        RecordKind.DeletedReferencePattern => records.DeletedReferencePatternId,
        RecordKind.Literature => records.LiteratureId,
        RecordKind.Dashboard => records.DashboardId,
        RecordKind.DashboardPanel => records.DashboardPanelId,
        RecordKind.DashboardShare => records.DashboardShareId,
        RecordKind.DeletedDashboard => records.DeletedDashboardId,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Everything Bob can read about his records, to show that nothing Alice sent changed them.</summary>
    private static async Task<string> SnapshotAsync(PortalClient bob, TeamRecords bobs)
    {
        var parts = new List<string>();
        foreach (var url in new[]
        {
            $"/api/compositions/{bobs.CompositionId}", $"/api/precursors/{bobs.PrecursorId}", $"/api/samples/{bobs.SampleId}",
            $"/api/samples/{bobs.SampleId}/history", $"/api/samples/{bobs.DeletedSampleId}/history", $"/api/recipes/{bobs.RecipeId}",
            $"/api/pellets/{bobs.PelletId}", $"/api/cells/{bobs.CellId}", "/api/samples/?deleted=true", "/api/samples/",
            "/api/compositions/", "/api/precursors/", "/api/team/members/", "/api/deleted",
            $"/api/measurements/{bobs.MeasurementId}", $"/api/measurements/{bobs.MeasurementId}/series?column=0",
            "/api/column-mappings/", "/api/reference-patterns/", $"/api/reference-patterns/{bobs.ReferencePatternId}",
            "/api/literature/", $"/api/literature/{bobs.LiteratureId}", "/api/explorer",
            "/api/dashboards/", $"/api/dashboards/{bobs.DashboardId}", $"/api/dashboards/{bobs.DashboardId}/shares",
        })
        {
            using var response = await bob.GetAsync(url);
            parts.Add($"{url} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // Tokens: only whether each is revoked (last-used times move as Bob himself calls the API).
        var tokens = await bob.GetAsync<List<ApiTokenView>>("/api/me/tokens");
        parts.AddRange(tokens.OrderBy(t => t.Id).Select(t => $"token {t.Id} revoked={t.Revoked}"));
        return string.Join("\n", parts);
    }
}

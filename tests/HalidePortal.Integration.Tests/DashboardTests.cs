using System.Net;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// Dashboards through the API on a real PostgreSQL: panels of every kind with their data, arranging, renaming and
/// duplicating, share links that need no account (token stored hashed, view count, revoke, expiry), live extension by a
/// cell's next upload with the database's change notification, and the HTML and CSV exports.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DashboardTests(PortalApp app)
{
    private const string CyclingFile = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";
    private const string SecondCyclingFile = "newarenda__test_2.ndax";

    [Fact]
    public async Task Dashboard_PanelsOfEveryKind_ArrangeRenameDuplicate()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var sample = await alice.CreateSampleAsync();
        var cell = await alice.AddCellAsync(sample.Id);
        var measurement = await UploadCyclingAsync(alice, cell.Id);

        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("  Cells of December ", "three cells")));
        Assert.Equal("Cells of December", dashboard.Name);
        var id = dashboard.Id;
        await AddAsync(alice, id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] }));
        await AddAsync(alice, id, new DashboardPanelInput(DashboardPanelKind.Overlay, "CE", 6, new PanelSettings { Overlay = "efficiency", MeasurementIds = [measurement] }));
        await AddAsync(alice, id, new DashboardPanelInput(DashboardPanelKind.ExplorerPlot, null, 12, new PanelSettings { Plot = "sigma-ea" }));
        await AddAsync(alice, id, new DashboardPanelInput(DashboardPanelKind.ExplorerTable, null, 12, new PanelSettings { Sort = "sigma30", Limit = 5 }));
        dashboard = await AddAsync(alice, id, new DashboardPanelInput(DashboardPanelKind.Text, null, 4, new PanelSettings { Text = "Cells cycled at 0.1 C, 25 °C." }));

        Assert.Equal(["Discharge capacity", "CE", "σ vs Ea", "Compositions by σ 30 °C (mS/cm)", "Note"], dashboard.Panels.Select(p => p.Title));
        Assert.Equal([0, 1, 2, 3, 4], dashboard.Panels.Select(p => p.Position));

        var data = await alice.GetAsync<List<PanelData>>($"/api/dashboards/{id}/data");
        Assert.Equal(5, data.Count);
        var capacity = data[0].Overlay!;
        Assert.Equal("Discharge capacity (mAh/g)", capacity.YTitle);
        Assert.Equal([measurement], capacity.Traces.Select(t => t.MeasurementId));
        Assert.Equal([measurement], data[0].MeasurementIds);
        Assert.Equal("Coulombic efficiency (%)", data[1].Overlay!.YTitle);
        Assert.Equal("Ea (eV)", data[2].Plot!.XTitle);
        Assert.NotNull(data[3].Rows);
        Assert.Equal("Cells cycled at 0.1 C, 25 °C.", data[4].Text);

        // Arrange: the text first; panels not named keep their order after it.
        var note = dashboard.Panels[4].Id;
        dashboard = await Json.ReadAsync<DashboardView>(await alice.PutAsync($"/api/dashboards/{id}/panels/order", new PanelOrder([note])));
        Assert.Equal(["Note", "Discharge capacity", "CE", "σ vs Ea", "Compositions by σ 30 °C (mS/cm)"], dashboard.Panels.Select(p => p.Title));
        var twice = await alice.PutAsync($"/api/dashboards/{id}/panels/order", new PanelOrder([note, note]));
        Assert.Contains("twice", (await Json.FieldErrorsAsync(twice, "panelIds"))[0], StringComparison.Ordinal);

        dashboard = await Json.ReadAsync<DashboardView>(await alice.PutAsync($"/api/dashboards/{id}/panels/{note}",
            new DashboardPanelInput(DashboardPanelKind.Text, "Conditions", 12, new PanelSettings { Text = "0.1 C" })));
        Assert.Equal(("Conditions", 12), (dashboard.Panels[0].Title, dashboard.Panels[0].Width));
        dashboard = await Json.ReadAsync<DashboardView>(await alice.DeleteAsync($"/api/dashboards/{id}/panels/{dashboard.Panels[2].Id}"));
        Assert.Equal([0, 1, 2, 3], dashboard.Panels.Select(p => p.Position));

        dashboard = await Json.ReadAsync<DashboardView>(await alice.PutAsync($"/api/dashboards/{id}", new DashboardInput("LZACFO cells", null)));
        var copy = await Json.ReadAsync<DashboardView>(await alice.PostAsync($"/api/dashboards/{id}/duplicate", null));
        Assert.Equal("LZACFO cells (copy)", copy.Name);
        Assert.Equal(dashboard.Panels.Select(p => (p.Title, p.Kind, p.Width, p.Settings.Text)), copy.Panels.Select(p => (p.Title, p.Kind, p.Width, p.Settings.Text)));
        Assert.Empty(copy.Panels.Select(p => p.Id).Intersect(dashboard.Panels.Select(p => p.Id)));

        var list = await alice.GetAsync<List<DashboardSummary>>("/api/dashboards");
        Assert.Equal([copy.Id, id], list.Select(d => d.Id));
        Assert.Equal(4, list[1].PanelCount);

        using var deleted = await alice.DeleteAsync($"/api/dashboards/{copy.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([id], (await alice.GetAsync<List<DashboardSummary>>("/api/dashboards")).Select(d => d.Id));
    }

    [Fact]
    public async Task Panel_BadSettings_FieldErrorsNamingWhatWasExpected()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var bob = await app.CreateTeamWithUserAsync();
        var bobsCell = await bob.AddCellAsync((await bob.CreateSampleAsync()).Id);
        var id = (await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("D", null)))).Id;

        Assert.Contains("required", (await Json.FieldErrorsAsync(await alice.PostAsync("/api/dashboards", new DashboardInput(" ", null)), "name"))[0], StringComparison.Ordinal);
        async Task<string[]> Errors(DashboardPanelInput input, string field) =>
            await Json.FieldErrorsAsync(await alice.PostAsync($"/api/dashboards/{id}/panels", input), field);
        Assert.Equal(["expected 4, 6, 8 or 12 (twelfths of the page)"],
            await Errors(new DashboardPanelInput(DashboardPanelKind.Text, null, 5, new PanelSettings { Text = "x" }), "width"));
        Assert.Contains("capacity", (await Errors(new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "pie", CellIds = [Guid.NewGuid()] }), "settings.overlay"))[0], StringComparison.Ordinal);
        Assert.Equal(["choose at least one measurement or cell"],
            await Errors(new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity" }), "settings.measurementIds"));
        // Another team's cell is "not in this team", exactly like one that does not exist.
        Assert.Equal([$"no cell {bobsCell.Id} in this team"],
            await Errors(new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = [bobsCell.Id] }), "settings.cellIds"));
        // An Arrhenius panel follows pellets through chosen spectra; a cell's files have no pellet series.
        Assert.Contains("not by cells", (await Errors(new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6,
            new PanelSettings { Overlay = "arrhenius", CellIds = [Guid.NewGuid()] }), "settings.cellIds"))[0], StringComparison.Ordinal);
        Assert.Contains("sigma-ea", (await Errors(new DashboardPanelInput(DashboardPanelKind.ExplorerPlot, null, 6, new PanelSettings { Plot = "nope" }), "settings.plot"))[0], StringComparison.Ordinal);
        Assert.Equal(["between 1 and 200 rows"],
            await Errors(new DashboardPanelInput(DashboardPanelKind.ExplorerTable, null, 6, new PanelSettings { Limit = 0 }), "settings.limit"));
        Assert.Equal(["write the note the panel shows"], await Errors(new DashboardPanelInput(DashboardPanelKind.Text, null, 6, new PanelSettings()), "settings.text"));
        Assert.Empty((await alice.GetAsync<DashboardView>($"/api/dashboards/{id}")).Panels);
    }

    [Fact]
    public async Task ShareLink_OpensWithoutAccount_CountsViews_HashedRevokedExpired()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var sample = await alice.CreateSampleAsync();
        var cell = await alice.AddCellAsync(sample.Id);
        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("For the reviewer", null)));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] }));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.ExplorerTable, null, 12, new PanelSettings()));

        using var created = await alice.PostAsync($"/api/dashboards/{dashboard.Id}/shares", new DashboardShareInput("reviewer 2", null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var share = await Json.ReadAsync<CreatedDashboardShare>(created);
        Assert.StartsWith("hpd_", share.Token, StringComparison.Ordinal);
        Assert.True(share.Token.Length >= 40, share.Token);
        Assert.Equal("/shared/" + share.Token, share.Path);

        // Only the hash is kept: the token is nowhere in the row.
        await using (var db = await app.OpenDbAsync(alice.Team.Id))
        {
            var row = await db.DashboardShares.AsNoTracking().SingleAsync(s => s.Id == share.Share.Id);
            Assert.Equal(HalidePortal.Web.Auth.ApiTokens.Hash(share.Token), row.TokenHashSha256);
            Assert.DoesNotContain(share.Token, System.Text.Json.JsonSerializer.Serialize(row), StringComparison.Ordinal);
        }

        using var anonymous = app.CreateAnonymousClient();
        var contents = await Json.ReadAsync<DashboardContents>(await anonymous.GetAsync(new Uri($"/api/shared/{share.Token}", UriKind.Relative)));
        Assert.Equal("For the reviewer", contents.Dashboard.Name);
        Assert.Equal(2, contents.Panels.Count);
        Assert.All(contents.Panels[1].Rows!.Where(r => !r.IsLiterature), r => Assert.Equal("", r.Href));
        await Json.ReadAsync<DashboardContents>(await anonymous.GetAsync(new Uri($"/api/shared/{share.Token}", UriKind.Relative)));
        var listed = Assert.Single(await alice.GetAsync<List<DashboardShareView>>($"/api/dashboards/{dashboard.Id}/shares"));
        Assert.Equal((2, true, "reviewer 2"), (listed.ViewCount, listed.Active, listed.Label));
        Assert.Equal(1, (await alice.GetAsync<List<DashboardSummary>>("/api/dashboards")).Single().ActiveShares);

        // The link is not a key to the rest of the team's API.
        using var samples = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("/api/samples/", UriKind.Relative))
        {
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", share.Token) },
        });
        Assert.Equal(HttpStatusCode.Unauthorized, samples.StatusCode);

        using var unknown = await anonymous.GetAsync(new Uri("/api/shared/hpd_" + new string('x', 43), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var revoked = await Json.ReadAsync<DashboardShareView>(await alice.DeleteAsync($"/api/dashboards/{dashboard.Id}/shares/{share.Share.Id}"));
        Assert.False(revoked.Active);
        using var refused = await anonymous.GetAsync(new Uri($"/api/shared/{share.Token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Expiry: a link made for a day, then moved into the past behind the API.
        var expiring = await Json.ReadAsync<CreatedDashboardShare>(await alice.PostAsync($"/api/dashboards/{dashboard.Id}/shares",
            new DashboardShareInput(null, DateTimeOffset.UtcNow.AddDays(1))));
        await Json.ReadAsync<DashboardContents>(await anonymous.GetAsync(new Uri($"/api/shared/{expiring.Token}", UriKind.Relative)));
        await using (var db = await app.OpenDbAsync(alice.Team.Id))
        {
            await db.DashboardShares.Where(s => s.Id == expiring.Share.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        using var expired = await anonymous.GetAsync(new Uri($"/api/shared/{expiring.Token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("must be in the future", (await Json.FieldErrorsAsync(await alice.PostAsync($"/api/dashboards/{dashboard.Id}/shares",
            new DashboardShareInput(null, DateTimeOffset.UtcNow.AddDays(-1))), "expiresAt"))[0], StringComparison.Ordinal);

        // A deleted dashboard takes its links with it.
        var third = await Json.ReadAsync<CreatedDashboardShare>(await alice.PostAsync($"/api/dashboards/{dashboard.Id}/shares", new DashboardShareInput(null, null)));
        using (await alice.DeleteAsync($"/api/dashboards/{dashboard.Id}")) { }
        using var gone = await anonymous.GetAsync(new Uri($"/api/shared/{third.Token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task DeletedDashboard_InDeletedRecords_RestoredWithPanels_OnlyItsLiveLinksOpenAgain()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var member = await app.AddUserAsync(owner.Team, TeamRole.Member);
        var bob = await app.CreateTeamWithUserAsync();
        var dashboard = await Json.ReadAsync<DashboardView>(await member.PostAsync("/api/dashboards", new DashboardInput("Weekly cells " + Unique.Id(), null)));
        await AddAsync(member, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Text, "Conditions", 12, new PanelSettings { Text = "0.1 C, 25 °C" }));
        dashboard = await AddAsync(member, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.ExplorerTable, null, 6, new PanelSettings { Limit = 3 }));
        async Task<CreatedDashboardShare> ShareAsync(DateTimeOffset? expires = null) =>
            await Json.ReadAsync<CreatedDashboardShare>(await member.PostAsync($"/api/dashboards/{dashboard.Id}/shares", new DashboardShareInput(null, expires)));
        var live = await ShareAsync();
        var revoked = await ShareAsync();
        await Json.ReadAsync<DashboardShareView>(await member.DeleteAsync($"/api/dashboards/{dashboard.Id}/shares/{revoked.Share.Id}"));
        var expired = await ShareAsync(DateTimeOffset.UtcNow.AddDays(1));
        await using (var db = await app.OpenDbAsync(owner.Team.Id))
        {
            await db.DashboardShares.Where(s => s.Id == expired.Share.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        using var anonymous = app.CreateAnonymousClient();
        async Task<HttpStatusCode> OpenAsync(CreatedDashboardShare share)
        {
            using var response = await anonymous.GetAsync(new Uri($"/api/shared/{share.Token}", UriKind.Relative));
            return response.StatusCode;
        }
        async Task<string> PageAsync(CreatedDashboardShare share) =>
            WebUtility.HtmlDecode(await anonymous.GetStringAsync(new Uri(share.Path, UriKind.Relative)));

        using (var deleted = await member.DeleteAsync($"/api/dashboards/{dashboard.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var row = Assert.Single(await owner.GetAsync<List<DeletedRecordView>>("/api/deleted"), r => r.Id == dashboard.Id);
        Assert.Equal(("dashboards", "dashboard " + dashboard.Name), (row.Kind, row.Label));
        Assert.NotNull(row.DeletedAt);
        Assert.Equal(HttpStatusCode.NotFound, await OpenAsync(live));
        Assert.Contains("data-testid=\"shared-refused\"", await PageAsync(live), StringComparison.Ordinal);
        // Another team neither sees nor restores it; a Member may not restore.
        Assert.DoesNotContain(await bob.GetAsync<List<DeletedRecordView>>("/api/deleted"), r => r.Id == dashboard.Id);
        using (var byBob = await bob.PostAsync($"/api/dashboards/{dashboard.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, byBob.StatusCode);
        }
        using (var byMember = await member.PostAsync($"/api/dashboards/{dashboard.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        }
        using (var stillGone = await owner.GetAsync($"/api/dashboards/{dashboard.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, stillGone.StatusCode);
        }

        using (var restored = await owner.PostAsync($"/api/dashboards/{dashboard.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        }

        var back = await member.GetAsync<DashboardView>($"/api/dashboards/{dashboard.Id}");
        Assert.Equal(dashboard.Panels.Select(p => (p.Id, p.Position, p.Title)), back.Panels.Select(p => (p.Id, p.Position, p.Title)));
        Assert.Equal(1, Assert.Single(await member.GetAsync<List<DashboardSummary>>("/api/dashboards"), d => d.Id == dashboard.Id).ActiveShares);
        Assert.DoesNotContain(await owner.GetAsync<List<DeletedRecordView>>("/api/deleted"), r => r.Id == dashboard.Id);
        // The link that worked before the deletion works again; revoked and expired ones stay refused.
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(live));
        Assert.Contains(dashboard.Name, await PageAsync(live), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, await OpenAsync(revoked));
        Assert.Equal(HttpStatusCode.Gone, await OpenAsync(expired));
        var shares = await member.GetAsync<List<DashboardShareView>>($"/api/dashboards/{dashboard.Id}/shares");
        Assert.Equal([live.Share.Id], shares.Where(s => s.Active).Select(s => s.Id));
        using var twice = await owner.PostAsync($"/api/dashboards/{dashboard.Id}/restore", null);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task CellPanel_NextUploadOfTheCell_JoinsThePanel_AndTheChangeIsAnnounced()
    {
        var feed = app.Services.GetRequiredService<ChangeFeed>();
        for (int i = 0; i < 100 && !feed.IsListening; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(feed.IsListening, "the change feed never started listening");

        var alice = await app.CreateTeamWithUserAsync();
        var cell = await alice.AddCellAsync((await alice.CreateSampleAsync()).Id);
        var first = await UploadCyclingAsync(alice, cell.Id);
        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("Daily", null)));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 12, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] }));
        Assert.Equal([first], (await alice.GetAsync<List<PanelData>>($"/api/dashboards/{dashboard.Id}/data"))[0].MeasurementIds);

        var heard = new System.Collections.Concurrent.ConcurrentQueue<MeasurementChange>();
        void Hear(MeasurementChange c)
        {
            if (c.TeamId == alice.Team.Id)
            {
                heard.Enqueue(c);
            }
        }
        feed.Changed += Hear;
        try
        {
            var second = await UploadCyclingAsync(alice, cell.Id, SecondCyclingFile);
            var panel = (await alice.GetAsync<List<PanelData>>($"/api/dashboards/{dashboard.Id}/data"))[0];
            Assert.Equal([first, second], panel.MeasurementIds);
            Assert.Equal(2, panel.Overlay!.Traces.Count);
            for (int i = 0; i < 50 && !heard.Any(c => c.MeasurementId == second && c.State == "Done"); i++)
            {
                await Task.Delay(100);
            }
            Assert.Contains(heard, c => c.MeasurementId == second && c.State == "Done");
        }
        finally
        {
            feed.Changed -= Hear;
        }
    }

    [Fact]
    public async Task Export_HtmlOpensOffline_CsvHasASectionPerPanel()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var cell = await alice.AddCellAsync((await alice.CreateSampleAsync()).Id);
        var measurement = await UploadCyclingAsync(alice, cell.Id);
        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("Export <me>", null)));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] }));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Text, "Conditions", 6, new PanelSettings { Text = "0.1 C </script> & 25 °C" }));

        using var html = await alice.GetAsync($"/api/dashboards/{dashboard.Id}/export?format=html");
        Assert.True(html.IsSuccessStatusCode, await Json.DescribeAsync(html));
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("dashboard-Export--me-", html.Content.Headers.ContentDisposition?.FileNameStar ?? html.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        string page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Export &lt;me&gt;</h1>", page, StringComparison.Ordinal);
        Assert.Contains("0.1 C &lt;/script&gt; &amp; 25 °C", page, StringComparison.Ordinal);
        Assert.Contains("Discharge capacity (mAh/g)", page, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", page, StringComparison.Ordinal);
        // Offline: plotly.js is inside, and nothing is fetched from anywhere.
        Assert.True(page.Length > 1_000_000, $"{page.Length} characters; plotly.js missing?");
        Assert.DoesNotMatch("<script[^>]+src=", page);
        Assert.DoesNotMatch("<link[^>]+href=", page);

        using var csv = await alice.GetAsync($"/api/dashboards/{dashboard.Id}/export?format=csv");
        string text = await csv.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        Assert.StartsWith("# Export <me> (", lines[0], StringComparison.Ordinal);
        Assert.Equal(["# Discharge capacity", "# Conditions"], lines.Where(l => l.StartsWith("# ", StringComparison.Ordinal)).Skip(1));
        Assert.Contains("measurement_id,trace,\"Cycle\",\"Discharge capacity (mAh/g)\"", lines);
        Assert.Contains(lines, l => l.StartsWith(measurement.ToString(), StringComparison.Ordinal));

        Assert.Contains("html or csv", (await Json.FieldErrorsAsync(await alice.GetAsync($"/api/dashboards/{dashboard.Id}/export?format=pdf"), "format"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalideExport_CsvAndHtmlOfTheRealEndpoint_SavedAsTheApiSendsThem()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var cell = await alice.AddCellAsync((await alice.CreateSampleAsync()).Id);
        var measurement = await UploadCyclingAsync(alice, cell.Id);
        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("Cells", null)));
        await AddAsync(alice, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 12, new PanelSettings { Overlay = "capacity", CellIds = [cell.Id] }));
        var token = await alice.CreateTokenAsync("notebook");
        var folder = Directory.CreateTempSubdirectory("halide-export-").FullName;
        var export = new HalidePortal.Cli.Commands.ExportCommand((server, t) => new HalidePortal.Cli.Upload.PortalClient(server, t, app.Factory.Server.CreateHandler()));
        try
        {
            string Run(params string[] args)
            {
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();
                int code = export.Run([.. args, "--server", "http://localhost", "--token", token.PlainToken, "--json"], stdout, stderr);
                Assert.True(code == 0, stderr.ToString());
                return stdout.ToString();
            }

            var csvPath = Path.Combine(folder, "cells.csv");
            Assert.Contains("\"bytes\":", Run("--dashboard", $"http://localhost/dashboards/{dashboard.Id}", "--format", "csv", "--output", csvPath), StringComparison.Ordinal);
            var csv = await File.ReadAllTextAsync(csvPath);
            Assert.StartsWith("# Cells (", csv, StringComparison.Ordinal);
            Assert.Contains("\"Discharge capacity (mAh/g)\"", csv, StringComparison.Ordinal);
            Assert.Contains(measurement.ToString(), csv, StringComparison.Ordinal);

            var htmlPath = Path.Combine(folder, "cells.html");
            Run("--dashboard", dashboard.Id.ToString(), "--output", htmlPath);
            var html = await File.ReadAllTextAsync(htmlPath);
            Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
            Assert.Contains("Discharge capacity (mAh/g)", html, StringComparison.Ordinal);

            // Another team's token does not reach the dashboard.
            var bob = await app.CreateTeamWithUserAsync();
            var bobs = await bob.CreateTokenAsync("notebook");
            var refused = Assert.Throws<HalidePortal.Cli.CommandLine.CliError>(() => export.Run(
                ["--dashboard", dashboard.Id.ToString(), "--output", Path.Combine(folder, "bob.html"), "--server", "http://localhost", "--token", bobs.PlainToken],
                TextWriter.Null, TextWriter.Null));
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"no dashboard {dashboard.Id} in your team", refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "bob.html")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<DashboardView> AddAsync(PortalClient client, Guid id, DashboardPanelInput input) =>
        await Json.ReadAsync<DashboardView>(await client.PostAsync($"/api/dashboards/{id}/panels", input));

    // Each team uploads a file once (a repeat is a duplicate); the second file of a cell comes from another cycler.
    private static async Task<Guid> UploadCyclingAsync(PortalClient client, Guid cellId, string file = CyclingFile)
    {
        var item = (await client.UploadAsync($"cell:{cellId}", (file, TestFiles.Bytes(file)))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value, timeoutSeconds: 240);
        Assert.True(done.State == "Done", done.Error);
        return done.Id;
    }
}

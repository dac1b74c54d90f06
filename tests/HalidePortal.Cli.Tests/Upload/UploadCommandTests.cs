using System.Text.Json;

namespace HalidePortal.Cli.Tests.Upload;

public sealed class UploadCommandTests
{
    private const string Cell = "cell:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93";

    private static CliRun Upload(FakePortal portal, params string[] args) =>
        CliRun.Of(["upload", .. args, "--server", portal.Url, "--token", FakePortal.Token, "--attach", Cell]);

    [Fact]
    public void Upload_TwoFiles_FieldsFileNamesAndBytesArriveIntact()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        // A degree sign, as lab file names carry it: it must survive as the RFC 5987 filename*.
        var eis = folder.Write("LZACFO_25°C_EIS.mpr", TempFolder.Bytes(300_000, 1));
        var cycling = folder.Write("cell7.ndax", TempFolder.Bytes(1_000, 2));

        var run = Upload(portal, eis, cycling, "--temperature-c", "25.5", "--active-mass-mg", "8.13", "--nominal-mah-g", "200");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var uploads = portal.Uploads.ToList();
        Assert.Equal(2, uploads.Count);
        foreach (var (upload, path) in uploads.Zip([eis, cycling]))
        {
            Assert.Equal("/api/measurements", upload.Path);
            Assert.Equal("Bearer " + FakePortal.Token, upload.Authorization);
            Assert.Equal("100-continue", upload.Expect);
            Assert.NotNull(upload.ContentLength);
            Assert.Equal(["attach", "temperatureC", "activeMassMg", "nominalMahPerG", "files"], upload.Parts.Select(p => p.Name));
            Assert.Equal(Cell, upload.Field("attach"));
            Assert.Equal("25.5", upload.Field("temperatureC"));
            Assert.Equal("8.13", upload.Field("activeMassMg"));
            Assert.Equal("200", upload.Field("nominalMahPerG"));
            var file = Assert.Single(upload.Files);
            Assert.Equal(Path.GetFileName(path), file.FileName);
            Assert.Equal(File.ReadAllBytes(path), file.Data);
        }

        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^LZACFO_25°C_EIS\.mpr  Queued  http://127\.0\.0\.1:\d+/measurements/[0-9a-f-]{36}$", lines[0]);
        Assert.Matches(@"^cell7\.ndax           Queued  http://127\.0\.0\.1:\d+/measurements/[0-9a-f-]{36}$", lines[1]);
    }

    [Fact]
    public void Upload_OnlyAttach_SendsNoOptionalFields()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();

        var run = Upload(portal, folder.Write("a.mpr", [1, 2, 3]));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["attach", "files"], Assert.Single(portal.Uploads).Parts.Select(p => p.Name));
    }

    [Fact]
    public void Upload_SameContentTwice_JsonReportsDuplicateWithLinkToFirst()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var bytes = TempFolder.Bytes(5_000, 3);
        var first = folder.Write("run1.mpr", bytes);
        var copy = folder.Write("run1 - copy.mpr", bytes);

        var run = Upload(portal, first, copy, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal(["fileName", "state", "duplicate", "measurementId", "url", "error", "format", "technique", "rows"],
            items[0].EnumerateObject().Select(p => p.Name));
        Assert.False(items[0].GetProperty("duplicate").GetBoolean());
        Assert.True(items[1].GetProperty("duplicate").GetBoolean());
        var id = items[0].GetProperty("measurementId").GetGuid();
        Assert.Equal(id, items[1].GetProperty("measurementId").GetGuid());
        Assert.Equal($"{portal.Url}/measurements/{id}", items[1].GetProperty("url").GetString());
        Assert.Equal("run1 - copy.mpr", items[1].GetProperty("fileName").GetString());
    }

    [Fact]
    public void Upload_Duplicate_TableSaysSo()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var path = folder.Write("a.mpr", [4, 5, 6]);
        Upload(portal, path);

        var run = Upload(portal, path);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("  (duplicate: already uploaded)\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_WrongToken_Exit2TokenRefusedNothingPrinted()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var a = folder.Write("a.mpr", [1]);
        var b = folder.Write("b.mpr", [2]);

        var run = CliRun.Of("upload", a, b, "--server", portal.Url, "--token", "hp_revoked", "--attach", Cell);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            "halide: token refused (401): check --token or HALIDE_TOKEN (a personal API token, hp_..., from the portal's API tokens page); not sent: a.mpr, b.mpr\n",
            run.Stderr);
        Assert.Single(portal.Uploads);
    }

    [Fact]
    public void Upload_ProblemDetails400_ShowsDetailAndFieldErrorsStopsBatch()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var a = folder.Write("a.mpr", [1]);
        var b = folder.Write("b.mpr", [2]);
        portal.Override.Enqueue(_ => FakeAnswer.Problem(400, "One or more validation errors occurred.", "Check the fields.",
            new Dictionary<string, string[]> { ["attach"] = ["no cell with this id in your team"] }));

        var run = Upload(portal, a, b);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("halide: refused (400): Check the fields.; attach: no cell with this id in your team; not sent: a.mpr, b.mpr\n", run.Stderr);
        Assert.Single(portal.Uploads);
    }

    [Fact]
    public void Upload_TooLarge413_ThatFileRejectedOthersSentExit1()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var big = folder.Write("big.ndax", TempFolder.Bytes(70_000, 4));
        var small = folder.Write("small.mpr", [7]);
        portal.Override.Enqueue(_ => FakeAnswer.Problem(413, "Payload Too Large", "files are limited to 64 kB"));

        var run = Upload(portal, big, small);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("big.ndax   Rejected  too large for the server (413): files are limited to 64 kB", lines[0]);
        Assert.StartsWith("small.mpr  Queued    http://", lines[1], StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Upload_ItemWithError_RejectedExit1()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        portal.Override.Enqueue(_ => new FakeAnswer(200,
            """{"items":[{"fileName":"empty.mpr","measurementId":null,"state":"Failed","duplicate":false,"url":null,"error":"the file is empty"}]}"""));

        var run = Upload(portal, folder.Write("empty.mpr", []), "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.Equal("the file is empty", item.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("measurementId").ValueKind);
    }

    [Fact]
    public void Upload_ServerError503_Exit3TryAgain()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        portal.Override.Enqueue(_ => FakeAnswer.Problem(503, "Service Unavailable", "database is restarting"));

        var run = Upload(portal, folder.Write("a.mpr", [1]));

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("halide: server error 503: database is restarting; not sent: a.mpr\n", run.Stderr);
    }

    [Fact]
    public void Upload_ServerUnreachable_Exit3NamesTheServer()
    {
        using var folder = new TempFolder();
        var server = $"http://127.0.0.1:{FakePortal.FreePort()}";

        var run = CliRun.Of("upload", folder.Write("a.mpr", [1]), "--server", server, "--token", "hp_x", "--attach", Cell);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"halide: cannot reach {server} (connection refused); not sent: a.mpr\n", run.Stderr);
    }

    [Fact]
    public void Upload_Redirect_Exit2GivesTheNewAddress()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        portal.Override.Enqueue(_ => new FakeAnswer(308, "", "text/plain"));

        var run = Upload(portal, folder.Write("a.mpr", [1]));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("halide: the server redirects (308)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_WaitUntilDone_PrintsFinalStateExit0()
    {
        using var portal = new FakePortal { States = ["Queued", "Parsing", "Done"] };
        using var folder = new TempFolder();

        var run = Upload(portal, folder.Write("a.mpr", [1, 2]), folder.Write("b.mpr", [3, 4]), "--wait");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.Matches(@"^[ab]\.mpr  Done  http://\S+/measurements/\S+  biologic-mpr, Cycling, 11 rows$", line));
        Assert.Equal(6, portal.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public void Upload_WaitEndsFailed_Exit1WithTheServersError()
    {
        using var portal = new FakePortal { States = ["Parsing", "Failed"], FailureText = "no parser recognised the file" };
        using var folder = new TempFolder();

        var run = Upload(portal, folder.Write("notes.txt", [1, 2]), "--wait", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.Equal("no parser recognised the file", item.GetProperty("error").GetString());
    }

    [Fact]
    public void Upload_WaitTimesOut_Exit3NamesUnfinishedFiles()
    {
        using var portal = new FakePortal { States = ["Parsing"] };
        using var folder = new TempFolder();

        var run = Upload(portal, folder.Write("slow.ndax", [1]), "--wait", "--timeout", "1");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("slow.ndax  Parsing  http://", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("halide: --wait ran out after 1 s; not finished: slow.ndax (Parsing)\n", run.Stderr);
    }

    [Fact]
    public void Upload_MissingFiles_Exit2NamesEveryOneNothingSent()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var present = folder.Write("a.mpr", [1]);

        var run = Upload(portal, "/nonexistent/x.mpr", present, "/nonexistent/y.mpr");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("halide: no such file '/nonexistent/x.mpr', '/nonexistent/y.mpr' (nothing was sent)\n", run.Stderr);
        Assert.Empty(portal.Requests);
    }

    [Fact]
    public void Upload_UnderGerman_FieldsKeepDotDecimals()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var path = folder.Write("a.mpr", [1]);

        var run = TestCulture.Run(TestCulture.German, () => Upload(portal, path, "--temperature-c", "-20.5", "--active-mass-mg", "8.13"));

        Assert.Equal(0, run.ExitCode);
        var upload = Assert.Single(portal.Uploads);
        Assert.Equal("-20.5", upload.Field("temperatureC"));
        Assert.Equal("8.13", upload.Field("activeMassMg"));
    }

    [Theory]
    [InlineData("halide: bad --attach 'cell:12': expected sample:ID, pellet:ID or cell:ID with the record's GUID, e.g. cell:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93", "a.mpr", "--attach", "cell:12")]
    [InlineData("halide: bad --attach 'battery:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93': expected sample:ID, pellet:ID or cell:ID with the record's GUID, e.g. cell:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93", "a.mpr", "--attach", "battery:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93")]
    [InlineData("halide: missing option '--attach'", "a.mpr")]
    [InlineData("halide: bad --active-mass-mg '8,13': expected a positive mass in mg, e.g. 8.13, with a dot decimal", "a.mpr", "--attach", Cell, "--active-mass-mg", "8,13")]
    [InlineData("halide: bad --nominal-mah-g '0': expected a positive capacity in mAh/g, e.g. 200, with a dot decimal", "a.mpr", "--attach", Cell, "--nominal-mah-g", "0")]
    [InlineData("halide: bad --temperature-c 'warm': expected a temperature in degrees C, e.g. 25, with a dot decimal", "a.mpr", "--attach", Cell, "--temperature-c", "warm")]
    [InlineData("halide: give the FILEs to send, or --watch FOLDER", "--attach", Cell)]
    [InlineData("halide: give either FILEs or --watch FOLDER, not both (got 'a.mpr')", "a.mpr", "--watch", ".", "--attach", Cell)]
    [InlineData("halide: --wait does not go with --watch", "--watch", ".", "--wait", "--attach", Cell)]
    [InlineData("halide: --recursive only goes with --watch FOLDER", "a.mpr", "--recursive", "--attach", Cell)]
    [InlineData("halide: --timeout only goes with --wait", "a.mpr", "--timeout", "5", "--attach", Cell)]
    [InlineData("halide: bad --interval '0': expected seconds from 0.1 to 86400 with a dot decimal, e.g. 5", "--watch", "{folder}", "--interval", "0", "--attach", Cell)]
    [InlineData("halide: no such folder '/nonexistent/instrument' to watch", "--watch", "/nonexistent/instrument", "--attach", Cell)]
    [InlineData("halide: '{folder}' is a folder: give the files in it, or use --watch FOLDER", "{folder}", "--attach", Cell)]
    public void Upload_BadInput_Exit2WithOneLine(string expected, params string[] args)
    {
        using var folder = new TempFolder();
        var real = args.Select(a => a == "{folder}" ? folder.Path : a).ToArray();

        var run = CliRun.Of(["upload", .. real, "--server", "http://127.0.0.1:1", "--token", "hp_x"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(expected.Replace("{folder}", folder.Path, StringComparison.Ordinal) + "\n", run.Stderr);
    }

    [Theory]
    [InlineData("halide: bad --server 'ftp://lab': expected the portal's address, e.g. http://127.0.0.1:5080", "--server", "ftp://lab", "--token", "hp_x")]
    [InlineData("halide: bad --server '127.0.0.1:5080': expected the portal's address, e.g. http://127.0.0.1:5080", "--server", "127.0.0.1:5080", "--token", "hp_x")]
    [InlineData("halide: bad --token: a token has no spaces, line breaks or accented letters (copy it again from the portal)", "--server", "http://lab", "--token", "hp_a b")]
    [InlineData("halide: bad --token: a token has no spaces, line breaks or accented letters (copy it again from the portal)", "--server", "http://lab", "--token", "hp_é")]
    public void Upload_BadServerOrToken_Exit2(string expected, params string[] args)
    {
        var run = CliRun.Of(["upload", "a.mpr", "--attach", Cell, .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected + "\n", run.Stderr);
    }

    [Fact]
    public void Help_Upload_DocumentsExitCodes()
    {
        var run = CliRun.Of("upload", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: halide upload FILE... --attach KIND:ID", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 every file accepted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 server unreachable", run.Stdout, StringComparison.Ordinal);
    }
}

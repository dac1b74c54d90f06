using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide cycling on real files. Reference capacities: navani's cycle summary for the BioLogic jdb11-1 GCPL run and
/// NewareNDA's per-cycle capacities for the BTS85 rate test (see TestData/PROVENANCE.md); tolerance 1e-4 mAh.
/// </summary>
public sealed class CyclingCommandTests
{
    private const string Jdb11 = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";
    private const string Bts85 = "newarenda__BTS85-36-6-5-110-20240424.ndax";
    private const double Tolerance = 1e-4;

    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    private static double[] Discharges(JsonElement root) =>
        root.GetProperty("cycles").EnumerateArray().Select(c => c.GetProperty("dischargeMah").GetDouble()).ToArray();

    [Fact]
    public void Cycling_BioLogicJdb11_Json_FirstDischargesMatchNavani()
    {
        var root = Json(CliRun.Of("cycling", TestFile(Jdb11), "--json"));

        Assert.Equal(46102, root.GetProperty("rows").GetInt32());
        var discharges = Discharges(root);
        Assert.Equal(7, discharges.Length);
        Assert.Equal(0.2065, discharges[0], Tolerance);
        Assert.Equal(0.8529, discharges[1], Tolerance);
        Assert.Equal(0.8763, discharges[2], Tolerance);
        // navani's mean over the seven discharges (tests/test_echem.py).
        Assert.Equal(0.7778788, discharges.Average(), 1e-5);
        // Discharge first: cycle 1 is the lone discharge from open circuit, cycle 2 the first charge-discharge pair.
        var cycles = root.GetProperty("cycles");
        Assert.Equal(0, cycles[0].GetProperty("chargeMah").GetDouble());
        Assert.Equal(JsonValueKind.Null, cycles[0].GetProperty("coulombicEfficiency").ValueKind);
        Assert.Equal(0.98678, cycles[1].GetProperty("chargeMah").GetDouble(), Tolerance);
        Assert.Equal(0.8529 / 0.98678, cycles[1].GetProperty("coulombicEfficiency").GetDouble(), 1e-3);
        Assert.Equal("counted", root.GetProperty("cycleSource").GetString());
        // The file states 7000 mg (EC-Lab's "Mass of active material"), used when no mass is given.
        Assert.Equal(7000, root.GetProperty("activeMassMg").GetDouble());
        Assert.Equal(0.8529 / 7, cycles[1].GetProperty("dischargeMahPerG").GetDouble(), Tolerance);
        var retention = root.GetProperty("retention");
        Assert.Equal(2, retention.GetProperty("referenceCycle").GetInt32());
        Assert.Equal(100 * 0.87949 / 0.85285, retention.GetProperty("percentAtLast").GetDouble(), 0.01);
    }

    [Fact]
    public void Cycling_NewareBts85_Json_FirstDischargesMatchNewareNdaAndRateSteps()
    {
        var root = Json(CliRun.Of("cycling", TestFile(Bts85), "--nominal-mah-g", "450", "--json"));

        Assert.Equal(699677, root.GetProperty("rows").GetInt32());
        var discharges = Discharges(root);
        Assert.Equal(22, discharges.Length);
        Assert.Equal(1.0260, discharges[0], Tolerance);
        Assert.Equal(1.0312, discharges[1], Tolerance);
        Assert.Equal(1.0361, discharges[2], Tolerance);
        Assert.Equal(5.91, root.GetProperty("activeMassMg").GetDouble());
        var cycle1 = root.GetProperty("cycles")[0];
        Assert.Equal(1.0570, cycle1.GetProperty("chargeMah").GetDouble(), Tolerance);
        Assert.Equal(1.0260 / 0.00591, cycle1.GetProperty("dischargeMahPerG").GetDouble(), 0.02);
        Assert.Equal(1.0260 / 1.0570, cycle1.GetProperty("coulombicEfficiency").GetDouble(), 1e-4);
        // 0.0664 mA for 5.91 mg x 450 mAh/g = 2.66 mAh: C/40.
        Assert.Equal(0.025, cycle1.GetProperty("cRate").GetDouble(), 1e-3);

        var steps = root.GetProperty("rateSteps").EnumerateArray()
            .Select(s => (s.GetProperty("cRate").GetDouble(), s.GetProperty("firstCycle").GetInt32(), s.GetProperty("lastCycle").GetInt32()))
            .ToArray();
        Assert.Equal([(0.025, 1, 3), (0.05, 4, 6), (0.1, 7, 9), (0.167, 10, 12), (0.25, 13, 15), (0.5, 16, 18), (1, 19, 21)], steps);
        var retention = root.GetProperty("retention");
        Assert.Equal(19, retention.GetProperty("referenceCycle").GetInt32());
        Assert.Equal(21, retention.GetProperty("lastCycle").GetInt32());
        Assert.Equal(100 * 0.64955 / 0.66320, retention.GetProperty("percentAtLast").GetDouble(), 0.01);
    }

    [Fact]
    public void Cycling_OptionsOverrideMassReferenceAndConvention()
    {
        var root = Json(CliRun.Of("cycling", TestFile(Jdb11), "--active-mass-mg", "4.97", "--reference-cycle", "3", "--anode", "--json"));

        Assert.Equal("anode", root.GetProperty("electrode").GetString());
        var cycles = root.GetProperty("cycles");
        // Anode convention pairs discharge then charge, as navani does: cycle 1 = 0.2065 mAh in, 0.98678 mAh out.
        Assert.Equal(0.2065, cycles[0].GetProperty("dischargeMah").GetDouble(), Tolerance);
        Assert.Equal(0.98678, cycles[0].GetProperty("chargeMah").GetDouble(), Tolerance);
        Assert.Equal(0.98678 / 0.2065, cycles[0].GetProperty("coulombicEfficiency").GetDouble(), 0.01);
        Assert.Equal(0.98678 / 0.00497, cycles[0].GetProperty("chargeMahPerG").GetDouble(), 0.05);
        Assert.Equal(3, root.GetProperty("retention").GetProperty("referenceCycle").GetInt32());
    }

    [Fact]
    public void Cycling_Table_ListsCyclesRateStepAndRetention()
    {
        var run = CliRun.Of("cycling", TestFile(Jdb11));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"{Jdb11}: biologic-mpr, 46102 rows, 7 cycles (counted from steps), cathode convention", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n1          0.0000         0.2065", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("retention: 103.1 % at cycle 7 relative to cycle 2", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--reference-cycle", "1", "reference cycle 1 is not a complete cycle of this run (complete cycles: 2-7)")]
    [InlineData("--reference-cycle", "0", "bad --reference-cycle '0': expected a cycle number from 1")]
    [InlineData("--active-mass-mg", "1,5", "bad --active-mass-mg '1,5': expected a number above 0 (dot decimals)")]
    [InlineData("--nominal-mah-g", "-200", "bad --nominal-mah-g '-200': expected a number above 0 (dot decimals)")]
    public void Cycling_BadOption_Exits2WithOneLine(string option, string value, string message)
    {
        var run = CliRun.Of("cycling", TestFile(Jdb11), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.EndsWith(message, run.Stderr.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cycling_NotCyclingOrMissing_Exits2()
    {
        var missing = CliRun.Of("cycling", "/nonexistent/cell.ndax");
        var path = Path.Combine(Path.GetTempPath(), $"halide-{Guid.NewGuid():N}.mpr");
        var bytes = File.ReadAllBytes(TestFile("navani__00_test_02_MB_C01.mpr"));
        File.WriteAllBytes(path, bytes[..2000]);
        try
        {
            var truncated = CliRun.Of("cycling", path, "--json");

            Assert.Equal(2, missing.ExitCode);
            Assert.Equal("halide: no such file '/nonexistent/cell.ndax'", missing.Stderr.TrimEnd());
            Assert.Equal(2, truncated.ExitCode);
            Assert.StartsWith("halide: " + Path.GetFileName(path), truncated.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cycling_UnderGerman_SameJsonAndTable()
    {
        string[][] runs = [["cycling", TestFile(Jdb11), "--json", "--active-mass-mg", "4.97"], ["cycling", TestFile(Jdb11)]];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Of(r))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Of(r))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("\"dischargeMah\":0.8528549910909516", german[0].Stdout, StringComparison.Ordinal);
        Assert.Contains("92.01", german[1].Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycling_AsProcess_BothReferenceFilesJson()
    {
        var biologic = await RunAsync("cycling", TestFile(Jdb11), "--json");
        var neware = await RunAsync("cycling", TestFile(Bts85), "--json");

        var b = Discharges(Json(biologic));
        var n = Discharges(Json(neware));
        Assert.Equal([0.2065, 0.8529, 0.8763], b.Take(3).Select(d => Math.Round(d, 4)));
        Assert.Equal([1.0260, 1.0312, 1.0361], n.Take(3).Select(d => Math.Round(d, 4)));
        Assert.Empty(biologic.Stderr);
        Assert.Empty(neware.Stderr);
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "halide.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

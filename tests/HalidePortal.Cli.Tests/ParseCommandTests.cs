using System.Text.Json;

namespace HalidePortal.Cli.Tests;

public sealed class ParseCommandTests
{
    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var run = CliRun.Of(args);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }

    [Fact]
    public void Parse_BioLogicMpr_Json_ListsFormatRowsAndUnits()
    {
        // navani's Modulo Bat example: 11 points (row count from the peer parser navani).
        var (exit, output, _) = Run("parse", TestFile("navani__00_test_02_MB_C01.mpr"), "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("biologic-mpr", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal(11, doc.RootElement.GetProperty("rows").GetInt32());
        var columns = doc.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.Contains(columns, c => c.GetProperty("name").GetString() == "Ewe" && c.GetProperty("unit").GetString() == "V");
        Assert.Equal("MB", doc.RootElement.GetProperty("metadata").GetProperty("technique").GetString());
    }

    [Fact]
    public void Parse_Table_NamesFormatAndRowCount()
    {
        var (exit, output, _) = Run("parse", TestFile("navani__00_test_02_MB_C01.mpr"));

        Assert.Equal(0, exit);
        Assert.StartsWith("biologic-mpr, Cycling, 11 rows", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFormat_Exits2WithOneLineNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"halide-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "just some notes\n");
        try
        {
            var (exit, output, error) = Run("parse", path);

            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains(Path.GetFileName(path), error, StringComparison.Ordinal);
            Assert.Contains("not a format", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_TruncatedMpr_Exits2NamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"halide-{Guid.NewGuid():N}.mpr");
        var bytes = File.ReadAllBytes(TestFile("navani__00_test_02_MB_C01.mpr"));
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        try
        {
            var (exit, _, error) = Run("parse", path);

            Assert.Equal(2, exit);
            Assert.StartsWith("halide: " + Path.GetFileName(path), error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_MissingFile_Exits2()
    {
        var (exit, _, error) = Run("parse", "/nonexistent/cell.mpr");

        Assert.Equal(2, exit);
        Assert.Equal("halide: no such file '/nonexistent/cell.mpr'", error.TrimEnd());
    }
}

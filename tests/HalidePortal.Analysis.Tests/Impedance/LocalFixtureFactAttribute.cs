namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>
/// A test on a file that may not be committed (GPL-licensed fixtures, see the eis PROVENANCE.md): it runs when the
/// file is found in the folder named by HALIDE_FIXTURES (default /work/shared/fixtures/eis) and is skipped otherwise.
/// </summary>
public sealed class LocalFixtureFactAttribute : FactAttribute
{
    public LocalFixtureFactAttribute(string fileName)
    {
        if (!File.Exists(Path(fileName)))
        {
            Skip = $"local fixture {fileName} not found (set HALIDE_FIXTURES)";
        }
    }

    public static string Path(string fileName) =>
        System.IO.Path.Combine(Environment.GetEnvironmentVariable("HALIDE_FIXTURES") ?? "/work/shared/fixtures/eis", fileName);
}

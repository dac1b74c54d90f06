using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Ingest.Tests;

public sealed class FileNameTemperatureTests
{
    [Theory]
    [InlineData("EISFitpython_s04147-140deg.txt", 140.0)]
    [InlineData("LZC_P1_25C.mpt", 25.0)]
    [InlineData("LZACFO pellet 80 °C.z", 80.0)]
    [InlineData("pellet_25p5C.mpr", 25.5)]
    [InlineData("cold_-20C.txt", -20.0)]
    [InlineData("P2_60degC_run2.DTA", 60.0)]
    public void Parse_NameWithTemperature_ReturnsIt(string name, double expected) =>
        Assert.Equal(expected, FileNameTemperature.Parse(name));

    [Theory]
    [InlineData("PyEIS_ex1.mpt")]
    [InlineData("jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr")]
    [InlineData("impedancepy_exampleData.csv")]
    [InlineData("LZC_25C_then_80C.mpt")]
    [InlineData("ABC123.txt")]
    public void Parse_NameWithoutOneTemperature_ReturnsNull(string name) =>
        Assert.Null(FileNameTemperature.Parse(name));
}

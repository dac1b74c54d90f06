using HalidePortal.Web.Components.Shared;

namespace HalidePortal.Web.Tests;

/// <summary>A file whose name holds a pellet or cell label goes to that pellet or cell by default.</summary>
public sealed class UploadTargetTests
{
    private static readonly UploadTarget[] Targets =
    [
        new("sample:s", "sample LZACFO-01", null),
        new("pellet:p1", "pellet P1", "P1"),
        new("pellet:p2", "pellet P2", "P2"),
        new("cell:c1", "cell C1", "C1"),
        new("cell:c12", "cell C12", "C12"),
    ];

    [Theory]
    [InlineData("LZACFO_C1_gcpl.mpr", "cell:c1")]
    [InlineData("lzacfo-c12-rate.ndax", "cell:c12")]
    [InlineData("eis p2 25C.mpt", "pellet:p2")]
    [InlineData("P1.z", "pellet:p1")]
    [InlineData("C1P1.mpr", null)]
    [InlineData("run_C13.mpr", null)]
    [InlineData("P1_vs_P2.mpt", null)]
    public void For_FileNameWords_PickTheOneLabelNamed(string fileName, string? expected) =>
        Assert.Equal(expected, UploadTarget.For(fileName, Targets));
}

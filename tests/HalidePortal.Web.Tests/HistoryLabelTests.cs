using HalidePortal.Web.Components.Shared;

namespace HalidePortal.Web.Tests;

public sealed class HistoryLabelTests
{
    [Theory]
    [InlineData("BallToPowderRatio", "Ball to powder ratio")]
    [InlineData("ThicknessMm", "Thickness (mm)")]
    [InlineData("ActiveMassLoadingMgPerCm2", "Active mass loading (mg/cm²)")]
    [InlineData("RampCPerMin", "Ramp (°C/min)")]
    [InlineData("DwellTemperatureC", "Dwell temperature (°C)")]
    [InlineData("PressingPressureMPa", "Pressing pressure (MPa)")]
    [InlineData("RelativeDensityPercent", "Relative density (%)")]
    [InlineData("BatchMassG", "Batch mass (g)")]
    [InlineData("DwellTimeH", "Dwell time (h)")]
    [InlineData("Rpm", "Speed (rpm)")]
    [InlineData("Notes", "Notes")]
    [InlineData("PotentialReference", "Potential reference")]
    public void Property_CodeName_ReadsAsLabWordsWithUnit(string property, string label) =>
        Assert.Equal(label, HistoryLabels.Property(property));

    [Theory]
    [InlineData("MillingStep", "milling step")]
    [InlineData("WeighedPrecursor", "weighed precursor")]
    [InlineData("Sample", "sample")]
    public void Entity_TypeName_ReadsAsLabWords(string type, string label) => Assert.Equal(label, HistoryLabels.Entity(type));
}

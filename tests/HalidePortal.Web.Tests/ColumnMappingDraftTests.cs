using HalidePortal.Ingest;
using HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

/// <summary>The state behind the column-mapping form: guesses, quantity changes with their units, reuse of a saved mapping.</summary>
public sealed class ColumnMappingDraftTests
{
    private static MeasurementPreview Preview(params (string Header, Quantity? Quantity, string Unit)[] columns) => new(
        Guid.NewGuid(), "run7.dat", "Failed", 1, 2, ";", true, "sig", Technique.Cycling,
        columns.Select((c, i) => new PreviewColumn(i, c.Header, c.Quantity, c.Unit)).ToList(), [], []);

    [Fact]
    public void New_FromPreview_StartsWithTheGuesses()
    {
        var draft = new ColumnMappingDraft(Preview(("Spannung [mV]", Quantity.VoltageV, "mV"), ("Status", null, "")));

        Assert.Equal(["VoltageV", ""], draft.Columns.Select(c => c.QuantityKey));
        Assert.Equal("mV", draft.Columns[0].Unit);
        Assert.Equal(["V", "mV", "uV"], draft.Columns[0].Units);
        Assert.Equal(Technique.Cycling, draft.Technique);
        Assert.Equal("DAT export", draft.Name);
    }

    [Fact]
    public void Choose_OtherQuantity_TakesTheHeaderUnitWhenItFitsElseTheFirst()
    {
        var draft = new ColumnMappingDraft(Preview(("Strom [A]", null, "A"), ("Zeit", Quantity.TimeS, "s")));

        draft.Columns[0].Choose("CurrentMA");
        draft.Columns[1].Choose("VoltageV");

        Assert.Equal("A", draft.Columns[0].Unit);
        Assert.Equal("V", draft.Columns[1].Unit);
    }

    [Fact]
    public void ToInput_IgnoredColumns_HaveNoQuantityNorUnit()
    {
        var draft = new ColumnMappingDraft(Preview(("t/s", Quantity.TimeS, "s"), ("x (a.u.)", null, "")));
        draft.Columns[1].Choose("Other");

        var input = draft.ToInput();

        Assert.Equal([new ColumnChoice(0, Quantity.TimeS, "s"), new ColumnChoice(1, Quantity.Other, "a.u.")], input.Columns);
        draft.Columns[1].Choose(ColumnMappingDraft.Ignore);
        Assert.Equal(new ColumnChoice(1, null, null), draft.ToInput().Columns[1]);
    }

    [Fact]
    public void Apply_SavedMapping_TakesItsChoicesNameAndTechnique()
    {
        var draft = new ColumnMappingDraft(Preview(("a", null, ""), ("b", null, "")));
        var saved = new ColumnMappingView(Guid.NewGuid(), "Potentiostat X", "a|b", Technique.Voltammetry, 1, ";", false,
            [new MappedColumnView(0, "a", Quantity.VoltageV, "mV"), new MappedColumnView(1, "b", Quantity.CurrentMA, "uA")], "AK", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        draft.Apply(saved);

        Assert.Equal(("Potentiostat X", Technique.Voltammetry), (draft.Name, draft.Technique));
        Assert.Equal([(Quantity.VoltageV, "mV"), (Quantity.CurrentMA, "uA")], draft.Columns.Select(c => (c.Quantity!.Value, c.Unit)));
    }

    [Fact]
    public void QuantityOptions_OfferEveryMappableQuantityAndIgnore()
    {
        var labels = ColumnMappingDraft.QuantityOptions.Select(o => o.Label).ToList();

        Assert.Equal(["Time", "Voltage", "Current", "Charge capacity", "Discharge capacity", "Capacity", "Energy", "Cycle", "Step", "Frequency",
            "Re Z", "Im Z", "|Z|", "Phase", "Temperature", "2-theta", "Intensity", "Other (keep as is)", "Ignore"], labels);
    }
}

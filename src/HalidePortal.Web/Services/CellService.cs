using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed class CellService(PortalDb portalDb, TimeProvider clock)
    : SamplePartService<Cell, CellInput, CellView>(portalDb, clock)
{
    protected override string Kind => "cell";

    protected override Cell New(Guid sampleId, CellInput input) => new() { SampleId = sampleId, Label = input.Label.Trim() };

    protected override CellView View(Cell part) => ToView(part);

    // A cell's electrolyte is its sample's composition unless the form says otherwise.
    protected override void FromSample(Cell part, Sample sample) => part.SolidElectrolyte ??= sample.Composition?.Name;

    protected override void Validate(CellInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Label), "label", "required, e.g. C1");
        errors.Require(!string.IsNullOrWhiteSpace(input.Anode), "anode", "required, e.g. Li-In");
        errors.Require(!string.IsNullOrWhiteSpace(input.CathodeActiveMaterial), "cathodeActiveMaterial", "required, e.g. NCM90");
        errors.Positive(input.AreaCm2, "areaCm2", "cm2", required: true);
        if (input.ActiveFraction is { } f && !(f > 0 && f <= 1))
        {
            errors.Add("activeFraction", "must be a mass fraction between 0 and 1");
        }
        errors.Positive(input.ActiveMassLoadingMgPerCm2, "activeMassLoadingMgPerCm2", "mg/cm2");
        errors.Positive(input.VoltageMinV, "voltageMinV", "V");
        errors.Positive(input.VoltageMaxV, "voltageMaxV", "V");
        if (input.VoltageMinV is { } lo && input.VoltageMaxV is { } hi && lo >= hi)
        {
            errors.Add("voltageMaxV", "must be above the lower cut-off");
        }
        errors.Positive(input.StackPressureMPa, "stackPressureMPa", "MPa");
        if (input.TemperatureC is { } t && !(t > -273.15 && t < 1000))
        {
            errors.Add("temperatureC", "must be between -273 and 1000 C");
        }
        errors.ThrowIfAny();
    }

    protected override void Apply(Cell row, CellInput input)
    {
        row.Label = input.Label.Trim();
        row.Anode = input.Anode.Trim();
        row.Interlayer = Blank(input.Interlayer);
        row.SolidElectrolyte = Blank(input.SolidElectrolyte);
        row.CathodeActiveMaterial = input.CathodeActiveMaterial.Trim();
        row.ActiveFraction = input.ActiveFraction;
        row.ActiveMassLoadingMgPerCm2 = input.ActiveMassLoadingMgPerCm2;
        row.AreaCm2 = input.AreaCm2!.Value;
        row.VoltageMinV = input.VoltageMinV;
        row.VoltageMaxV = input.VoltageMaxV;
        row.PotentialReference = string.IsNullOrWhiteSpace(input.PotentialReference) ? "Li/Li+" : input.PotentialReference.Trim();
        row.TemperatureC = input.TemperatureC;
        row.StackPressureMPa = input.StackPressureMPa;
        row.Notes = Blank(input.Notes);
    }

    internal static CellView ToView(Cell c) => new(
        c.Id, c.SampleId, c.Label, c.Anode, c.Interlayer, c.SolidElectrolyte, c.CathodeActiveMaterial, c.ActiveFraction,
        c.ActiveMassLoadingMgPerCm2, c.AreaCm2, c.ActiveMassMg, c.VoltageMinV, c.VoltageMaxV, c.PotentialReference, c.TemperatureC,
        c.StackPressureMPa, c.Notes);
}

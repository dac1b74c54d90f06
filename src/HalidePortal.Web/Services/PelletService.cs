using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed class PelletService(PortalDb portalDb, TimeProvider clock)
    : SamplePartService<Pellet, PelletInput, PelletView>(portalDb, clock)
{
    protected override string Kind => "pellet";

    protected override Pellet New(Guid sampleId, PelletInput input) => new() { SampleId = sampleId, Label = input.Label.Trim() };

    protected override PelletView View(Pellet part) => ToView(part);

    protected override void Validate(PelletInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Label), "label", "required, e.g. P1");
        errors.Positive(input.ThicknessMm, "thicknessMm", "mm", required: true);
        errors.Positive(input.DiameterMm, "diameterMm", "mm");
        errors.Positive(input.AreaCm2, "areaCm2", "cm2");
        errors.Require(input.DiameterMm is not null || input.AreaCm2 is not null, "diameterMm", "give the diameter in mm or the area in cm2");
        errors.Positive(input.MassMg, "massMg", "mg");
        errors.Positive(input.PressingPressureMPa, "pressingPressureMPa", "MPa");
        if (input.RelativeDensityPercent is { } rho && !(rho > 0 && rho <= 100))
        {
            errors.Add("relativeDensityPercent", "must be between 0 and 100 %");
        }
        errors.ThrowIfAny();
    }

    protected override void Apply(Pellet row, PelletInput input)
    {
        row.Label = input.Label.Trim();
        row.ThicknessMm = input.ThicknessMm!.Value;
        row.DiameterMm = input.DiameterMm;
        row.AreaCm2 = input.AreaCm2;
        row.MassMg = input.MassMg;
        row.PressingPressureMPa = input.PressingPressureMPa;
        row.RelativeDensityPercent = input.RelativeDensityPercent;
    }

    internal static PelletView ToView(Pellet p) => new(
        p.Id, p.SampleId, p.Label, p.ThicknessMm, p.DiameterMm, p.AreaCm2, p.EffectiveAreaCm2, p.MassMg, p.PressingPressureMPa, p.RelativeDensityPercent);
}

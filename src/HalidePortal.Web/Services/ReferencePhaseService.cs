using HalidePortal.Analysis.Diffraction;
using HalidePortal.Domain.Diffraction;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>A new reference pattern: the lines as pasted (2-theta intensity [hkl]) and the wavelength their 2-theta were given at (Cu K-alpha1 when null).</summary>
public sealed record ReferencePhaseInput(string Name, string? Source, double? WavelengthAngstrom, string Text);

/// <summary>One entry of the reference choice; <see cref="BuiltIn"/> for the Li2ZrCl6 pattern every team has.</summary>
public sealed record ReferencePhaseSummary(Guid Id, string Name, string? Source, double WavelengthAngstrom, int Reflections, bool BuiltIn);

/// <summary>One reflection: 2-theta in degrees at the phase's wavelength, d in Angstrom, intensity relative to the strongest (100), hkl or the pasted label.</summary>
public sealed record ReferenceReflectionView(double TwoThetaDeg, double DAngstrom, double RelativeIntensity, string? Label);

public sealed record ReferencePhaseView(
    Guid Id, string Name, string? Source, double WavelengthAngstrom, bool BuiltIn, bool IntensitiesKnown, IReadOnlyList<ReferenceReflectionView> Reflections);

/// <summary>The team's reference powder patterns, beside the built-in Li2ZrCl6 (P-3m1) that cannot be deleted.</summary>
public sealed class ReferencePhaseService(PortalDb portalDb, TimeProvider clock)
{
    /// <summary>The id under which the built-in <see cref="ReferencePattern.Li2ZrCl6"/> is listed and fetched.</summary>
    public static readonly Guid BuiltInLi2ZrCl6Id = new("00000000-0000-0000-0000-00000000a2c6");

    /// <summary>Longest text accepted (about 5000 lines); a reference lists peaks, not a measured pattern.</summary>
    public const int MaxTextLength = 200_000;

    /// <summary>Shortest and longest wavelength accepted, in Angstrom (hard X-rays to cold neutrons).</summary>
    public const double MinWavelengthAngstrom = 0.01, MaxWavelengthAngstrom = 10;

    private static readonly ReferencePattern BuiltIn = ReferencePattern.Li2ZrCl6;

    public async Task<IReadOnlyList<ReferencePhaseSummary>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var own = await db.ReferencePhases.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new ReferencePhaseSummary(p.Id, p.Name, p.Source, p.WavelengthAngstrom, p.TwoThetaDeg.Length, false))
            .ToListAsync(ct);
        return [new ReferencePhaseSummary(BuiltInLi2ZrCl6Id, BuiltIn.Name, BuiltIn.Source, BuiltIn.WavelengthAngstrom, BuiltIn.Reflections.Count, true), .. own];
    }

    public async Task<ReferencePhaseView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default) =>
        ToView(id, await PatternAsync(scope, id, ct));

    /// <summary>The pattern at the wavelength it was given at; <see cref="ReferencePattern.AtWavelength"/> moves it to a measurement's.</summary>
    public async Task<ReferencePattern> PatternAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        if (id == BuiltInLi2ZrCl6Id)
        {
            return BuiltIn;
        }
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.ReferencePhases.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new RecordNotFoundException("reference pattern", id);
        return ToPattern(row);
    }

    public async Task<ReferencePhaseView> CreateAsync(TeamScope scope, ReferencePhaseInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        var pattern = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = new ReferencePhase
        {
            Name = pattern.Name,
            Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim(),
            WavelengthAngstrom = pattern.WavelengthAngstrom,
            TwoThetaDeg = [.. pattern.Reflections.Select(r => r.TwoThetaDeg)],
            RelativeIntensity = [.. pattern.Reflections.Select(r => r.RelativeIntensity)],
            Labels = [.. pattern.Reflections.Select(r => r.Label ?? "")],
        };
        db.ReferencePhases.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row.Id, ToPattern(row));
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        if (id == BuiltInLi2ZrCl6Id)
        {
            throw new RecordValidationException("id", $"{BuiltIn.Name} is built in and always offered; it cannot be deleted.");
        }
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.ReferencePhases.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("reference pattern", id);
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The input checked field by field; the text's message names the line at fault.</summary>
    public static ReferencePattern Validate(ReferencePhaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        errors.Require(name.Length is > 0 and <= 200, "name", "required, at most 200 characters, e.g. Li2ZrCl6 (P-3m1)");
        errors.Require((input.Source?.Trim().Length ?? 0) <= 2000, "source", "at most 2000 characters");
        var wavelength = input.WavelengthAngstrom ?? Scherrer.CuKAlpha1Angstrom;
        var wavelengthOk = wavelength is >= MinWavelengthAngstrom and <= MaxWavelengthAngstrom;
        errors.Require(wavelengthOk, "wavelengthAngstrom", "the wavelength the 2θ were given at, in Å between 0.01 and 10 (Cu Kα1 1.5406, Mo Kα1 0.7093)");
        ReferencePattern? pattern = null;
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            errors.Add("text", "required: one reflection a line, '2θ intensity', e.g. '16.19 100'");
        }
        else if (input.Text.Length > MaxTextLength)
        {
            errors.Add("text", $"at most {MaxTextLength} characters; a reference lists peaks, not a measured pattern");
        }
        else
        {
            try
            {
                pattern = ReferencePatternText.Parse(input.Text, name, input.Source?.Trim() ?? "", wavelengthOk ? wavelength : Scherrer.CuKAlpha1Angstrom);
            }
            catch (ReferencePatternFormatException e)
            {
                errors.Add("text", e.Message);
            }
        }
        errors.ThrowIfAny();
        return pattern!;
    }

    private static ReferencePattern ToPattern(ReferencePhase row) => ReferencePattern.FromTwoTheta(
        row.Name, row.WavelengthAngstrom, row.TwoThetaDeg, row.RelativeIntensity, [.. row.Labels.Select(l => l.Length == 0 ? null : l)], row.Source ?? "");

    private static ReferencePhaseView ToView(Guid id, ReferencePattern p) => new(
        id, p.Name, p.Source.Length == 0 ? null : p.Source, p.WavelengthAngstrom, id == BuiltInLi2ZrCl6Id, p.IntensitiesKnown,
        [.. p.Reflections.Select(r => new ReferenceReflectionView(Math.Round(r.TwoThetaDeg, 6), Math.Round(r.DAngstrom, 6), Math.Round(r.RelativeIntensity, 6), r.Indices))]);
}

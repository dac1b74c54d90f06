using System.Globalization;
using HalidePortal.Analysis.Conductivity;
using HalidePortal.Analysis.Series;
using HalidePortal.Analysis.Simulation;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// D of Li from an uploaded MD mean squared displacement (linear regime, MSD = 6 D t), and sigma by Nernst-Einstein
/// when the Li count and the cell volume are known (from the file's header or the settings).
/// </summary>
public sealed class MsdRunner : IAnalysisRunner
{
    private const int StoredPoints = 2000;

    public AnalysisKind Kind => AnalysisKind.Msd;

    public object? DefaultSettings(Measurement measurement)
    {
        if (measurement.Technique != MeasurementTechnique.Simulation)
        {
            return null;
        }
        int? ions = measurement.FileMetadata.TryGetValue("ionsPerCell", out var i)
            && int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        double? volume = measurement.FileMetadata.TryGetValue("cellVolumeA3", out var v)
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : null;
        return new MsdSettings(ions, volume);
    }

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<MsdSettings>();
        var timeS = await context.RequiredColumnAsync("TimeS", "a lag time column", cancellationToken);
        var msd = await context.RequiredColumnAsync("MsdA2", "an MSD column", cancellationToken);
        var timePs = timeS.Select(t => t * 1e12).ToArray();
        var fit = MsdDiffusion.Fit(timePs, msd);
        double? kelvin = context.Measurement.TemperatureC is { } c ? c + ArrheniusFit.ZeroCelsiusK : null;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Linear regime {fit.FromPs:G3} to {fit.ToPs:G3} ps ({fit.Points} points, log-log slope {fit.LogLogSlope:0.00})."),
        };
        double? sigma = null;
        if (settings.IonsPerCell is { } ions && settings.CellVolumeA3 is { } volume && kelvin is { } k)
        {
            sigma = NernstEinstein.Conductivity(fit.DiffusionCm2PerS, NernstEinstein.CarriersPerCm3(ions, volume), k, 1, settings.HavenRatio);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"σ by Nernst-Einstein with {ions} Li in {volume:G4} Å³, Haven ratio {settings.HavenRatio:G3}."));
        }
        else
        {
            notes.Add("No conductivity: give the Li count and cell volume (and the temperature) to get σ by Nernst-Einstein.");
        }
        var (t, m) = SeriesDecimation.MinMax(timePs, msd, StoredPoints / 2);
        var record = new MsdRecord(kelvin, fit.DiffusionCm2PerS, fit.DiffusionStdErrCm2PerS, fit.FromPs, fit.ToPs, fit.RSquared, sigma,
            settings.HavenRatio, t, m, notes);
        return new AnalysisOutcome(record, "msd-einstein/1");
    }
}

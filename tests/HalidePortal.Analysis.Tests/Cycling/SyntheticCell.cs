using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>
/// A generated constant-current cycling run with answers known in closed form. Each half runs at constant |I| for
/// Q / |I| hours in 100 equal time steps, so Q = |I| t / 3600 exactly; the voltage follows a piecewise-linear profile
/// of the fraction x = q / Q passed (charge: 3.2 V to 3.7 V over x 0-0.2, a 3.70-3.72 V plateau over 0.2-0.8, 3.72 V
/// to 4.0 V over 0.8-1; discharge: the same 0.05 V lower, run backwards). Breakpoints fall on rows, so trapezoidal
/// energies are exact: E = Q x 3.688 V on charge and Q x 3.638 V on discharge. A 10-row rest (I = 0) precedes each half.
/// </summary>
internal sealed class SyntheticCell
{
    public const double MeanChargeV = 3.688;
    public const double MeanDischargeV = 3.638;
    public const double PlateauChargeV = 3.71;
    public const double PlateauDischargeV = 3.66;
    public const int RowsPerHalf = 101;
    public const int RestRows = 10;

    private readonly List<double> _time = [], _voltage = [], _current = [], _cycle = [], _step = [];
    private readonly List<double> _charge = [], _discharge = [], _signed = [], _chargeEnergy = [], _dischargeEnergy = [];
    private int _stepNumber;

    /// <summary>One half: positive capacity on charge, with its current magnitude in mA.</summary>
    public readonly record struct Half(bool Charge, double CapacityMAh, double CurrentMA);

    /// <summary>Builds the run; halves are grouped into the given file cycles (only used when indices are written).</summary>
    public static CyclingSeries Build(IEnumerable<(int FileCycle, Half Half)> halves, bool indices = false, bool stepCounters = false, bool signedCounter = false)
    {
        var cell = new SyntheticCell();
        foreach (var (fileCycle, half) in halves)
        {
            cell.Rest(fileCycle);
            cell.Run(fileCycle, half);
        }
        return new CyclingSeries
        {
            TimeS = [.. cell._time],
            VoltageV = [.. cell._voltage],
            CurrentMA = [.. cell._current],
            CycleIndex = indices ? [.. cell._cycle] : null,
            StepIndex = indices ? [.. cell._step] : null,
            ChargeCapacityMAh = stepCounters ? [.. cell._charge] : null,
            DischargeCapacityMAh = stepCounters ? [.. cell._discharge] : null,
            ChargeEnergyMWh = stepCounters ? [.. cell._chargeEnergy] : null,
            DischargeEnergyMWh = stepCounters ? [.. cell._dischargeEnergy] : null,
            SignedCapacityMAh = signedCounter ? [.. cell._signed] : null,
        };
    }

    /// <summary>Charge-first cycles (cathode): cycle k charges Q_dis / CE and discharges Q_dis at the given current.</summary>
    public static IEnumerable<(int, Half)> ChargeFirst(IReadOnlyList<(double DischargeMAh, double Ce, double CurrentMA)> cycles) =>
        cycles.SelectMany((c, k) => new[]
        {
            (k + 1, new Half(true, c.DischargeMAh / c.Ce, c.CurrentMA)),
            (k + 1, new Half(false, c.DischargeMAh, c.CurrentMA)),
        });

    public static double ChargeVoltage(double x) =>
        x <= 0.2 ? 3.2 + 2.5 * x : x <= 0.8 ? 3.7 + 0.02 * (x - 0.2) / 0.6 : 3.72 + 1.4 * (x - 0.8);

    private double LastTime => _time.Count == 0 ? 0 : _time[^1];

    private double LastVoltage => _voltage.Count == 0 ? 3.2 : _voltage[^1];

    private void Rest(int fileCycle)
    {
        _stepNumber++;
        double v = LastVoltage;
        double t0 = LastTime;
        for (int k = 0; k < RestRows; k++)
        {
            Add(t0 + 60 * (k + 1), v, 0, fileCycle, 0, 0, 0, 0);
        }
    }

    private void Run(int fileCycle, Half half)
    {
        _stepNumber++;
        double t0 = LastTime;
        double duration = half.CapacityMAh / half.CurrentMA * 3600;
        double sign = half.Charge ? 1 : -1;
        int n = RowsPerHalf - 1;
        for (int k = 0; k <= n; k++)
        {
            double x = (double)k / n;
            double q = half.CapacityMAh * x;
            // Energy of the piecewise-linear profile up to x, by the same trapezoids the rows describe.
            double e = half.CapacityMAh * EnergyFraction(x, half.Charge);
            double v = half.Charge ? ChargeVoltage(x) : ChargeVoltage(1 - x) - 0.05;
            Add(t0 + duration * k / n, v, sign * half.CurrentMA, fileCycle, half.Charge ? q : 0, half.Charge ? 0 : q,
                half.Charge ? e : 0, half.Charge ? 0 : e);
        }
    }

    /// <summary>Integral of V over the first x of a half, per unit capacity (exact for the piecewise-linear profile).</summary>
    private static double EnergyFraction(double x, bool charge)
    {
        const int Steps = 2000;
        double sum = 0;
        for (int k = 0; k < Steps; k++)
        {
            double a = x * k / Steps, b = x * (k + 1) / Steps;
            double va = charge ? ChargeVoltage(a) : ChargeVoltage(1 - a) - 0.05;
            double vb = charge ? ChargeVoltage(b) : ChargeVoltage(1 - b) - 0.05;
            sum += (va + vb) / 2 * (b - a);
        }
        return sum;
    }

    private void Add(double t, double v, double i, int cycle, double qCh, double qDis, double eCh, double eDis)
    {
        _time.Add(t);
        _voltage.Add(v);
        _current.Add(i);
        _cycle.Add(cycle);
        _step.Add(_stepNumber);
        _charge.Add(qCh);
        _discharge.Add(qDis);
        _signed.Add(qCh - qDis);
        _chargeEnergy.Add(eCh);
        _dischargeEnergy.Add(eDis);
    }
}

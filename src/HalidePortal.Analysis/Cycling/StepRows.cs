namespace HalidePortal.Analysis.Cycling;

/// <summary>
/// The rows of one step, and the row before it, copied out of a run's blocks into arrays that are reused from step to
/// step and grow by doubling. <see cref="Series"/> shows them as a small series whose row 0 is the row before the step,
/// so a step's measures see exactly the rows they would see in the whole run.
/// </summary>
internal sealed class StepRows
{
    private const int InitialCapacity = 1024;

    private double[] _time = new double[InitialCapacity];
    private double[] _voltage = new double[InitialCapacity];
    private double[] _current = new double[InitialCapacity];
    private double[]? _cycle, _step, _charge, _discharge, _signed, _chargeEnergy, _dischargeEnergy;
    private CyclingSeries? _series;

    /// <summary>Buffers the columns <paramref name="layout"/> has (every block of a run has the same ones).</summary>
    public StepRows(CyclingSeries layout)
    {
        _cycle = Like(layout.CycleIndex);
        _step = Like(layout.StepIndex);
        _charge = Like(layout.ChargeCapacityMAh);
        _discharge = Like(layout.DischargeCapacityMAh);
        _signed = Like(layout.SignedCapacityMAh);
        _chargeEnergy = Like(layout.ChargeEnergyMWh);
        _dischargeEnergy = Like(layout.DischargeEnergyMWh);
    }

    public int Count { get; private set; }

    /// <summary>The buffered rows as a series; its columns are longer than <see cref="Count"/>, so read only rows below it.</summary>
    public CyclingSeries Series => _series ??= new CyclingSeries
    {
        TimeS = _time,
        VoltageV = _voltage,
        CurrentMA = _current,
        CycleIndex = _cycle,
        StepIndex = _step,
        ChargeCapacityMAh = _charge,
        DischargeCapacityMAh = _discharge,
        SignedCapacityMAh = _signed,
        ChargeEnergyMWh = _chargeEnergy,
        DischargeEnergyMWh = _dischargeEnergy,
    };

    /// <summary>Appends rows [from, from + count) of a block.</summary>
    public void Append(CyclingSeries block, int from, int count)
    {
        if (count == 0)
        {
            return;
        }
        Reserve(Count + count);
        Copy(block.TimeS, _time, from, count);
        Copy(block.VoltageV, _voltage, from, count);
        Copy(block.CurrentMA, _current, from, count);
        Copy(block.CycleIndex, _cycle, from, count);
        Copy(block.StepIndex, _step, from, count);
        Copy(block.ChargeCapacityMAh, _charge, from, count);
        Copy(block.DischargeCapacityMAh, _discharge, from, count);
        Copy(block.SignedCapacityMAh, _signed, from, count);
        Copy(block.ChargeEnergyMWh, _chargeEnergy, from, count);
        Copy(block.DischargeEnergyMWh, _dischargeEnergy, from, count);
        Count += count;
    }

    /// <summary>Keeps only the last row: it becomes the row before the next step.</summary>
    public void KeepLast()
    {
        if (Count <= 1)
        {
            return;
        }
        int last = Count - 1;
        MoveToFirst(_time, last);
        MoveToFirst(_voltage, last);
        MoveToFirst(_current, last);
        MoveToFirst(_cycle, last);
        MoveToFirst(_step, last);
        MoveToFirst(_charge, last);
        MoveToFirst(_discharge, last);
        MoveToFirst(_signed, last);
        MoveToFirst(_chargeEnergy, last);
        MoveToFirst(_dischargeEnergy, last);
        Count = 1;
    }

    public void Clear() => Count = 0;

    private static void MoveToFirst(double[]? column, int row)
    {
        if (column is not null)
        {
            column[0] = column[row];
        }
    }

    private void Copy(double[]? source, double[]? target, int from, int count)
    {
        if (target is not null)
        {
            Array.Copy(source!, from, target, Count, count);
        }
    }

    private void Reserve(int rows)
    {
        if (rows <= _time.Length)
        {
            return;
        }
        int capacity = _time.Length;
        while (capacity < rows)
        {
            capacity = (int)Math.Min(Array.MaxLength, 2L * capacity);
        }
        _time = Resized(_time, capacity)!;
        _voltage = Resized(_voltage, capacity)!;
        _current = Resized(_current, capacity)!;
        _cycle = Resized(_cycle, capacity);
        _step = Resized(_step, capacity);
        _charge = Resized(_charge, capacity);
        _discharge = Resized(_discharge, capacity);
        _signed = Resized(_signed, capacity);
        _chargeEnergy = Resized(_chargeEnergy, capacity);
        _dischargeEnergy = Resized(_dischargeEnergy, capacity);
        _series = null;
    }

    private double[]? Resized(double[]? column, int capacity)
    {
        if (column is null)
        {
            return null;
        }
        var grown = new double[capacity];
        Array.Copy(column, grown, Count);
        return grown;
    }

    private static double[]? Like(double[]? column) => column is null ? null : new double[InitialCapacity];
}

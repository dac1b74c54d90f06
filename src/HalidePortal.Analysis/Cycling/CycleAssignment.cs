using System.Globalization;

namespace HalidePortal.Analysis.Cycling;

/// <summary>Gives every step a cycle number: the file's index when it means one charge/discharge pair, else counted.</summary>
internal static class CycleAssignment
{
    public static int[] Assign(IReadOnlyList<StepDetection.Segment> segments, ElectrodeConvention electrode,
        List<string> notes, out CycleSource source)
    {
        if (segments.All(s => s.FileCycle is not null))
        {
            string? problem = FileIndexProblem(segments);
            if (problem is null)
            {
                source = CycleSource.FileIndex;
                return segments.Select(s => (int)s.FileCycle!.Value).ToArray();
            }
            notes.Add($"The file's cycle index was not used: {problem}. Cycles are counted from the steps instead.");
        }
        source = CycleSource.Counted;
        return Count(segments, electrode);
    }

    /// <summary>Neware's default count: cycle 1 at the start, a new cycle at the first step of the leading direction
    /// (charge for a cathode, discharge for an anode) once the other direction has run since the last new cycle.</summary>
    private static int[] Count(IReadOnlyList<StepDetection.Segment> segments, ElectrodeConvention electrode)
    {
        var lead = electrode == ElectrodeConvention.Cathode ? StepKind.Charge : StepKind.Discharge;
        var other = lead == StepKind.Charge ? StepKind.Discharge : StepKind.Charge;
        var cycles = new int[segments.Count];
        int cycle = 1;
        bool otherSeen = false;
        for (int k = 0; k < segments.Count; k++)
        {
            if (segments[k].Kind == lead && otherSeen)
            {
                cycle++;
                otherSeen = false;
            }
            else if (segments[k].Kind == other)
            {
                otherSeen = true;
            }
            cycles[k] = cycle;
        }
        return cycles;
    }

    /// <summary>Why the file's index cannot be the cycle number: it goes backwards or below 1, or one cycle holds
    /// more than one charge or discharge half (a loop counter rather than a cycle count); null when it is fine.</summary>
    private static string? FileIndexProblem(IReadOnlyList<StepDetection.Segment> segments)
    {
        long previous = long.MinValue;
        int k = 0;
        while (k < segments.Count)
        {
            long cycle = segments[k].FileCycle!.Value;
            if (cycle < 1 || cycle < previous)
            {
                return string.Create(CultureInfo.InvariantCulture, $"it goes from {previous} to {cycle} at row {segments[k].Start}");
            }
            int charges = 0, discharges = 0;
            var last = StepKind.Rest;
            for (; k < segments.Count && segments[k].FileCycle == cycle; k++)
            {
                var kind = segments[k].Kind;
                if (kind != StepKind.Rest && kind != last)
                {
                    charges += kind == StepKind.Charge ? 1 : 0;
                    discharges += kind == StepKind.Discharge ? 1 : 0;
                    last = kind;
                }
            }
            if (charges > 1 || discharges > 1)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"its cycle {cycle} holds {charges} charge and {discharges} discharge halves");
            }
            previous = cycle;
        }
        return null;
    }
}

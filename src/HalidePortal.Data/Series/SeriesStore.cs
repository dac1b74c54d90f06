using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HalidePortal.Data.Series;

/// <summary>One column to store: its description and all its values.</summary>
public sealed record ColumnValues(string Name, string Unit, string Quantity, double[] Values);

/// <summary>
/// Bulk storage of a measurement's series and per-cycle summaries with PostgreSQL binary COPY. Writes replace
/// whatever the measurement had, inside the caller's transaction, so a retried job never duplicates rows.
/// </summary>
public static class SeriesStore
{
    /// <summary>Replaces the measurement's columns and chunks (and clears its cycle summaries and curves); reports progress as the fraction of values written.</summary>
    public static async Task WriteColumnsAsync(PortalDbContext db, Guid measurementId, Guid teamId,
        IReadOnlyList<ColumnValues> columns, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        await using var writer = await BeginColumnsAsync(db, measurementId, teamId, cancellationToken);
        int rows = columns.Count == 0 ? 0 : columns.Max(c => c.Values.Length);
        if (columns.Any(c => c.Values.Length != rows))
        {
            throw new ArgumentException("columns of different lengths", nameof(columns));
        }
        var block = new ArraySegment<double>[columns.Count];
        for (int start = 0; start < rows; start += SeriesChunk.Length)
        {
            int length = Math.Min(SeriesChunk.Length, rows - start);
            for (int i = 0; i < columns.Count; i++)
            {
                // A segment, not a copy: a million-row file would otherwise allocate its columns a second time.
                block[i] = new ArraySegment<double>(columns[i].Values, start, length);
            }
            writer.Append(block);
            progress?.Report((double)(start + length) / rows);
        }
        await writer.CompleteAsync(columns.Select(c => (c.Name, c.Unit, c.Quantity)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Starts replacing the measurement's series (clearing its columns, chunks, cycle summaries and curves) for a file
    /// read in blocks: each block goes to the database as it arrives, so memory holds one block, not the file.
    /// </summary>
    public static async Task<SeriesWriter> BeginColumnsAsync(PortalDbContext db, Guid measurementId, Guid teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = await OpenAsync(db, cancellationToken);
        foreach (var table in (string[])["SeriesChunks", "MeasurementColumns", "CycleSummaries", "CycleCurves"])
        {
            await DeleteAsync(connection, table, measurementId, cancellationToken);
        }
        var chunks = await connection.BeginBinaryImportAsync(
            "COPY \"SeriesChunks\" (\"MeasurementId\", \"ColumnIndex\", \"ChunkIndex\", \"TeamId\", \"Values\") FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        return new SeriesWriter(connection, chunks, measurementId, teamId);
    }

    /// <summary>Replaces the measurement's per-cycle summaries.</summary>
    public static async Task WriteCyclesAsync(PortalDbContext db, Guid measurementId, Guid teamId,
        IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cycles);
        var connection = await OpenAsync(db, cancellationToken);
        await DeleteAsync(connection, "CycleSummaries", measurementId, cancellationToken);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"CycleSummaries\" (\"MeasurementId\", \"Cycle\", \"TeamId\", \"ChargeMah\", \"DischargeMah\", \"ChargeMahPerG\", \"DischargeMahPerG\", " +
            "\"CoulombicEfficiency\", \"ChargeEnergyMWh\", \"DischargeEnergyMWh\", \"MeanChargeVoltageV\", \"MeanDischargeVoltageV\", \"CRate\", \"RetentionPercent\") " +
            "FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var c in cycles)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(measurementId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(c.Cycle, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(teamId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(c.ChargeMah, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(c.DischargeMah, NpgsqlDbType.Double, cancellationToken);
            foreach (var value in new[] { c.ChargeMahPerG, c.DischargeMahPerG, c.CoulombicEfficiency, c.ChargeEnergyMWh, c.DischargeEnergyMWh,
                c.MeanChargeVoltageV, c.MeanDischargeVoltageV, c.CRate, c.RetentionPercent })
            {
                await WriteNullableAsync(writer, value, cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>Replaces the measurement's per-cycle voltage-capacity and dQ/dV curves.</summary>
    public static async Task WriteCurvesAsync(PortalDbContext db, Guid measurementId, Guid teamId,
        IReadOnlyList<CycleCurve> curves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(curves);
        var connection = await OpenAsync(db, cancellationToken);
        await DeleteAsync(connection, "CycleCurves", measurementId, cancellationToken);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"CycleCurves\" (\"MeasurementId\", \"Cycle\", \"Kind\", \"TeamId\", \"CapacityMAh\", \"VoltageV\", \"DqDvVoltageV\", \"DqDvMAhPerV\") " +
            "FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var c in curves)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(measurementId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(c.Cycle, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(c.Kind, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(teamId, NpgsqlDbType.Uuid, cancellationToken);
            foreach (var values in new[] { c.CapacityMAh, c.VoltageV, c.DqDvVoltageV, c.DqDvMAhPerV })
            {
                await writer.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>All values of one column in row order.</summary>
    public static async Task<double[]> ReadColumnAsync(PortalDbContext db, Guid measurementId, int columnIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var chunks = await db.SeriesChunks.AsNoTracking()
            .Where(c => c.MeasurementId == measurementId && c.ColumnIndex == columnIndex)
            .OrderBy(c => c.ChunkIndex)
            .Select(c => c.Values)
            .ToListAsync(cancellationToken);
        var result = new double[chunks.Sum(c => c.Length)];
        int offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }
        return result;
    }

    internal static async Task WriteColumnInfosAsync(NpgsqlConnection connection, Guid measurementId, Guid teamId,
        IReadOnlyList<(string Name, string Unit, string Quantity, double? Min, double? Max)> columns, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"MeasurementColumns\" (\"MeasurementId\", \"Index\", \"TeamId\", \"Name\", \"Unit\", \"Quantity\", \"Min\", \"Max\") FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        for (int i = 0; i < columns.Count; i++)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(measurementId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(teamId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(columns[i].Name, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(columns[i].Unit, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(columns[i].Quantity, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, columns[i].Min, cancellationToken);
            await WriteNullableAsync(writer, columns[i].Max, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        return connection;
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, string table, Guid measurementId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM \"{table}\" WHERE \"MeasurementId\" = @id";
        command.Parameters.AddWithValue("id", measurementId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, double? value, CancellationToken cancellationToken)
    {
        if (value is { } v && double.IsFinite(v))
        {
            await writer.WriteAsync(v, NpgsqlDbType.Double, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }
}

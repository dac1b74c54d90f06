using System.Buffers.Binary;
using System.Text;

namespace HalidePortal.Ingest.Databases;

/// <summary>Column types of a Jet table (the ones instrument databases use).</summary>
public enum JetColumnType : byte
{
    Boolean = 0x01,
    Byte = 0x02,
    Int16 = 0x03,
    Int32 = 0x04,
    Money = 0x05,
    Single = 0x06,
    Double = 0x07,
    DateTime = 0x08,
    Binary = 0x09,
    Text = 0x0A,
    Ole = 0x0B,
    Memo = 0x0C,
    Guid = 0x0F,
    Numeric = 0x10,
}

/// <summary>A column as the table definition states it.</summary>
public sealed record JetColumn(string Name, JetColumnType Type, int Number, int VariableIndex, int FixedOffset,
    int Length, bool IsFixed);

/// <summary>
/// A minimal read-only reader for Microsoft Access (Jet 4) databases, as Arbin MITS Pro writes its .res files:
/// 4096-byte pages; the catalog (MSysObjects) defined on page 2; table definition pages (type 2, possibly continued)
/// listing columns; data pages (type 1) holding rows packed from the page end, each with its fixed columns, variable
/// columns, an offset table and a null mask. Layout facts from the mdbtools HACKING notes. Indexes, long values
/// (memo/OLE pages) and Jet 3 (2048-byte pages) are not read.
/// </summary>
public sealed class JetDatabase
{
    public const int PageSize = 4096;
    private const int CatalogPage = 2;
    private const int FlagLookup = 0x4000;
    private const int FlagDeleted = 0x8000;
    private const int OffsetMask = 0x1FFF;

    private readonly Stream _stream;
    private readonly long _pageCount;
    private readonly Dictionary<int, List<int>> _dataPagesByTable = [];
    private readonly Dictionary<string, int> _tables = new(StringComparer.OrdinalIgnoreCase);

    private JetDatabase(Stream seekable, string fileName)
    {
        _stream = seekable;
        FileName = fileName;
        _pageCount = seekable.Length / PageSize;
    }

    public string FileName { get; }

    /// <summary>User and system tables by name, with their definition page.</summary>
    public IReadOnlyDictionary<string, int> Tables => _tables;

    /// <summary>Whether the first bytes are a Jet/ACE database header ("Standard Jet DB" or "Standard ACE DB").</summary>
    public static bool LooksLikeJet(ReadOnlySpan<byte> head) =>
        head.Length >= 0x15 && head[0] == 0 && head[1] == 1
        && (head[4..].StartsWith("Standard Jet DB"u8) || head[4..].StartsWith("Standard ACE DB"u8));

    /// <summary>Opens a database on a seekable stream: checks the header, indexes the data pages and reads the catalog.</summary>
    public static JetDatabase Open(Stream seekable, string fileName)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        if (!seekable.CanSeek)
        {
            throw new ArgumentException("the Jet reader needs a seekable stream", nameof(seekable));
        }
        var db = new JetDatabase(seekable, fileName);
        var page = new byte[PageSize];
        if (db._pageCount < 3 || !db.TryReadPage(0, page) || !LooksLikeJet(page))
        {
            throw new InstrumentFileException(fileName, "not an MS Access database: no \"Standard Jet DB\" header", 0);
        }
        if (page[0x14] == 0)
        {
            throw new InstrumentFileException(fileName, "an Access 97 (Jet 3) database, which this reader does not read", 0x14);
        }
        db.IndexPages(page);
        db.ReadCatalog();
        return db;
    }

    /// <summary>Reads one table's definition.</summary>
    public JetTable OpenTable(string name)
    {
        if (!_tables.TryGetValue(name, out int tdef))
        {
            throw new InstrumentFileException(FileName, $"the database has no table {name}");
        }
        return ReadDefinition(tdef, name);
    }

    private bool TryReadPage(long number, byte[] buffer)
    {
        if (number < 0 || number >= _pageCount)
        {
            return false;
        }
        _stream.Position = number * PageSize;
        _stream.ReadExactly(buffer);
        return true;
    }

    private byte[] ReadPage(long number, byte[] buffer, string what)
    {
        if (!TryReadPage(number, buffer))
        {
            throw new InstrumentFileException(FileName, $"{what} points at page {number}, past the end of the file", number * PageSize);
        }
        return buffer;
    }

    /// <summary>One pass over the page headers: which data pages belong to which table definition.</summary>
    private void IndexPages(byte[] page)
    {
        for (long p = 1; p < _pageCount; p++)
        {
            _stream.Position = p * PageSize;
            _stream.ReadExactly(page, 0, 8);
            if (page[0] == 0x01)
            {
                int owner = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(4));
                if (!_dataPagesByTable.TryGetValue(owner, out var list))
                {
                    _dataPagesByTable[owner] = list = [];
                }
                list.Add((int)p);
            }
        }
    }

    private void ReadCatalog()
    {
        var catalog = ReadDefinition(CatalogPage, "MSysObjects");
        var id = catalog.Find("Id");
        var name = catalog.Find("Name");
        var type = catalog.Find("Type");
        if (id is null || name is null || type is null)
        {
            throw new InstrumentFileException(FileName, "the catalog (MSysObjects) lacks its Id, Name or Type column", CatalogPage * PageSize);
        }
        catalog.ForEachRow(row =>
        {
            // Type 1 is a local table; the low three bytes of Id are its definition page.
            if (row.GetDouble(type) == 1 && row.GetText(name) is { Length: > 0 } tableName)
            {
                _tables[tableName] = (int)row.GetDouble(id) & 0x00FFFFFF;
            }
        });
    }

    private JetTable ReadDefinition(int pageNumber, string name)
    {
        var page = ReadPage(pageNumber, new byte[PageSize], $"table {name}");
        if (page[0] != 0x02)
        {
            throw new InstrumentFileException(FileName, $"page {pageNumber} of table {name} is not a table definition", (long)pageNumber * PageSize);
        }
        // A long definition continues on further pages, each after an 8-byte header.
        var definition = new List<byte>(page);
        int next = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(4));
        for (int hops = 0; next != 0; hops++)
        {
            if (hops > 64)
            {
                throw new InstrumentFileException(FileName, $"the definition of table {name} loops", (long)pageNumber * PageSize);
            }
            var more = ReadPage(next, new byte[PageSize], $"table {name}");
            definition.AddRange(more.AsSpan(8).ToArray());
            next = BinaryPrimitives.ReadInt32LittleEndian(more.AsSpan(4));
        }
        var d = definition.ToArray();
        long at = (long)pageNumber * PageSize;
        try
        {
            int rowCount = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(0x10));
            int variableColumns = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(0x2B));
            int columnCount = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(0x2D));
            int realIndexes = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(0x33));
            if (realIndexes is < 0 or > 1000 || columnCount > 4096)
            {
                throw new InstrumentFileException(FileName, $"the definition of table {name} is damaged", at);
            }
            int offset = 0x3F + (12 * realIndexes);
            var raw = new List<(JetColumnType Type, int Number, int Var, int Fixed, int Length, bool IsFixed)>(columnCount);
            for (int i = 0; i < columnCount; i++, offset += 25)
            {
                var c = d.AsSpan(offset, 25);
                raw.Add(((JetColumnType)c[0], BinaryPrimitives.ReadUInt16LittleEndian(c[5..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(c[7..]), BinaryPrimitives.ReadUInt16LittleEndian(c[21..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(c[23..]), (c[15] & 0x01) != 0));
            }
            var columns = new List<JetColumn>(columnCount);
            foreach (var c in raw)
            {
                int length = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(offset));
                string columnName = Encoding.Unicode.GetString(d, offset + 2, length);
                offset += 2 + length;
                columns.Add(new JetColumn(columnName, c.Type, c.Number, c.Var, c.Fixed, c.Length, c.IsFixed));
            }
            var pages = _dataPagesByTable.GetValueOrDefault(pageNumber) ?? [];
            return new JetTable(this, name, columns, rowCount, variableColumns, pages);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException)
        {
            throw new InstrumentFileException(FileName, $"the definition of table {name} is cut short", at);
        }
    }

    internal void ReadRows(JetTable table, Action<JetRecord> visit)
    {
        var page = new byte[PageSize];
        var overflow = new byte[PageSize];
        foreach (int p in table.DataPages)
        {
            ReadPage(p, page, $"table {table.Name}");
            int rows = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(12));
            if (14 + (2 * rows) > PageSize)
            {
                throw new InstrumentFileException(FileName, $"data page {p} of table {table.Name} claims {rows} rows", (long)p * PageSize);
            }
            for (int r = 0; r < rows; r++)
            {
                int offset = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(14 + (2 * r)));
                if ((offset & FlagDeleted) != 0)
                {
                    continue;
                }
                var (start, end) = RowBounds(page, r, offset);
                if ((offset & FlagLookup) != 0)
                {
                    // The row moved: its place holds a pointer (row number, then 3-byte page number).
                    if (end - start < 4)
                    {
                        continue;
                    }
                    int targetRow = page[start];
                    int targetPage = page[start + 1] | (page[start + 2] << 8) | (page[start + 3] << 16);
                    ReadPage(targetPage, overflow, $"row {r} of data page {p}");
                    int targetRows = BinaryPrimitives.ReadUInt16LittleEndian(overflow.AsSpan(12));
                    if (targetRow >= targetRows)
                    {
                        continue;
                    }
                    int targetOffset = BinaryPrimitives.ReadUInt16LittleEndian(overflow.AsSpan(14 + (2 * targetRow)));
                    var (s2, e2) = RowBounds(overflow, targetRow, targetOffset);
                    Visit(table, overflow, s2, e2, targetPage, visit);
                    continue;
                }
                Visit(table, page, start, end, p, visit);
            }
        }
    }

    private void Visit(JetTable table, byte[] page, int start, int end, int pageNumber, Action<JetRecord> visit)
    {
        if (start < 14 || end > PageSize || end - start < 3)
        {
            throw new InstrumentFileException(FileName, $"a row of table {table.Name} lies outside its page {pageNumber}",
                ((long)pageNumber * PageSize) + start);
        }
        long position = ((long)pageNumber * PageSize) + start;
        try
        {
            visit(new JetRecord(table, page, start, end - start, position));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException)
        {
            // A row whose column count, offsets or null mask point outside it.
            throw new InstrumentFileException(FileName, $"a row of table {table.Name} is damaged", position);
        }
    }

    /// <summary>Rows fill the page from its end: a row ends where the row before it (in the offset table) starts.</summary>
    private static (int Start, int End) RowBounds(byte[] page, int row, int offset)
    {
        int start = offset & OffsetMask;
        int end = row == 0 ? PageSize : BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(14 + (2 * (row - 1)))) & OffsetMask;
        return (start, end);
    }
}

/// <summary>A table of a <see cref="JetDatabase"/>: its columns and a way to visit its rows.</summary>
public sealed class JetTable
{
    private readonly JetDatabase _db;

    internal JetTable(JetDatabase db, string name, IReadOnlyList<JetColumn> columns, int declaredRows, int variableColumns,
        IReadOnlyList<int> dataPages)
    {
        _db = db;
        Name = name;
        Columns = columns;
        DeclaredRowCount = declaredRows;
        VariableColumnCount = variableColumns;
        DataPages = dataPages;
    }

    public string Name { get; }

    public IReadOnlyList<JetColumn> Columns { get; }

    /// <summary>The row count the definition states (rows read may differ in a damaged file).</summary>
    public int DeclaredRowCount { get; }

    internal int VariableColumnCount { get; }

    internal IReadOnlyList<int> DataPages { get; }

    public JetColumn? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Visits every live row in page order; a record is valid only during its visit.</summary>
    public void ForEachRow(Action<JetRecord> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        _db.ReadRows(this, visit);
    }
}

/// <summary>One row of a Jet table, read in place from its page.</summary>
public readonly struct JetRecord
{
    private readonly JetTable _table;
    private readonly byte[] _page;
    private readonly int _start;
    private readonly int _length;

    internal JetRecord(JetTable table, byte[] page, int start, int length, long filePosition)
    {
        _table = table;
        _page = page;
        _start = start;
        _length = length;
        FilePosition = filePosition;
    }

    /// <summary>Byte offset of the row in the file, for error messages.</summary>
    public long FilePosition { get; }

    private ReadOnlySpan<byte> Row => _page.AsSpan(_start, _length);

    private int ColumnsInRow => BinaryPrimitives.ReadUInt16LittleEndian(Row);

    private int NullMaskLength => (ColumnsInRow + 7) / 8;

    /// <summary>False when the column is null or absent from this row (added to the table after it was written).</summary>
    public bool HasValue(JetColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        int count = ColumnsInRow;
        if (column.Number >= count)
        {
            return false;
        }
        var mask = Row[^NullMaskLength..];
        return (mask[column.Number / 8] & (1 << (column.Number % 8))) != 0;
    }

    /// <summary>The column as a number (booleans 0/1, dates as OLE days, currency in units); NaN when null or not numeric.</summary>
    public double GetDouble(JetColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type == JetColumnType.Boolean)
        {
            return HasValue(column) ? 1 : 0;
        }
        if (!HasValue(column) || !column.IsFixed)
        {
            return double.NaN;
        }
        int at = 2 + column.FixedOffset;
        int size = column.Type switch
        {
            JetColumnType.Byte => 1,
            JetColumnType.Int16 => 2,
            JetColumnType.Int32 or JetColumnType.Single => 4,
            JetColumnType.Money or JetColumnType.Double or JetColumnType.DateTime => 8,
            _ => 0,
        };
        if (size == 0 || at + size > _length - NullMaskLength)
        {
            return double.NaN;
        }
        var v = Row.Slice(at, size);
        return column.Type switch
        {
            JetColumnType.Byte => v[0],
            JetColumnType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(v),
            JetColumnType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(v),
            JetColumnType.Single => BinaryPrimitives.ReadSingleLittleEndian(v),
            JetColumnType.Money => BinaryPrimitives.ReadInt64LittleEndian(v) / 10000.0,
            _ => BinaryPrimitives.ReadDoubleLittleEndian(v),
        };
    }

    /// <summary>A text column's value (Jet 4 UCS-2, or its compressed form), or null when null.</summary>
    public string? GetText(JetColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type != JetColumnType.Text || !HasValue(column))
        {
            return null;
        }
        ReadOnlySpan<byte> bytes;
        if (column.IsFixed)
        {
            int at = 2 + column.FixedOffset;
            if (at + column.Length > _length)
            {
                return null;
            }
            bytes = Row.Slice(at, column.Length);
        }
        else
        {
            if (_table.VariableColumnCount == 0)
            {
                return null;
            }
            var row = Row;
            int tableEnd = row.Length - NullMaskLength - 2;
            int variableCount = BinaryPrimitives.ReadUInt16LittleEndian(row[tableEnd..]);
            if (column.VariableIndex >= variableCount)
            {
                return null;
            }
            // Offsets are stored backwards from the count, one more than columns (the end of the data).
            int first = BinaryPrimitives.ReadUInt16LittleEndian(row[(tableEnd - (2 * (column.VariableIndex + 1)))..]);
            int after = BinaryPrimitives.ReadUInt16LittleEndian(row[(tableEnd - (2 * (column.VariableIndex + 2)))..]);
            if (first > after || after > row.Length)
            {
                return null;
            }
            bytes = row[first..after];
        }
        return DecodeText(bytes);
    }

    /// <summary>Jet 4 text: UCS-2, or after an FF FE mark runs of one-byte characters switched by a zero byte.</summary>
    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            var text = new StringBuilder(bytes.Length);
            bool compressed = true;
            for (int i = 2; i < bytes.Length;)
            {
                if (bytes[i] == 0)
                {
                    compressed = !compressed;
                    i++;
                }
                else if (compressed)
                {
                    text.Append((char)bytes[i]);
                    i++;
                }
                else if (i + 1 < bytes.Length)
                {
                    text.Append((char)(bytes[i] | (bytes[i + 1] << 8)));
                    i += 2;
                }
                else
                {
                    break;
                }
            }
            return text.ToString();
        }
        return Encoding.Unicode.GetString(bytes[..(bytes.Length & ~1)]);
    }
}

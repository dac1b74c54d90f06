namespace HalidePortal.Web.Services;

/// <summary>The record does not exist in the caller's team (or at all: the two are never told apart).</summary>
public sealed class RecordNotFoundException(string kind, Guid id)
    : Exception($"No {kind} with id {id} in this team.")
{
    public string Kind { get; } = kind;
}

/// <summary>Input that cannot be saved; <see cref="Errors"/> maps each field to what was expected.</summary>
public sealed class RecordValidationException : Exception
{
    public RecordValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
    {
        Errors = errors;
    }

    public RecordValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Collects field errors so a form can show every problem at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
    }

    public void Positive(double? value, string field, string unit, bool required = false)
    {
        if (value is null)
        {
            Require(!required, field, $"required, in {unit}");
        }
        else if (!double.IsFinite(value.Value) || value.Value <= 0)
        {
            Add(field, $"must be a positive number in {unit}");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new RecordValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}

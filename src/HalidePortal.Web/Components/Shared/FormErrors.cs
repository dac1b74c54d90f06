namespace HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

/// <summary>Field errors from a service, looked up by field name to show beside the input.</summary>
public sealed class FormErrors
{
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? For(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public IEnumerable<string> All => _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));

    public void Set(RecordValidationException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _errors = e.Errors;
    }

    public void Clear() => _errors = new Dictionary<string, string[]>();
}

using System.Globalization;

namespace HalidePortal.TestSupport;

/// <summary>Runs code under a given culture and always restores the thread's cultures (linked into test projects).</summary>
internal static class TestCulture
{
    public static CultureInfo German => CultureInfo.GetCultureInfo("de-DE");

    public static T Run<T>(CultureInfo culture, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (culture0, ui0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
        }
    }
}

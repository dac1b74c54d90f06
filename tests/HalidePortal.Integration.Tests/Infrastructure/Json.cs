using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>The API's JSON conventions (web defaults, enums as strings).</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The body of a successful response; anything else fails with the status and the body, for the test log.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(await DescribeAsync(response));
        }
        return await response.Content.ReadFromJsonAsync<T>(Options)
            ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} returned an empty body");
    }

    public static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        return $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}: {body}";
    }
}

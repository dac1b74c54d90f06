using System.Net;
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

    /// <summary>The messages of one field in a 400 ValidationProblemDetails.</summary>
    public static async Task<string[]> FieldErrorsAsync(HttpResponseMessage response, string field)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await DescribeAsync(response));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>(Options);
        Assert.NotNull(problem);
        Assert.True(problem.Errors.TryGetValue(field, out var messages), $"no errors.{field} in: {string.Join(", ", problem.Errors.Keys)}");
        return messages;
    }
}

using System.Net;
using System.Text.Json;
using HalidePortal.Integration.Tests.Infrastructure;

namespace HalidePortal.Integration.Tests;

/// <summary>The OpenAPI document and the interactive reference are served, and describe the real endpoints.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiReferenceTests(PortalApp app)
{
    [Fact]
    public async Task OpenApiDocument_ListsRecordEndpointsWithProblemResponses()
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.GetAsync(new Uri("/api/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/samples", "/api/samples/{id}", "/api/compositions/{id}/precursor-masses", "/api/precursors/solve", "/api/me/tokens" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
        var getSample = paths.GetProperty("/api/samples/{id}").GetProperty("get").GetProperty("responses");
        Assert.True(getSample.TryGetProperty("404", out _), "GET /api/samples/{id} should document its 404 ProblemDetails");
    }

    [Fact]
    public async Task ApiDocsPage_IsServedWithoutSignIn()
    {
        using var client = app.CreateAnonymousClient();
        using var first = await client.GetAsync(new Uri("/api/docs", UriKind.Relative));
        // The reference may canonicalise its address; it must never send an anonymous reader to the sign-in page.
        var target = first.Headers.Location;
        // Resolved against the page's own address: the reference redirects to "docs/" (a trailing slash).
        var location = target is null ? "/api/docs" : new Uri(new Uri("http://localhost/api/docs"), target).PathAndQuery;
        Assert.DoesNotContain("login", location, StringComparison.OrdinalIgnoreCase);
        using var response = first.StatusCode == HttpStatusCode.OK ? null : await client.GetAsync(new Uri(location, UriKind.Relative));

        Assert.True((response ?? first).StatusCode == HttpStatusCode.OK,
            $"{(int)first.StatusCode} -> {location} -> {(int?)response?.StatusCode}: {await (response ?? first).Content.ReadAsStringAsync()}");
        Assert.Contains("HalidePortal API", await (response ?? first).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

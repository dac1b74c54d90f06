using System.Reflection;
using System.Text.RegularExpressions;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests.Infrastructure;

public enum RecordKind
{
    Composition,
    Precursor,
    Sample,
    DeletedSample,
    Recipe,
    Pellet,
    Cell,
    Token,
    DeletedComposition,
    DeletedPrecursor,
    DeletedPellet,
    DeletedCell,
    Member,
    Measurement,
    DeletedMeasurement,
    ColumnMapping,
    AnalysisRun,
    ReferencePattern,
    DeletedReferencePattern,
    Literature,
    Dashboard,
    DashboardPanel,
    DashboardShare,
    DeletedDashboard,
}

/// <summary>One /api endpoint that names records by id: the ids it takes (route or query) and the JSON body it wants.</summary>
public sealed record IdEndpoint(string Method, string Pattern, IReadOnlyList<(string Name, bool InRoute, RecordKind Kind)> Ids, Type? BodyType)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The URL with each id taken from <paramref name="idOf"/>.</summary>
    public string Url(Func<string, RecordKind, Guid> idOf)
    {
        var path = ParameterPattern().Replace(Pattern, m => idOf(m.Groups[1].Value, Ids.Single(i => i.Name == m.Groups[1].Value).Kind).ToString());
        var query = string.Join("&", Ids.Where(i => !i.InRoute).Select(i => $"{i.Name}={idOf(i.Name, i.Kind)}"));
        return query.Length == 0 ? path : path + "?" + query;
    }

    internal static Regex ParameterPattern() => new(@"\{(\w+)(:[^}]*)?\}", RegexOptions.CultureInvariant);
}

/// <summary>
/// The app's /api endpoints, read from its EndpointDataSource, so a new endpoint is tested the day it is mapped.
/// Anything that takes an id this class cannot fill is reported as a problem, never skipped.
/// </summary>
public static class ApiSurface
{
    // The route segment in front of {id} says which kind of record the id names.
    private static readonly Dictionary<string, RecordKind> KindBySegment = new(StringComparer.Ordinal)
    {
        ["compositions"] = RecordKind.Composition,
        ["precursors"] = RecordKind.Precursor,
        ["samples"] = RecordKind.Sample,
        ["recipes"] = RecordKind.Recipe,
        ["pellets"] = RecordKind.Pellet,
        ["cells"] = RecordKind.Cell,
        ["tokens"] = RecordKind.Token,
        ["members"] = RecordKind.Member,
        ["measurements"] = RecordKind.Measurement,
        ["column-mappings"] = RecordKind.ColumnMapping,
        ["analyses"] = RecordKind.AnalysisRun,
        ["reference-patterns"] = RecordKind.ReferencePattern,
        ["literature"] = RecordKind.Literature,
        ["dashboards"] = RecordKind.Dashboard,
    };

    // Route parameters other than {id} that name a record by their own name.
    private static readonly Dictionary<string, RecordKind> KindByParameter = new(StringComparer.Ordinal)
    {
        ["panelId"] = RecordKind.DashboardPanel,
        ["shareId"] = RecordKind.DashboardShare,
    };

    // Routes whose id names something narrower than the segment says.
    private static readonly Dictionary<string, RecordKind> KindByRoute = new(StringComparer.Ordinal)
    {
        ["/api/samples/{id:guid}/restore"] = RecordKind.DeletedSample,
        ["/api/compositions/{id:guid}/restore"] = RecordKind.DeletedComposition,
        ["/api/precursors/{id:guid}/restore"] = RecordKind.DeletedPrecursor,
        ["/api/pellets/{id:guid}/restore"] = RecordKind.DeletedPellet,
        ["/api/cells/{id:guid}/restore"] = RecordKind.DeletedCell,
        ["/api/measurements/{id:guid}/restore"] = RecordKind.DeletedMeasurement,
        ["/api/reference-patterns/{id:guid}/restore"] = RecordKind.DeletedReferencePattern,
        ["/api/dashboards/{id:guid}/restore"] = RecordKind.DeletedDashboard,
    };

    // Ids passed in the query string, as "route?name".
    private static readonly Dictionary<string, RecordKind> KindByQuery = new(StringComparer.Ordinal)
    {
        ["/api/recipes/compare?left"] = RecordKind.Recipe,
        ["/api/recipes/compare?right"] = RecordKind.Recipe,
    };

    // Guid filters of list endpoints ([AsParameters]); the list isolation test passes the other team's ids to them.
    public static readonly IReadOnlyDictionary<string, RecordKind> ListFilters = new Dictionary<string, RecordKind>(StringComparer.Ordinal)
    {
        ["/api/samples/?CompositionId"] = RecordKind.Composition,
        ["/api/measurements/?SampleId"] = RecordKind.Sample,
        ["/api/measurements/?PelletId"] = RecordKind.Pellet,
        ["/api/measurements/?CellId"] = RecordKind.Cell,
    };

    // Route parameters that name documents of the API reference, not team records.
    // (A share link's token is a secret, not a team record; its anonymous routes have their own tests.)
    private static readonly HashSet<string> NonRecordParameters = new(StringComparer.Ordinal) { "documentName", "token" };

    /// <summary>Every (method, route) under /api with an id, plus what could not be understood.</summary>
    public static (IReadOnlyList<IdEndpoint> Endpoints, IReadOnlyList<string> Problems) IdEndpoints(IServiceProvider services)
    {
        var endpoints = new List<IdEndpoint>();
        var problems = new List<string>();
        foreach (var (endpoint, pattern, methods) in ApiRoutes(services))
        {
            var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var ids = new List<(string, bool, RecordKind)>();
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                if (NonRecordParameters.Contains(parameter.Name))
                {
                    continue;
                }
                if ((parameter.Name == "id" && KindByRoute.TryGetValue(pattern, out var kind))
                    || (parameter.Name == "id" && KindBySegment.TryGetValue(SegmentBefore(pattern, parameter.Name), out kind))
                    || KindByParameter.TryGetValue(parameter.Name, out kind))
                {
                    ids.Add((parameter.Name, true, kind));
                }
                else
                {
                    problems.Add($"{pattern}: route parameter '{parameter.Name}' names no record kind this test knows; teach ApiSurface");
                }
            }
            foreach (var parameter in handler?.GetParameters() ?? [])
            {
                if (IsGuid(parameter.ParameterType) && !routeNames.Contains(parameter.Name!))
                {
                    if (KindByQuery.TryGetValue($"{pattern}?{parameter.Name}", out var kind))
                    {
                        ids.Add((parameter.Name!, false, kind));
                    }
                    else
                    {
                        problems.Add($"{pattern}: query id '{parameter.Name}' is unknown to this test; teach ApiSurface.KindByQuery");
                    }
                }
                if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
                {
                    foreach (var property in parameter.ParameterType.GetProperties().Where(p => IsGuid(p.PropertyType)))
                    {
                        if (!ListFilters.ContainsKey($"{pattern}?{property.Name}"))
                        {
                            problems.Add($"{pattern}: id filter '{property.Name}' is unknown to this test; teach ApiSurface.ListFilters");
                        }
                    }
                }
            }
            if (ids.Count == 0)
            {
                continue;
            }
            if (methods.Count == 0)
            {
                problems.Add($"{pattern}: takes an id but declares no HTTP method; this test cannot call it");
            }
            var bodyType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            if (bodyType is not null && !Bodies.ContainsKey(bodyType))
            {
                problems.Add($"{pattern}: no valid {bodyType.Name} body known to this test; teach ApiSurface.Bodies");
            }
            endpoints.AddRange(methods.Select(m => new IdEndpoint(m, pattern, ids, bodyType)));
        }
        return (endpoints, problems);
    }

    /// <summary>GET routes under /api that take no id at all: the lists and the caller's own account.</summary>
    public static IReadOnlyList<string> ParameterlessGets(IServiceProvider services)
    {
        var withIds = IdEndpoints(services).Endpoints.Select(e => e.Pattern).ToHashSet(StringComparer.Ordinal);
        return ApiRoutes(services)
            .Where(r => r.Methods.Contains("GET") && r.Endpoint.RoutePattern.Parameters.Count == 0 && !withIds.Contains(r.Pattern))
            .Select(r => r.Pattern).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A valid body of each type the id endpoints accept; <paramref name="own"/> are the caller's own records it may refer to.</summary>
    public static object Body(Type type, TeamRecords own) => Bodies[type](own);

    private static readonly Dictionary<Type, Func<TeamRecords, object>> Bodies = new()
    {
        [typeof(CompositionInput)] = _ => new CompositionInput("Isolation", "Li2ZrCl6"),
        [typeof(PrecursorInput)] = _ => new PrecursorInput("ZrCl4"),
        [typeof(LiteratureInput)] = _ => new LiteratureInput { Name = "Isolation", Formula = "Li2ZrCl6", Doi = "10.1000/isolation" },
        [typeof(SampleInput)] = own => new SampleInput { Code = "ISO-" + Unique.Id(), CompositionId = own.CompositionId, Recipe = TestRecipes.Standard() },
        [typeof(RecipeDto)] = _ => TestRecipes.Standard(),
        [typeof(PelletInput)] = _ => TestRecords.Pellet(),
        [typeof(CellInput)] = _ => TestRecords.Cell(),
        [typeof(PrecursorMassRequest)] = _ => new PrecursorMassRequest(1.0, ["LiCl", "ZrCl4"]),
        [typeof(SampleCopyRequest)] = _ => new SampleCopyRequest("ISO-COPY-" + Unique.Id()),
        [typeof(TokenRequest)] = _ => new TokenRequest("isolation"),
        [typeof(SolveRequest)] = _ => new SolveRequest("Li2ZrCl6", 1.0, ["LiCl", "ZrCl4"]),
        [typeof(RoleRequest)] = _ => new RoleRequest(HalidePortal.Domain.Teams.TeamRole.Member),
        [typeof(MeasurementSettingsInput)] = _ => new MeasurementSettingsInput(25, 10, 200, null, false),
        [typeof(AnalysisRequest)] = _ => new AnalysisRequest("ImpedanceFit", System.Text.Json.JsonSerializer.SerializeToElement(new { circuit = "R0-p(R1,C1)" })),
        [typeof(DashboardInput)] = _ => new DashboardInput("Isolation", null),
        [typeof(DashboardPanelInput)] = _ => new DashboardPanelInput(HalidePortal.Domain.Dashboards.DashboardPanelKind.Text, null, 6, new PanelSettings { Text = "isolation" }),
        [typeof(PanelOrder)] = own => new PanelOrder([own.DashboardPanelId]),
        [typeof(DashboardShareInput)] = _ => new DashboardShareInput("isolation", null),
        [typeof(HalidePortal.Domain.Analyses.ImpedanceFitSettings)] = _ => new HalidePortal.Domain.Analyses.ImpedanceFitSettings("R0-p(R1,CPE1)-CPE2"),
    };

    private static IEnumerable<(RouteEndpoint Endpoint, string Pattern, IReadOnlyList<string> Methods)> ApiRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Pattern: e.RoutePattern.RawText ?? "", Methods: (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])))
            .Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal));

    private static string SegmentBefore(string pattern, string parameter)
    {
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(segments, s => s.StartsWith("{" + parameter, StringComparison.Ordinal));
        return at > 0 ? segments[at - 1] : "";
    }

    private static bool IsGuid(Type type) => type == typeof(Guid) || type == typeof(Guid?);
}

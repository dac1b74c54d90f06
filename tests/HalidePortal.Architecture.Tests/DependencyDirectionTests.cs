using System.Reflection;

namespace HalidePortal.Architecture.Tests;

/// <summary>Dependencies point inward: the pure libraries never see EF Core or ASP.NET, nothing sees the hosts.</summary>
public sealed class DependencyDirectionTests
{
    private static readonly Assembly Domain = typeof(HalidePortal.Domain.TeamRecord).Assembly;
    private static readonly Assembly Analysis = Assembly.Load("HalidePortal.Analysis");
    private static readonly Assembly Ingest = typeof(HalidePortal.Ingest.ParsedMeasurement).Assembly;
    private static readonly Assembly Data = Assembly.Load("HalidePortal.Data");
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly Assembly Worker = Assembly.Load("HalidePortal.Worker");
    private static readonly Assembly Cli = Assembly.Load("halide");

    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

    public static TheoryData<string> PureLibraries => new() { "HalidePortal.Domain", "HalidePortal.Analysis", "HalidePortal.Ingest", "HalidePortal.Processing" };

    [Theory]
    [MemberData(nameof(PureLibraries))]
    public void PureLibrary_NeverReferences_EfCoreOrAspNet(string name)
    {
        var refs = References(Assembly.Load(name));
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("HalidePortal.Data", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_ReferencesNothingOfOurs()
    {
        Assert.DoesNotContain(References(Domain), r => r.StartsWith("HalidePortal", StringComparison.Ordinal));
    }

    [Fact]
    public void Analysis_ReferencesOnlyDomainAndMathNet()
    {
        var ours = References(Analysis).Where(r => r.StartsWith("HalidePortal", StringComparison.Ordinal));
        Assert.All(ours, r => Assert.Equal("HalidePortal.Domain", r));
    }

    [Fact]
    public void Ingest_DoesNotReferenceAnalysisOrData()
    {
        var refs = References(Ingest);
        Assert.DoesNotContain("HalidePortal.Analysis", refs);
        Assert.DoesNotContain("HalidePortal.Data", refs);
    }

    [Fact]
    public void Processing_ReferencesOnlyIngestAnalysisAndDomain()
    {
        var ours = References(Assembly.Load("HalidePortal.Processing")).Where(r => r.StartsWith("HalidePortal", StringComparison.Ordinal));
        Assert.All(ours, r => Assert.Contains(r, new[] { "HalidePortal.Ingest", "HalidePortal.Analysis", "HalidePortal.Domain" }));
    }

    [Fact]
    public void Data_DoesNotReferenceAnalysisIngestOrHosts()
    {
        var refs = References(Data);
        Assert.DoesNotContain("HalidePortal.Analysis", refs);
        Assert.DoesNotContain("HalidePortal.Ingest", refs);
    }

    [Fact]
    public void Nothing_ReferencesWebOrWorker()
    {
        foreach (var assembly in new[] { Domain, Analysis, Ingest, Data, Web, Worker, Cli })
        {
            var refs = References(assembly);
            Assert.DoesNotContain("HalidePortal.Web", refs);
            Assert.DoesNotContain("HalidePortal.Worker", refs);
        }
    }
}

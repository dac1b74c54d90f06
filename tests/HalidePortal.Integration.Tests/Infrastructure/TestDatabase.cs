using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>A database of its own on the PostgreSQL server named by HALIDE_TEST_PG, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "HALIDE_TEST_PG";

    private readonly string _server;

    public TestDatabase(string prefix)
    {
        _server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set, so there is no PostgreSQL to run the integration tests against. " +
                "Run them with ./deploy/dev.sh test (it starts a throwaway cluster and exports the variable), e.g. " +
                "./deploy/dev.sh test --filter \"FullyQualifiedName~Integration\"; or start a cluster yourself and set " +
                $"{ServerVariable}=\"Host=127.0.0.1;Port=...;Username=postgres;Password=...\" (no Database).");
        Name = $"{prefix}_{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public Task CreateAsync() => ExecuteOnServerAsync($"CREATE DATABASE \"{Name}\"");

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the app would keep the database open.
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "The name is generated here from a Guid.")]
    private async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Microsoft.Data.Sqlite;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.Tests.Store;

public sealed class SchemaVersionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-schema-").FullName;

    private string DatabasePath => Path.Combine(_data, "stepfunctions.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private long UserVersion()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    private void Run(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_new_database_is_at_the_latest_schema_version()
    {
        await using (var store = SqliteStore.Open(_data))
            Assert.Equal(SqliteStore.LatestSchemaVersion, store.SchemaVersion);

        Assert.Equal(SqliteStore.LatestSchemaVersion, UserVersion());
    }

    [Fact]
    public async Task A_database_from_before_versioning_is_migrated_and_keeps_its_data()
    {
        Run(SqliteStore.Migrations[0] + """
            INSERT INTO state_machines (arn, name, definition, role_arn, type, created, updated, revision_id, latest_version)
            VALUES ('arn:aws:states:us-east-1:123456789012:stateMachine:Old', 'Old', '{}', 'arn:aws:iam::123456789012:role/R',
                    'STANDARD', '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z', 'r1', 0);
            """);
        Assert.Equal(0, UserVersion());

        await using var store = SqliteStore.Open(_data);

        Assert.Equal(SqliteStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal("Old", store.GetStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:Old")!.Name);
    }

    [Fact]
    public void A_database_from_a_newer_Stepwise_is_refused_untouched()
    {
        Run("CREATE TABLE future (x); PRAGMA user_version = 99;");

        var error = Assert.Throws<InvalidOperationException>(() => SqliteStore.Open(_data));

        Assert.Contains("schema version 99", error.Message);
        Assert.Contains($"reads up to version {SqliteStore.LatestSchemaVersion}", error.Message);
        Assert.Equal(99, UserVersion());
    }
}

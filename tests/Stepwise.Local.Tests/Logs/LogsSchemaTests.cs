using Microsoft.Data.Sqlite;
using Stepwise.Aws.Logs;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Tests.Logs;

/// <summary><c>logs.db</c> carries its schema version like <c>stepfunctions.db</c>: new databases are current, older
/// ones are migrated with their data, newer ones are refused untouched.</summary>
public sealed class LogsSchemaTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-logs-schema-").FullName;

    private string DatabasePath => Path.Combine(_data, "logs.db");

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
    public void A_new_logs_database_is_at_the_latest_schema_version()
    {
        using (var logs = new LocalLogs(_data))
            Assert.Equal(LocalLogs.LatestSchemaVersion, logs.SchemaVersion);

        Assert.Equal(LocalLogs.LatestSchemaVersion, UserVersion());
    }

    [Fact]
    public async Task A_logs_database_from_before_versioning_is_migrated_and_keeps_its_groups()
    {
        Run(LocalLogs.Migrations[0] + """
            INSERT INTO log_groups (name, created, class) VALUES ('/old/group', 1735689600000, 'STANDARD');
            """);
        Assert.Equal(0, UserVersion());

        using var logs = new LocalLogs(_data);

        Assert.Equal(LocalLogs.LatestSchemaVersion, logs.SchemaVersion);
        Assert.Equal(LocalLogs.LatestSchemaVersion, UserVersion());
        var groups = await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest());
        Assert.Equal(["/old/group"], groups.LogGroups!.Select(g => g.LogGroupName));
    }

    [Fact]
    public void A_logs_database_from_a_newer_Stepwise_is_refused_untouched()
    {
        Run("CREATE TABLE future (x); PRAGMA user_version = 99;");

        var error = Assert.Throws<InvalidOperationException>(() => new LocalLogs(_data));

        Assert.Contains("logs.db has schema version 99", error.Message);
        Assert.Contains($"reads up to version {LocalLogs.LatestSchemaVersion}", error.Message);
        Assert.Equal(99, UserVersion());
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Stepwise.Local.Storage;

/// <summary>A SQLite database's schema as numbered steps, its version in <c>PRAGMA user_version</c>: step N takes a
/// database from version N-1 to N. A database opened by an older Stepwise is brought up to date; one written by a newer
/// Stepwise is refused, not damaged. Each service's store keeps its own list of steps; never edit one that has shipped.</summary>
internal static class SqliteSchema
{
    /// <summary>Applies the steps the database lacks, each in its own transaction with its version, and returns the version.</summary>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<string> steps)
    {
        var version = UserVersion(connection);
        if (version > steps.Count)
            throw new InvalidOperationException(
                $"{connection.DataSource} has schema version {version}, written by a newer Stepwise; this one reads up to version {steps.Count}. " +
                "Upgrade Stepwise, or point STEPWISE_HOME at another data directory.");
        for (; version < steps.Count; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = steps[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        return version;
    }

    /// <summary>The database's <c>PRAGMA user_version</c> (0 for a new database or one from before versioning).</summary>
    public static int UserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

using Microsoft.Data.Sqlite;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>An open connection for reads that keeps each statement it has run prepared, for the next time the same
/// SQL runs. Used by one caller at a time (the store rents them out).</summary>
internal sealed class ReaderSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public ReaderSession(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
    }

    /// <summary>Runs <paramref name="sql"/> with its parameters <c>$0</c>, <c>$1</c>… bound to <paramref name="arguments"/>.</summary>
    public SqliteDataReader Execute(string sql, object?[] arguments)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < arguments.Length; i++) command.Parameters.Add(new SqliteParameter("$" + i, null));
            command.Prepare();
            // One statement per SQL text the store has: a few dozen at most.
            _commands[sql] = command;
        }
        for (var i = 0; i < arguments.Length; i++) command.Parameters[i].Value = arguments[i] ?? DBNull.Value;
        return command.ExecuteReader();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _connection.Dispose();
    }
}

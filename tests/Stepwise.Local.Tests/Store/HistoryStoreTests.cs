using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.Tests.Store;

/// <summary>The history as the store keeps it: handed over by an execution's journal in pieces, one row per commit,
/// read back page by page in both directions, and readable beside rows written one event per row before schema 2.</summary>
public sealed class HistoryStoreTests : IDisposable
{
    private const string Arn = "arn:aws:states:us-east-1:123456789012:execution:M:e";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-history-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private static ExecutionEvent Event(long id) =>
        new(id, id - 1, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000 + id), "PassStateEntered", "stateEnteredEventDetails",
            new JsonObject { ["name"] = $"S{id}", ["input"] = "{\"é\":\"<&>\"}", ["inputDetails"] = new JsonObject { ["truncated"] = false } });

    [Fact]
    public async Task Events_recorded_in_many_hand_overs_read_back_in_order_and_reversed()
    {
        await using var store = SqliteStore.Open(_data);
        var journal = store.JournalFor(Arn);
        for (var id = 1; id <= 1500; id++)
        {
            journal.Record(Event(id));
            if (id % 700 == 0) await journal.FlushAsync(CancellationToken.None);
        }
        await journal.FlushAsync(CancellationToken.None);

        Assert.Equal(1500, store.LastEventId(Arn));
        var forward = new List<ExecutionEvent>();
        for (long after = 0; ;)
        {
            var page = store.ReadEvents(Arn, after, 400, reverse: false);
            if (page.Count == 0) break;
            forward.AddRange(page);
            after = page[^1].Id;
        }
        Assert.Equal(Enumerable.Range(1, 1500).Select(i => (long)i), forward.Select(e => e.Id));
        Assert.True(JsonNode.DeepEquals(Event(42).ToWireJson(), forward[41].ToWireJson()));
        var reversed = store.ReadEvents(Arn, 1001, 3, reverse: true);
        Assert.Equal([1000L, 999L, 998L], reversed.Select(e => e.Id));
    }

    [Fact]
    public async Task A_checkpoint_is_saved_with_the_events_it_follows()
    {
        await using (var store = SqliteStore.Open(_data))
        {
            await store.InsertExecutionAsync(new ExecutionRecord(Arn, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:M", null, "RUNNING",
                "{}", null, null, null, DateTimeOffset.UnixEpoch, null, "{}", "arn:aws:iam::123456789012:role/R", null, null, 0));
            var journal = store.JournalFor(Arn);
            journal.Record(Event(1));
            journal.Save(new Checkpoint("S2", "{\"n\":2}", ImmutableDictionary<string, JsonNode?>.Empty, 1));
            await journal.FlushAsync(CancellationToken.None);
        }
        await using var reopened = SqliteStore.Open(_data);
        var execution = reopened.GetExecution(Arn)!;
        Assert.Equal(1, execution.LastEventId);
        Assert.Equal("S2", JsonNode.Parse(execution.Checkpoint!)!["state"]!.GetValue<string>());
        Assert.Equal(1, reopened.LastEventId(Arn));
    }

    [Fact]
    public async Task Events_stored_one_per_row_before_schema_2_are_still_read()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "stepfunctions.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteStore.Migrations[0] + "PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
            for (var id = 1; id <= 3; id++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO events (execution_arn, id, body) VALUES ($a, $i, $b)";
                insert.Parameters.AddWithValue("$a", Arn);
                insert.Parameters.AddWithValue("$i", id);
                insert.Parameters.AddWithValue("$b", Event(id).ToWireJson().ToJsonString());
                insert.ExecuteNonQuery();
            }
        }
        await using var store = SqliteStore.Open(_data);
        Assert.Equal(3, store.LastEventId(Arn));
        var journal = store.JournalFor(Arn);
        journal.Record(Event(4));
        await journal.FlushAsync(CancellationToken.None);
        Assert.Equal([1L, 2L, 3L, 4L], store.ReadEvents(Arn, 0, 10, reverse: false).Select(e => e.Id));
        Assert.Equal([4L, 3L], store.ReadEvents(Arn, 0, 2, reverse: true).Select(e => e.Id));
    }

    [Fact]
    public async Task Details_of_every_json_kind_read_back_as_they_were_recorded()
    {
        var details = new JsonObject
        {
            ["name"] = "Ünïcode ✓ state",
            ["input"] = "{\"a\":[1,2.5,null,true],\"b\":\"\\u0000\"}",
            ["inputDetails"] = new JsonObject { ["truncated"] = false },
            ["length"] = 10_000,
            ["big"] = long.MaxValue,
            ["negative"] = -3,
            ["fraction"] = 0.1,
            ["huge"] = JsonNode.Parse("123456789012345678901234567890"),
            ["flags"] = new JsonArray(true, false, null, "x", new JsonObject()),
            ["empty"] = "",
            ["none"] = null,
        };
        await using var store = SqliteStore.Open(_data);
        var journal = store.JournalFor(Arn);
        var recorded = new List<ExecutionEvent>
        {
            new(1, 0, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123), "ExecutionStarted", "executionStartedEventDetails", details),
            new(2, 1, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_100), "MapRunSucceeded", null, null),
            new(3, 1, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_200), "PassStateEntered", "stateEnteredEventDetails",
                (JsonObject)details.DeepClone()),
        };
        foreach (var historyEvent in recorded) journal.Record(historyEvent);
        await journal.FlushAsync(CancellationToken.None);

        var read = store.ReadEvents(Arn, 0, 10, reverse: false);
        Assert.Equal(recorded.Count, read.Count);
        for (var i = 0; i < read.Count; i++)
            Assert.True(JsonNode.DeepEquals(recorded[i].ToWireJson(), read[i].ToWireJson()), $"{recorded[i].ToWireJson()} read back as {read[i].ToWireJson()}");
    }

    [Fact]
    public async Task History_chunks_written_as_json_arrays_are_still_read()
    {
        await using (var store = SqliteStore.Open(_data))
        {
            // What schema 2 wrote before the binary chunks: the events of one commit as one JSON array.
            using var connection = new SqliteConnection($"Data Source={store.Path};Pooling=False");
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO event_chunks (execution_arn, first_id, last_id, body) VALUES ($a, 1, 2, $b)";
            insert.Parameters.AddWithValue("$a", Arn);
            insert.Parameters.AddWithValue("$b", System.Text.Encoding.UTF8.GetBytes(new JsonArray(Event(1).ToWireJson(), Event(2).ToWireJson()).ToJsonString()));
            insert.ExecuteNonQuery();
        }
        await using var reopened = SqliteStore.Open(_data);
        var journal = reopened.JournalFor(Arn);
        journal.Record(Event(3));
        await journal.FlushAsync(CancellationToken.None);
        var read = reopened.ReadEvents(Arn, 0, 10, reverse: false);
        Assert.Equal([1L, 2L, 3L], read.Select(e => e.Id));
        Assert.True(JsonNode.DeepEquals(Event(2).ToWireJson(), read[1].ToWireJson()));
        Assert.Equal([3L, 2L], reopened.ReadEvents(Arn, 0, 2, reverse: true).Select(e => e.Id));
    }

    [Fact]
    public async Task Events_not_flushed_are_committed_soon_after_for_every_journal()
    {
        await using var store = SqliteStore.Open(_data);
        // Many journals at once (a distributed Map's children): one timer of the store hands them all over.
        var arns = Enumerable.Range(0, 50).Select(i => $"{Arn}-{i}").ToList();
        foreach (var arn in arns)
        {
            var journal = store.JournalFor(arn);
            journal.Record(Event(1));
            journal.Record(ExecutionEvent.OfState(2, 1, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_002), "PassStateExited",
                "stateExitedEventDetails", new StateEventDetails("output", "S1", "{\"n\":1}")));
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        foreach (var arn in arns)
        {
            while (store.ReadEvents(arn, 0, 10, reverse: false).Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{arn}: its events were not committed without a flush");
                await Task.Delay(5);
            }
        }
        var exited = store.ReadEvents(arns[0], 1, 1, reverse: false).Single();
        Assert.Equal("S1", exited.Details!["name"]!.GetValue<string>());
        Assert.Equal("{\"n\":1}", exited.Details["output"]!.GetValue<string>());
        Assert.False(exited.Details["outputDetails"]!["truncated"]!.GetValue<bool>());
    }
}

using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;
using Stepwise.Local.Lambda;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Tests.Logs;

public sealed class BufferedLogStreamTests
{
    /// <summary>A sink that records what it is given and can be held shut or made to fail.</summary>
    private sealed class RecordingSink : ILogSink
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<List<string>> Batches { get; } = [];

        public bool Fail { get; set; }

        public bool LogGroupExists(string group) => true;

        public async Task WriteAsync(string group, string stream, IReadOnlyList<LogLine> lines, bool createGroup, CancellationToken cancellationToken = default)
        {
            await Open.Task;
            if (Fail) throw new InvalidOperationException("the store is gone");
            lock (Batches) Batches.Add([.. lines.Select(l => l.Message)]);
        }
    }

    private static LogLine Line(string message) => new(DateTimeOffset.UnixEpoch, message);

    [Fact]
    public async Task Lines_queued_while_a_write_is_in_flight_are_stored_in_order_as_few_batches()
    {
        var sink = new RecordingSink();
        var stream = new BufferedLogStream(sink, "g", "s", createGroup: true);
        for (var i = 0; i < 100; i++) stream.Write(Line($"{i}"));

        sink.Open.SetResult();
        await stream.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"{i}"), sink.Batches.SelectMany(b => b));
        Assert.InRange(sink.Batches.Count, 1, 2);
    }

    [Fact]
    public async Task FlushAsync_waits_for_the_lines_written_before_it()
    {
        var sink = new RecordingSink();
        await using var stream = new BufferedLogStream(sink, "g", "s", createGroup: true);
        stream.Write(Line("a"));
        var flushed = stream.FlushAsync();
        await Task.Delay(50);
        Assert.False(flushed.IsCompleted);

        sink.Open.SetResult();
        await flushed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["a"], sink.Batches.SelectMany(b => b));
    }

    [Fact]
    public async Task A_failed_write_is_kept_not_thrown()
    {
        var sink = new RecordingSink { Fail = true };
        sink.Open.SetResult();
        var stream = new BufferedLogStream(sink, "g", "s", createGroup: true);
        stream.Write(Line("lost"));

        await stream.DisposeAsync();

        Assert.Equal("the store is gone", stream.LastError?.Message);
    }

    [Fact]
    public async Task An_invocation_does_not_wait_for_its_log_to_be_stored()
    {
        var sink = new RecordingSink();
        await using var lambda = new LocalLambda(logs: sink);
        lambda.Register("f", (_, context, _) =>
        {
            context.Logger.LogLine("working");
            return Task.FromResult<JsonNode?>(JsonValue.Create("done"));
        });

        var response = await lambda.InvokeAsync(new InvocationRequest { FunctionName = "f" }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("\"done\"", System.Text.Encoding.UTF8.GetString(response.Payload!));
        Assert.Empty(sink.Batches);
        sink.Open.SetResult();
        await lambda.FlushLogsAsync();
        Assert.Equal(4, sink.Batches.SelectMany(b => b).Count());
    }
}

using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Logs;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Tests.Logs;

public sealed class LocalLogsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stepwise-logs-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LocalLogs _logs;

    public LocalLogsTests() => _logs = new LocalLogs(_root, _time);

    public void Dispose()
    {
        _logs.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task StreamAsync(string group = "/aws/sagemaker/TrainingJobs", string stream = "job/algo-1")
    {
        try
        {
            await _logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = group });
        }
        catch (LogsException e) when (e.ErrorCode == LogsErrorCodes.ResourceAlreadyExistsException)
        {
        }
        await _logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = group, LogStreamName = stream });
    }

    private Task<PutLogEventsResponse> PutAsync(string group, string stream, params (long Timestamp, string Message)[] events) =>
        _logs.PutLogEventsAsync(new PutLogEventsRequest
        {
            LogGroupName = group,
            LogStreamName = stream,
            LogEvents = [.. events.Select(e => new InputLogEvent { Timestamp = e.Timestamp, Message = e.Message })],
        });

    private static async Task<LogsException> ErrorAsync(Func<Task> call) => await Assert.ThrowsAsync<LogsException>(call);

    [Fact]
    public async Task Groups_and_streams_follow_AWSs_existence_rules()
    {
        await StreamAsync("g", "s");
        var group = await ErrorAsync(() => _logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = "g" }));
        Assert.Equal((LogsErrorCodes.ResourceAlreadyExistsException, "The specified log group already exists"), (group.ErrorCode, group.Message));
        var stream = await ErrorAsync(() => _logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = "g", LogStreamName = "s" }));
        Assert.Equal(LogsErrorCodes.ResourceAlreadyExistsException, stream.ErrorCode);
        var noGroup = await ErrorAsync(() => _logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = "nope", LogStreamName = "s" }));
        Assert.Equal((LogsErrorCodes.ResourceNotFoundException, "The specified log group does not exist."), (noGroup.ErrorCode, noGroup.Message));
        var noStream = await ErrorAsync(() => PutAsync("g", "other", (Now, "x")));
        Assert.Equal((LogsErrorCodes.ResourceNotFoundException, "The specified log stream does not exist."), (noStream.ErrorCode, noStream.Message));
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => _logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = "bad name" }))).ErrorCode);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => _logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = "g", LogStreamName = "a:b" }))).ErrorCode);

        await PutAsync("g", "s", (Now, "x"));
        await _logs.DeleteLogGroupAsync(new DeleteLogGroupRequest { LogGroupName = "g" });
        Assert.Equal(LogsErrorCodes.ResourceNotFoundException, (await ErrorAsync(() => _logs.DeleteLogGroupAsync(new DeleteLogGroupRequest { LogGroupName = "g" }))).ErrorCode);
        await StreamAsync("g", "s");
        var events = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s" });
        Assert.Empty(events.Events!);
    }

    [Fact]
    public async Task A_batch_out_of_chronological_order_or_spanning_a_day_is_InvalidParameter()
    {
        await StreamAsync("g", "s");
        var order = await ErrorAsync(() => PutAsync("g", "s", (Now, "b"), (Now - 1, "a")));
        Assert.Equal((LogsErrorCodes.InvalidParameterException, "Log events in a single PutLogEvents request must be in chronological order."), (order.ErrorCode, order.Message));
        var span = await ErrorAsync(() => PutAsync("g", "s", (Now - 25 * 3_600_000L, "a"), (Now, "b")));
        Assert.Equal(LogsErrorCodes.InvalidParameterException, span.ErrorCode);
        // Only valid events count towards the 24 hours: a too-old one before them does not.
        var spanOfValid = await PutAsync("g", "s", (Now - 20 * 86_400_000L, "rejected"), (Now - 23 * 3_600_000L, "kept"), (Now, "kept"));
        Assert.Equal(1, spanOfValid.RejectedLogEventsInfo!.TooOldLogEventEndIndex);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => PutAsync("g", "s"))).ErrorCode);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => PutAsync("g", "s", (Now, "")))).ErrorCode);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => PutAsync("g", "s", (Now, new string('x', 1_048_576))))).ErrorCode);
        Assert.Equal(["kept", "kept"], (await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s" })).Events!.Select(e => e.Message));
    }

    [Fact]
    public async Task Events_older_than_14_days_or_over_2_hours_ahead_are_rejected_and_the_rest_stored()
    {
        await StreamAsync("g", "s");
        var day = 86_400_000L;
        var old = await PutAsync("g", "s", (Now - 14 * day - 1000, "too old"), (Now - 14 * day + 1000, "old but fine"));
        Assert.Equal(1, old.RejectedLogEventsInfo!.TooOldLogEventEndIndex);
        Assert.Null(old.RejectedLogEventsInfo.TooNewLogEventStartIndex);
        var ahead = await PutAsync("g", "s", (Now + 3_600_000, "soon"), (Now + 3 * 3_600_000, "too new"));
        Assert.Equal(1, ahead.RejectedLogEventsInfo!.TooNewLogEventStartIndex);
        var fine = await PutAsync("g", "s", (Now, "now"));
        Assert.Null(fine.RejectedLogEventsInfo);

        var events = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", StartFromHead = true });
        Assert.Equal(["old but fine", "now", "soon"], events.Events!.Select(e => e.Message));
        Assert.All(events.Events!, e => Assert.Equal(Now, e.IngestionTime));
    }

    [Fact]
    public async Task GetLogEvents_pages_forward_and_backward_and_repeats_the_token_at_the_end()
    {
        await StreamAsync("g", "s");
        await PutAsync("g", "s", [.. Enumerable.Range(0, 7).Select(i => (Now + i, $"e{i}"))]);

        // Without a token: the newest events.
        var tail = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 3 });
        Assert.Equal(["e4", "e5", "e6"], tail.Events!.Select(e => e.Message));

        var back1 = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 3, NextToken = tail.NextBackwardToken });
        Assert.Equal(["e1", "e2", "e3"], back1.Events!.Select(e => e.Message));
        var back2 = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 3, NextToken = back1.NextBackwardToken });
        Assert.Equal(["e0"], back2.Events!.Select(e => e.Message));
        var start = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 3, NextToken = back2.NextBackwardToken });
        Assert.Empty(start.Events!);
        Assert.Equal(back2.NextBackwardToken, start.NextBackwardToken);

        // From the head, forward to the end; there the same forward token comes back, until new events arrive.
        var pages = new List<string[]>();
        string? token = null;
        while (true)
        {
            var page = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 3, StartFromHead = true, NextToken = token });
            if (page.NextForwardToken == token) break;
            pages.Add([.. page.Events!.Select(e => e.Message!)]);
            token = page.NextForwardToken;
        }
        Assert.Equal([["e0", "e1", "e2"], ["e3", "e4", "e5"], ["e6"]], pages);
        await PutAsync("g", "s", (Now + 10, "e7"));
        var fresh = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", NextToken = token });
        Assert.Equal(["e7"], fresh.Events!.Select(e => e.Message));

        var empty = await _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", NextToken = tail.NextForwardToken, StartTime = Now + 100 });
        Assert.Empty(empty.Events!);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", NextToken = "garbage" }))).ErrorCode);
        Assert.Equal(LogsErrorCodes.InvalidParameterException, (await ErrorAsync(() => _logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s", Limit = 0 }))).ErrorCode);
    }

    [Fact]
    public async Task GetLogEvents_takes_a_time_window_and_a_group_ARN()
    {
        await StreamAsync("g", "s");
        await PutAsync("g", "s", (Now, "a"), (Now + 10, "b"), (Now + 20, "c"));
        var window = await _logs.GetLogEventsAsync(new GetLogEventsRequest
        {
            LogGroupIdentifier = "arn:aws:logs:us-east-1:123456789012:log-group:g:*",
            LogStreamName = "s",
            StartTime = Now + 10,
            EndTime = Now + 20,
            StartFromHead = true,
        });
        Assert.Equal(["b"], window.Events!.Select(e => e.Message));
    }

    [Fact]
    public async Task FilterLogEvents_matches_terms_and_phrases_across_streams_and_pages()
    {
        await StreamAsync("g", "train");
        await StreamAsync("g", "eval");
        await PutAsync("g", "train", (Now, "epoch 1 loss 0.9"), (Now + 2, "ERROR Out of memory on GPU"), (Now + 4, "epoch 2 loss 0.5"));
        await PutAsync("g", "eval", (Now + 1, "ERROR out of memory"), (Now + 3, "eval loss 0.7"));

        async Task<string[]> Filter(string? pattern, IReadOnlyList<string>? streams = null, string? prefix = null) =>
            [.. (await _logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "g", FilterPattern = pattern, LogStreamNames = streams, LogStreamNamePrefix = prefix })).Events!.Select(e => e.Message!)];

        Assert.Equal(["epoch 1 loss 0.9", "ERROR out of memory", "ERROR Out of memory on GPU", "eval loss 0.7", "epoch 2 loss 0.5"], await Filter(null));
        Assert.Equal(["epoch 1 loss 0.9", "eval loss 0.7", "epoch 2 loss 0.5"], await Filter("loss"));
        Assert.Equal(["ERROR Out of memory on GPU"], await Filter("ERROR \"Out of memory\""));
        Assert.Equal(["eval loss 0.7"], await Filter("loss", ["eval"]));
        Assert.Equal(["epoch 1 loss 0.9", "epoch 2 loss 0.5"], await Filter("loss", prefix: "tr"));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "g", FilterPattern = "loss", Limit = 2, NextToken = token });
            seen.AddRange(page.Events!.Select(e => e.Message!));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(["epoch 1 loss 0.9", "eval loss 0.7", "epoch 2 loss 0.5"], seen);
        Assert.Equal(2, pages);
    }

    [Theory]
    [InlineData("{ $.level = \"error\" }")]
    [InlineData("[ip, user, status]")]
    [InlineData("?ERROR ?WARN")]
    [InlineData("-DEBUG")]
    [InlineData("%err.*%")]
    [InlineData("\"unclosed")]
    [InlineData("err*")]
    public async Task Filter_syntax_local_logs_do_not_evaluate_is_InvalidParameter(string pattern)
    {
        await StreamAsync("g", "s");
        var error = await ErrorAsync(() => _logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "g", FilterPattern = pattern }));
        Assert.Equal(LogsErrorCodes.InvalidParameterException, error.ErrorCode);
        Assert.Contains("plain terms and quoted phrases", error.Message);
    }

    [Fact]
    public async Task DescribeLogStreams_orders_by_name_or_last_event_time_and_pages()
    {
        foreach (var name in new[] { "b", "a", "c" }) await StreamAsync("g", name);
        await PutAsync("g", "c", (Now - 100, "x"));
        await PutAsync("g", "a", (Now, "x"));
        await PutAsync("g", "b", (Now - 50, "x"));

        async Task<string[]> Names(DescribeLogStreamsRequest request) =>
            [.. (await _logs.DescribeLogStreamsAsync(request)).LogStreams!.Select(s => s.LogStreamName!)];
        Assert.Equal(["a", "b", "c"], await Names(new DescribeLogStreamsRequest { LogGroupName = "g" }));
        Assert.Equal(["c", "b", "a"], await Names(new DescribeLogStreamsRequest { LogGroupName = "g", Descending = true }));
        Assert.Equal(["c", "b", "a"], await Names(new DescribeLogStreamsRequest { LogGroupName = "g", OrderBy = OrderBy.LastEventTime }));
        Assert.Equal(["a", "b", "c"], await Names(new DescribeLogStreamsRequest { LogGroupName = "g", OrderBy = OrderBy.LastEventTime, Descending = true }));
        Assert.Equal(["b"], await Names(new DescribeLogStreamsRequest { LogGroupName = "g", LogStreamNamePrefix = "b" }));
        Assert.Equal(LogsErrorCodes.InvalidParameterException,
            (await ErrorAsync(() => _logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "g", OrderBy = OrderBy.LastEventTime, LogStreamNamePrefix = "a" }))).ErrorCode);

        var first = await _logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "g", Limit = 2 });
        var second = await _logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "g", Limit = 2, NextToken = first.NextToken });
        Assert.Equal(["c"], second.LogStreams!.Select(s => s.LogStreamName));
        Assert.Null(second.NextToken);

        var a = (await _logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "g", LogStreamNamePrefix = "a" })).LogStreams!.Single();
        Assert.Equal((Now, Now, Now), (a.FirstEventTimestamp!.Value, a.LastEventTimestamp!.Value, a.LastIngestionTime!.Value));
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:a", a.Arn);
        Assert.Equal(LogsErrorCodes.ResourceNotFoundException,
            (await ErrorAsync(() => _logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "none" }))).ErrorCode);
    }

    [Fact]
    public async Task DescribeLogGroups_filters_by_prefix_or_pattern()
    {
        foreach (var name in new[] { "/aws/lambda/builder", "/aws/sagemaker/TrainingJobs", "app" })
            await _logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = name });
        async Task<string[]> Names(DescribeLogGroupsRequest request) =>
            [.. (await _logs.DescribeLogGroupsAsync(request)).LogGroups!.Select(g => g.LogGroupName!)];
        Assert.Equal(["/aws/lambda/builder", "/aws/sagemaker/TrainingJobs", "app"], await Names(new DescribeLogGroupsRequest()));
        Assert.Equal(["/aws/lambda/builder", "/aws/sagemaker/TrainingJobs"], await Names(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/aws/" }));
        Assert.Equal(["/aws/sagemaker/TrainingJobs"], await Names(new DescribeLogGroupsRequest { LogGroupNamePattern = "training" }));
        Assert.Equal(["/aws/sagemaker/TrainingJobs"], await Names(new DescribeLogGroupsRequest { Limit = 1, NextToken = (await _logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { Limit = 1 })).NextToken }));
        var group = (await _logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "app" })).LogGroups!.Single();
        Assert.Equal(("arn:aws:logs:us-east-1:123456789012:log-group:app:*", "arn:aws:logs:us-east-1:123456789012:log-group:app", Now),
            (group.Arn, group.LogGroupArn, group.CreationTime!.Value));
        Assert.Equal(LogsErrorCodes.InvalidParameterException,
            (await ErrorAsync(() => _logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "a", LogGroupNamePattern = "b" }))).ErrorCode);
    }

    [Fact]
    public async Task A_writer_creates_its_stream_and_appends_lines_as_events()
    {
        var writer = await _logs.WriterForAsync("/aws/sagemaker/TrainingJobs", "job-1/algo-1-1700000000");
        await writer.WriteLineAsync("starting");
        _time.Advance(TimeSpan.FromSeconds(1));
        await writer.WriteLinesAsync(["", "epoch 1", new string('é', LogStreamWriter.MaxMessageBytes / 2 + 10)]);
        var again = await _logs.WriterForAsync("/aws/sagemaker/TrainingJobs", "job-1/algo-1-1700000000");
        await again.WriteLineAsync("done");

        // The split line is over 1 MB: GetLogEvents pages stop at 1 MB, so read to the end.
        var events = new List<OutputLogEvent>();
        string? token = null;
        while (true)
        {
            var page = await _logs.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = "/aws/sagemaker/TrainingJobs", LogStreamName = "job-1/algo-1-1700000000", StartFromHead = true, NextToken = token,
            });
            if (page.NextForwardToken == token) break;
            events.AddRange(page.Events!);
            token = page.NextForwardToken;
        }
        Assert.Equal(6, events.Count);
        Assert.Equal(["starting", " ", "epoch 1"], events.Take(3).Select(e => e.Message));
        Assert.Equal(new string('é', LogStreamWriter.MaxMessageBytes / 2 + 10), events[3].Message + events[4].Message);
        Assert.Equal("done", events[^1].Message);
        Assert.Equal(Now - 1000, events[0].Timestamp);
    }

    [Fact]
    public async Task Events_survive_reopening_the_database()
    {
        await StreamAsync("g", "s");
        await PutAsync("g", "s", (Now, "kept"));
        using var reopened = new LocalLogs(_root, _time);
        var events = await reopened.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s" });
        Assert.Equal(["kept"], events.Events!.Select(e => e.Message));
    }
}

using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>What every finished history must look like, however the execution got there (restarts included).</summary>
internal static class Histories
{
    /// <summary>Ids 1..N without gaps, each previousEventId pointing back, one ExecutionStarted (first) and one
    /// ExecutionSucceeded (last).</summary>
    public static void AssertWellFormed(string executionArn, IReadOnlyList<(long Id, long PreviousEventId, string Type)> events)
    {
        Assert.True(events.Count >= 2, $"{executionArn}: only {events.Count} events");
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(events[i].Id == i + 1, $"{executionArn}: event #{i + 1} has id {events[i].Id} ({Describe(events)})");
            Assert.True(events[i].PreviousEventId >= 0 && events[i].PreviousEventId < events[i].Id,
                $"{executionArn}: event {events[i].Id} points to previous event {events[i].PreviousEventId}");
        }
        Assert.True(events.Count(e => e.Type == "ExecutionStarted") == 1, $"{executionArn}: ExecutionStarted not exactly once ({Describe(events)})");
        Assert.True(events.Count(e => e.Type == "ExecutionSucceeded") == 1, $"{executionArn}: ExecutionSucceeded not exactly once ({Describe(events)})");
        Assert.Equal("ExecutionStarted", events[0].Type);
        Assert.Equal("ExecutionSucceeded", events[^1].Type);
    }

    public static async Task<IReadOnlyList<(long Id, long PreviousEventId, string Type)>> ReadAsync(IStepFunctions service, string executionArn)
    {
        var events = new List<(long, long, string)>();
        string? token = null;
        do
        {
            var page = await service.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn, MaxResults = 100, NextToken = token });
            events.AddRange(page.Events.Select(e => (e.Id, e.PreviousEventId ?? 0, e.Type)));
            token = page.NextToken;
        } while (token is not null);
        return events;
    }

    public static async Task<IReadOnlyList<(long Id, long PreviousEventId, string Type)>> ReadAsync(AwsJsonClient client, string executionArn)
    {
        var events = new List<(long, long, string)>();
        string? token = null;
        do
        {
            var body = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 100 };
            if (token is not null) body["nextToken"] = token;
            var page = await client.CallAsync("GetExecutionHistory", body);
            events.AddRange(page["events"]!.AsArray().Select(e =>
                (e!["id"]!.GetValue<long>(), e["previousEventId"]?.GetValue<long>() ?? 0, e["type"]!.GetValue<string>())));
            token = page["nextToken"]?.GetValue<string>();
        } while (token is not null);
        return events;
    }

    private static string Describe(IReadOnlyList<(long Id, long PreviousEventId, string Type)> events) =>
        string.Join(", ", events.Select(e => $"{e.Id}:{e.Type}"));
}

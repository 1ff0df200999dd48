using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Logs;

public sealed partial class LambdaLogsTests
{
    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")]
    private static partial Regex StreamName();

    [GeneratedRegex(@"^REPORT RequestId: (?<id>[0-9a-f-]{36})\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB$")]
    private static partial Regex ReportLine();

    private static Task<LocalCloudEnvironment> StartAsync() =>
        LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StartHost = false });

    private static InvocationRequest Request(string name, string payload = "{}", string? logType = null) =>
        new() { FunctionName = name, Payload = Encoding.UTF8.GetBytes(payload), LogType = logType };

    /// <summary>Every stream of the group with its messages, oldest first, read through GetLogEvents.</summary>
    private static async Task<List<(string Stream, List<string> Messages)>> ReadGroupAsync(LocalCloud cloud, string group)
    {
        await cloud.Lambda.FlushLogsAsync();
        var streams = await cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = group });
        var all = new List<(string, List<string>)>();
        foreach (var stream in streams.LogStreams!)
        {
            var events = await cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream.LogStreamName!, StartFromHead = true });
            all.Add((stream.LogStreamName!, [.. events.Events!.Select(e => e.Message!)]));
        }
        return all;
    }

    [Fact]
    public async Task An_invocation_writes_START_the_handlers_lines_END_and_REPORT_to_the_functions_group()
    {
        await using var env = await StartAsync();
        string? seenRequestId = null;
        env.Cloud.Lambda.Register("greeter", (payload, context, _) =>
        {
            seenRequestId = context.AwsRequestId;
            context.Logger.LogLine($"hello {payload?["who"]}");
            context.Logger.LogWarning("careful");
            return Task.FromResult<JsonNode?>(new JsonObject { ["greeting"] = "hi", ["stream"] = context.LogStreamName });
        });

        var response = await env.Cloud.Lambda.InvokeAsync(Request("greeter", """{"who":"ada"}"""));

        Assert.Null(response.FunctionError);
        Assert.Null(response.LogResult);
        var streams = await ReadGroupAsync(env.Cloud, "/aws/lambda/greeter");
        var (stream, lines) = Assert.Single(streams);
        Assert.Matches(StreamName(), stream);
        Assert.Equal(stream, JsonNode.Parse(response.Payload)!["stream"]!.GetValue<string>());
        Assert.Equal(5, lines.Count);
        Assert.Equal($"START RequestId: {seenRequestId} Version: $LATEST", lines[0]);
        Assert.Matches(@$"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{seenRequestId}\tinfo\thello ada$", lines[1]);
        Assert.EndsWith($"\t{seenRequestId}\twarn\tcareful", lines[2]);
        Assert.Equal($"END RequestId: {seenRequestId}", lines[3]);
        Assert.Equal(seenRequestId, ReportLine().Match(lines[4]).Groups["id"].Value);
    }

    [Fact]
    public async Task Sequential_invocations_share_one_instance_stream()
    {
        await using var env = await StartAsync();
        env.Cloud.Lambda.Register("echo", payload => payload);

        for (var i = 0; i < 3; i++) await env.Cloud.Lambda.InvokeAsync(Request("echo", $$"""{"i":{{i}}}"""));

        var (_, lines) = Assert.Single(await ReadGroupAsync(env.Cloud, "/aws/lambda/echo"));
        Assert.Equal(3, lines.Count(l => l.StartsWith("START RequestId: ", StringComparison.Ordinal)));
        Assert.Equal(["START", "END", "REPORT", "START", "END", "REPORT", "START", "END", "REPORT"], lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task An_unhandled_exception_logs_the_error_JSON_before_END_and_the_result_is_unchanged()
    {
        await using var env = await StartAsync();
        env.Cloud.Lambda.Register("broken", (Stepwise.Local.Lambda.LambdaHandler)((_, _) => throw new InvalidOperationException("no model loaded")));

        var response = await env.Cloud.Lambda.InvokeAsync(Request("broken"));

        Assert.Equal("Unhandled", response.FunctionError);
        var payload = JsonNode.Parse(response.Payload)!;
        Assert.Equal("no model loaded", payload["errorMessage"]!.GetValue<string>());
        var (_, lines) = Assert.Single(await ReadGroupAsync(env.Cloud, "/aws/lambda/broken"));
        Assert.Equal(4, lines.Count);
        var error = JsonNode.Parse(lines[1])!;
        Assert.Equal(("no model loaded", "InvalidOperationException"), (error["errorMessage"]!.GetValue<string>(), error["errorType"]!.GetValue<string>()));
        Assert.StartsWith("END RequestId: ", lines[2]);
        Assert.StartsWith("REPORT RequestId: ", lines[3]);
    }

    [Fact]
    public async Task LogType_Tail_returns_the_invocations_log_in_base64()
    {
        await using var env = await StartAsync();
        env.Cloud.Lambda.Register("talker", (_, context, _) =>
        {
            context.Logger.LogLine("working");
            return Task.FromResult<JsonNode?>(JsonValue.Create(1));
        });

        var response = await env.Cloud.Lambda.InvokeAsync(Request("talker", logType: "Tail"));

        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult!));
        var lines = tail.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.StartsWith("START RequestId: ", lines[0]);
        Assert.EndsWith("\tinfo\tworking", lines[1]);
        Assert.StartsWith("END RequestId: ", lines[2]);
        Assert.Matches(ReportLine(), lines[3]);
        Assert.Equal("1", Encoding.UTF8.GetString(response.Payload!));
    }

    [Fact]
    public async Task LogType_Tail_keeps_only_the_last_4_KB()
    {
        await using var env = await StartAsync();
        env.Cloud.Lambda.Register("chatty", (_, context, _) =>
        {
            for (var i = 0; i < 200; i++) context.Logger.LogLine($"line {i} " + new string('x', 40));
            return Task.FromResult<JsonNode?>(null);
        });

        var response = await env.Cloud.Lambda.InvokeAsync(Request("chatty", logType: "Tail"));

        var tail = Convert.FromBase64String(response.LogResult!);
        Assert.Equal(4096, tail.Length);
        var text = Encoding.UTF8.GetString(tail);
        Assert.Contains("line 199 ", text);
        Assert.DoesNotContain("START RequestId", text);
        Assert.Contains("REPORT RequestId: ", text);
    }

    [Fact]
    public async Task An_unknown_LogType_is_refused_as_Lambda_refuses_it()
    {
        await using var env = await StartAsync();
        env.Cloud.Lambda.Register("f", payload => payload);

        var error = await Assert.ThrowsAsync<LambdaException>(() => env.Cloud.Lambda.InvokeAsync(Request("f", logType: "Head")));

        Assert.Equal(LambdaErrorCodes.InvalidParameterValueException, error.ErrorCode);
        Assert.Contains("[None, Tail]", error.Message);
    }

    [Fact]
    public async Task The_context_reports_the_function_and_Lambdas_default_timeout()
    {
        await using var env = await StartAsync();
        JsonObject? seen = null;
        env.Cloud.Lambda.Register("introspect", (_, context, _) =>
        {
            seen = new JsonObject
            {
                ["name"] = context.FunctionName,
                ["arn"] = context.InvokedFunctionArn,
                ["group"] = context.LogGroupName,
                ["remaining"] = context.RemainingTime.TotalSeconds,
                ["memory"] = context.MemoryLimitInMB,
            };
            return Task.FromResult<JsonNode?>(null);
        });

        await env.Cloud.Lambda.InvokeAsync(Request("introspect"));

        Assert.Equal("introspect", seen!["name"]!.GetValue<string>());
        Assert.Equal(env.Cloud.Lambda.FunctionArn("introspect"), seen["arn"]!.GetValue<string>());
        Assert.Equal("/aws/lambda/introspect", seen["group"]!.GetValue<string>());
        Assert.InRange(seen["remaining"]!.GetValue<double>(), 0.001, 3.0);
        Assert.Equal(128, seen["memory"]!.GetValue<int>());
    }
}

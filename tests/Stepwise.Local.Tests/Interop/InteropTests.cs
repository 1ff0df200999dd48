using System.Text.Json.Nodes;
using Stepwise.Local.Hosting;
using Stepwise.Aws.StepFunctions;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Interop;

/// <summary>
/// Clients we did not write talk to the host: boto3 and the AWS SDK for JavaScript v3 run a scenario (create, start, wait,
/// describe, page the history forwards and backwards, list by status, provoke errors) and print what they saw.
/// </summary>
public sealed class InteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Boto3_drives_the_host_end_to_end()
    {
        await InteropClients.EnsureBoto3Async();
        await using var environment = await Testing.LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });

        var result = await RunAsync(InteropClients.Python, [Path.Combine(InteropProcess.ScriptFolder, "sfn_interop.py"), environment.Endpoint.ToString(), RunId()],
            InteropProcess.AwsEnvironment());

        AssertScenario(result);
        Assert.Equal(["stepwise"], result["tags"]!.AsArray().Select(t => (string)t!["value"]!));
    }

    [Fact]
    public async Task Js_sdk_v3_drives_the_host_end_to_end()
    {
        var modules = await InteropClients.EnsureClientSfnAsync();
        await using var cloud = await Testing.LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });
        var environment = InteropProcess.AwsEnvironment();
        environment["NODE_PATH"] = modules;

        var result = await RunAsync("node", [Path.Combine(InteropProcess.ScriptFolder, "sfn_interop.js"), cloud.Endpoint.ToString(), RunId()], environment);

        AssertScenario(result);
        Assert.Equal(ValidateStateMachineDefinitionResultCode.Fail, (string?)result["validateResult"]);
        Assert.True((int)result["validateDiagnostics"]! > 0);
        var validation = result["errors"]!["ValidationException"]!;
        Assert.Equal("ValidationException", (string?)validation["code"]);
        Assert.Contains("Value null at 'stateMachineArn'", (string?)validation["message"]);
    }

    [Fact]
    public async Task Boto3_reaches_TestState_and_StartSyncExecution_on_the_one_host_with_the_host_prefix_turned_off()
    {
        var python = await Hosting.ImageTools.PythonWithBoto3Async();
        await using var environment = await Testing.LocalCloudEnvironment.StartTemporaryAsync();

        var result = await RunAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "sfn_host_prefix.py"), environment.Endpoint.ToString(), RunId()],
            InteropProcess.AwsEnvironment());

        Assert.False((bool)result["prefixedReached"]!, "botocore is expected to prefix the host (sync-127.0.0.1), which does not resolve");
        Assert.Equal("SUCCEEDED", (string?)result["testStateStatus"]);
        Assert.Equal(7, (int)result["testStateOutput"]!["got"]!);
        Assert.Equal("SUCCEEDED", (string?)result["syncStatus"]);
        Assert.Equal(3, (int)result["syncOutput"]!["got"]!);
    }

    private static void AssertScenario(JsonNode result)
    {
        Assert.Equal(ExecutionStatus.Succeeded, (string?)result["status"]);
        Assert.True((bool)result["creationDateIsDatetime"]!, "the client parsed creationDate as a date");
        Assert.True((bool)result["stopAfterStart"]!);
        Assert.Equal(1, (int)result["output"]!["n"]!);
        Assert.Equal(1, (int)result["startedInput"]!["n"]!);
        Assert.Equal((string?)result["describedMachine"], (string?)result["machineForExecution"]);

        // Four Pass states: started, 4 × (entered, exited), succeeded.
        var types = result["historyTypes"]!.AsArray().Select(t => (string)t!).ToArray();
        Assert.Equal(
            [HistoryEventType.ExecutionStarted, .. Enumerable.Repeat(new[] { HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited }, 4).SelectMany(x => x), HistoryEventType.ExecutionSucceeded],
            types);
        var pages = result["historyPages"]!.AsArray().Select(p => p!.AsArray().Select(id => (long)id!).ToArray()).ToArray();
        Assert.All(pages, p => Assert.InRange(p.Length, 1, 3));
        Assert.Equal(Enumerable.Range(1, types.Length).Select(i => (long)i), pages.SelectMany(p => p));
        Assert.Equal([types.Length, types.Length - 1, types.Length - 2], result["reverseFirstPage"]!.AsArray().Select(id => (int)id!));
        Assert.Equal(Enumerable.Range(0, types.Length).Select(i => (long?)i), result["historyPrevious"]!.AsArray().Select(p => (long?)p));

        Assert.Equal(ExecutionStatus.Failed, (string?)result["failedStatus"]);
        Assert.Equal("Boom", (string?)result["failedError"]);
        Assert.Equal(["first", "second"], result["succeededNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["doomed"], result["failedNames"]!.AsArray().Select(n => (string)n!));
        Assert.Empty(result["failedOnOkMachine"]!.AsArray());

        foreach (var code in new[] { "ExecutionDoesNotExist", "InvalidDefinition", "ExecutionAlreadyExists", "StateMachineDoesNotExist" })
        {
            var error = result["errors"]![code];
            Assert.True(error is not null, $"{code}: the call succeeded");
            Assert.Equal(code, (string?)error["code"]);
            Assert.Equal(400, (int)error["status"]!);
        }
    }

    private async Task<JsonNode> RunAsync(string file, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var run = await InteropProcess.RunAsync(file, arguments, ScriptLimit, environment);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {run}");
        return JsonNode.Parse(run.Stdout)!;
    }

    private static string RunId() => Guid.NewGuid().ToString("N")[..8];
}

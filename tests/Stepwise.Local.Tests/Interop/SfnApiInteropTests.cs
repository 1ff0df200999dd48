using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Interop;

/// <summary>boto3 drives aliases, activities and RedriveExecution on the host: an execution started through an alias
/// waits for an activity worker, fails, is redriven, and succeeds on the second worker.</summary>
public sealed class SfnApiInteropTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Boto3_drives_aliases_activities_and_redrive()
    {
        // The image's boto3 (1.43): Debian's (1.26) predates versions, aliases and redrive.
        var python = await Hosting.ImageTools.PythonWithBoto3Async();
        await using var environment = await Testing.LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });
        var run = Guid.NewGuid().ToString("N")[..8];
        var process = await InteropProcess.RunAsync(python,
            [Path.Combine(InteropProcess.ScriptFolder, "sfn_api_interop.py"), environment.Endpoint.ToString(), run], TimeSpan.FromMinutes(3), InteropProcess.AwsEnvironment());
        output.WriteLine(process.ToString());
        Assert.True(process.ExitCode == 0, process.ToString());
        var result = JsonNode.Parse(process.Stdout)!;

        var alias = (string)result["aliasArn"]!;
        var version = (string)result["versionArn"]!;
        Assert.Equal($"arn:aws:states:us-east-1:123456789012:stateMachine:interop-api-{run}:live", alias);
        Assert.Equal(100, (int)result["describedAlias"]![0]!["weight"]!);
        Assert.Equal([alias], result["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal([version], result["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(1, (int)result["taskInput"]!["n"]!);

        var failed = result["failed"]!;
        Assert.Equal(("FAILED", "Nope", "REDRIVABLE"), ((string?)failed["status"], (string?)failed["error"], (string?)failed["redriveStatus"]));
        Assert.Equal((alias, version), ((string?)failed["stateMachineAliasArn"], (string?)failed["stateMachineVersionArn"]));
        Assert.True((bool)result["redriveDateIsDatetime"]!);
        var done = result["done"]!;
        Assert.Equal(("SUCCEEDED", true, 1), ((string?)done["status"], (bool)done["output"]!["ok"]!, (int)done["redriveCount"]!));
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", (string?)done["redriveStatusReason"]);
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivityFailed", "ExecutionFailed",
             "ExecutionRedriven", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"],
            result["historyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Single(result["redriven"]!.AsArray());

        foreach (var code in new[] { "ConflictException", "ExecutionNotRedrivable", "ActivityDoesNotExist", "ValidationException" })
        {
            var error = result["errors"]![code];
            Assert.True(error is not null, $"{code}: the call succeeded");
            Assert.Equal((code, 400), ((string?)error["code"], (int)error["status"]!));
        }
    }
}

using System.Text.Json.Nodes;
using Stepwise.Local.Hosting;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Interop;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>Clients we did not write against the query and restJson endpoints: boto3 and the AWS CLI call the local
/// STS, the CLI meets the not-served IAM, and boto3 drives the fake Lambda through <c>Interop/lambda_interop.py</c>.</summary>
public sealed class WireInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Boto3_reads_the_local_caller_identity_and_AssumeRoles_refusal_of_a_missing_role()
    {
        var python = await ImageTools.PythonWithBoto3Async();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();

        var seen = await RunJsonAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "sts_interop.py"), env.Endpoint.ToString()]);

        Assert.Equal("123456789012", (string?)seen["identity"]!["Account"]);
        Assert.Equal("arn:aws:iam::123456789012:root", (string?)seen["identity"]!["Arn"]);
        Assert.Equal("123456789012", (string?)seen["identity"]!["UserId"]);
        Assert.Matches("^[0-9a-f-]{36}$", (string?)seen["requestId"]);
        var refusal = seen["errors"]!["AssumeRole"]!;
        Assert.Equal(("AccessDenied", 403, "Sender"), ((string)refusal["code"]!, (int)refusal["status"]!, (string?)refusal["type"]));
        Assert.Contains("is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Trainer", (string?)refusal["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AWS_CLI_gets_the_caller_identity()
    {
        var aws = await ImageTools.AwsCliAsync();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();

        var seen = await RunJsonAsync(aws, ["sts", "get-caller-identity", "--endpoint-url", env.Endpoint.ToString(), "--output", "json"]);

        Assert.Equal(("123456789012", "arn:aws:iam::123456789012:root", "123456789012"),
            ((string?)seen["Account"], (string?)seen["Arn"], (string?)seen["UserId"]));
    }

    [Fact]
    public async Task The_AWS_CLI_calling_a_service_the_local_cloud_does_not_have_is_told_which_services_it_serves()
    {
        var aws = await ImageTools.AwsCliAsync();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();

        var result = await InteropProcess.RunAsync(aws, ["dynamodb", "list-tables", "--endpoint-url", env.Endpoint.ToString()], Limit, Environment());
        output.WriteLine(result.ToString());

        Assert.True(result.ExitCode is 254 or 255, result.ToString());
        Assert.Contains("when calling the ListTables operation", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("It serves:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ECR (ecr)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_invokes_gets_and_lists_functions_of_a_restJson_endpoint()
    {
        var python = await ImageTools.PythonWithBoto3Async();
        await using var host = await LocalCloudHost.StartAsync([RestJsonEndpointTests.FakeLambdaEndpoint(new FakeLambda())]);

        var seen = await RunJsonAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "lambda_interop.py"), host.Uri.ToString()]);

        var invoke = seen["invoke"]!;
        Assert.Equal(200, (int)invoke["status"]!);
        Assert.Equal("héllo", (string?)invoke["payload"]!["text"]);
        Assert.StartsWith("START echo", (string?)invoke["log"], StringComparison.Ordinal);
        Assert.Null(invoke["functionError"]);
        Assert.Equal("$LATEST", (string?)invoke["executedVersion"]);
        Assert.Equal(("Unhandled", "Boom"), ((string?)seen["invokeFailed"]!["functionError"], (string?)seen["invokeFailed"]!["payload"]!["errorType"]));
        Assert.Equal((202, ""), ((int)seen["invokeEvent"]!["status"]!, (string?)seen["invokeEvent"]!["payload"]));
        Assert.Equal("7", (string?)seen["invokeQualified"]!["executedVersion"]);
        Assert.Equal([1, 2], seen["invokeQualified"]!["payload"]!.AsArray().Select(n => (int)n!));
        Assert.Equal(("echo", 256, "ml"), ((string?)seen["getFunction"]!["name"], (int)seen["getFunction"]!["memory"]!, (string?)seen["getFunction"]!["tags"]!["team"]));
        Assert.Equal([["echo", "fail"], ["alpha", "beta"], ["gamma"]], seen["pages"]!.AsArray().Select(p => p!.AsArray().Select(n => (string)n!).ToArray()));
        foreach (var name in new[] { "ResourceNotFoundException", "InvokeMissing" })
        {
            var error = seen["errors"]![name]!;
            Assert.Equal(("ResourceNotFoundException", 404), ((string)error["code"]!, (int)error["status"]!));
            Assert.Equal("Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing", (string?)error["message"]);
        }
    }

    [Fact]
    public async Task Boto3_drives_local_ECR_and_CodeBuild_through_a_build_that_fails_as_docker_push_would()
    {
        var python = await ImageTools.PythonWithBoto3Async();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();

        var seen = await RunJsonAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "ecr_codebuild_interop.py"), env.Endpoint.ToString()]);

        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/stepwise-maskrcnn", (string?)seen["repositoryUri"]);
        Assert.True((bool)seen["createdAtIsTime"]!);
        Assert.Equal(("RepositoryAlreadyExistsException", 400), ((string)seen["errors"]!["duplicate"]!["code"]!, (int)seen["errors"]!["duplicate"]!["status"]!));
        Assert.Equal("RepositoryNotFoundException", (string?)seen["errors"]!["missing"]!["code"]);
        Assert.Equal("ResourceNotFoundException", (string?)seen["errors"]!["projectMissing"]!["code"]);
        Assert.Equal(["stepwise-maskrcnn"], seen["repositories"]!.AsArray().Select(n => (string)n!));
        var build = seen["build"]!;
        Assert.Equal("FAILED", (string?)build["status"]);
        Assert.Contains(build["phases"]!.AsArray(), p => (string?)p![0] == "BUILD" && (string?)p[1] == "FAILED");
        Assert.Equal("Error while executing command: stepwise-image push missing/app.csproj absent-repository:$IMAGE_TAG. Reason: exit status 1",
            (string?)build["context"]![0]!["message"]);
        Assert.Equal("/aws/codebuild/interop", (string?)build["logGroup"]);
        Assert.Single(seen["builds"]!.AsArray());
    }

    private static Dictionary<string, string> Environment() => InteropProcess.AwsEnvironment();

    private async Task<JsonNode> RunJsonAsync(string file, IEnumerable<string> arguments)
    {
        var result = await InteropProcess.RunAsync(file, arguments, Limit, Environment());
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }
}

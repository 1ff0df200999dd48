using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;

namespace Stepwise.Local.Tests.Lambda;

/// <summary>The tiny function's .zip deployed on the local Lambda and run as its own bootstrap process.</summary>
[Collection(TinyFunctionCollection.Name)]
public sealed partial class DeployedFunctionTests(TinyFunctionFixture tiny) : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/tiny-function";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-lambda-tests-").FullName;
    private LocalCloud _cloud = null!;

    [GeneratedRegex(@"^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms$")]
    private static partial Regex ColdReport();

    [GeneratedRegex(@"^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB$")]
    private static partial Regex WarmReport();

    public Task InitializeAsync()
    {
        _cloud = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private Task<FunctionConfiguration> CreateAsync(string name, int timeout = 10, IReadOnlyDictionary<string, string>? variables = null) =>
        _cloud.Lambda.CreateFunctionAsync(new CreateFunctionRequest
        {
            FunctionName = name,
            Role = Role,
            Runtime = "provided.al2023",
            Handler = "bootstrap",
            Code = new FunctionCode { ZipFile = tiny.Zip },
            Timeout = timeout,
            MemorySize = 256,
            Environment = variables is null ? null : new LambdaEnvironment { Variables = variables },
        });

    private async Task<(InvocationResponse Response, JsonNode? Payload)> InvokeAsync(string name, string payload, string? logType = null)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await _cloud.Lambda.InvokeAsync(new InvocationRequest
        {
            FunctionName = name,
            Payload = Encoding.UTF8.GetBytes(payload),
            LogType = logType,
        }, limit.Token);
        return (response, JsonNode.Parse(response.Payload!));
    }

    private async Task<List<(string Stream, List<string> Messages)>> LogsAsync(string name)
    {
        await _cloud.Lambda.FlushLogsAsync();
        var streams = await _cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = $"/aws/lambda/{name}" });
        var all = new List<(string, List<string>)>();
        foreach (var stream in streams.LogStreams!)
        {
            var events = await _cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = $"/aws/lambda/{name}", LogStreamName = stream.LogStreamName!, StartFromHead = true,
            });
            all.Add((stream.LogStreamName!, [.. events.Events!.Select(e => e.Message!)]));
        }
        return all;
    }

    [Fact]
    public async Task CreateFunction_answers_Pending_with_the_packages_sha256_and_size_then_GetFunction_says_Active()
    {
        var created = await CreateAsync("tiny-create");

        Assert.Equal("Pending", created.State);
        Assert.Equal("Creating", created.StateReasonCode);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(tiny.Zip)), created.CodeSha256);
        Assert.Equal(tiny.Zip.Length, created.CodeSize);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:tiny-create", created.FunctionArn);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$", created.LastModified);
        var got = await _cloud.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "tiny-create" });
        Assert.Equal("Active", got.Configuration!.State);
        Assert.Equal(created.RevisionId, got.Configuration.RevisionId);
        Assert.StartsWith("file://", got.Code!.Location);
        Assert.True(File.Exists(new Uri(got.Code.Location!).LocalPath));
        Assert.Contains((await _cloud.Lambda.ListFunctionsAsync(new ListFunctionsRequest())).Functions!, f => f.FunctionName == "tiny-create");
    }

    [Fact]
    public async Task Invoke_runs_the_bootstrap_in_its_own_process_with_Lambdas_environment_and_reuses_it_warm()
    {
        await CreateAsync("tiny-env", variables: new Dictionary<string, string> { ["GREETING"] = "hello" });

        var (first, one) = await InvokeAsync("tiny-env", """{"echo": {"a": 1}, "env": "GREETING", "log": "first line"}""", logType: "Tail");
        var (_, two) = await InvokeAsync("tiny-env", """{"env": "LAMBDA_TASK_ROOT"}""");
        var (_, three) = await InvokeAsync("tiny-env", """{"env": "AWS_LAMBDA_RUNTIME_API"}""");

        Assert.Null(first.FunctionError);
        Assert.Equal(1, one!["echo"]!["a"]!.GetValue<int>());
        Assert.Equal("hello", one["env"]!.GetValue<string>());
        Assert.Equal("tiny-env", one["functionName"]!.GetValue<string>());
        Assert.Equal(256, one["memory"]!.GetValue<int>());
        Assert.InRange(one["remainingMs"]!.GetValue<long>(), 1, 10_000);
        Assert.NotEqual(Environment.ProcessId, one["pid"]!.GetValue<int>());
        Assert.Equal(one["pid"]!.GetValue<int>(), two!["pid"]!.GetValue<int>());
        Assert.Equal(2, two["invocations"]!.GetValue<int>());
        Assert.StartsWith(Path.Combine(_data, "lambda", "tiny-env"), two["env"]!.GetValue<string>());
        Assert.StartsWith("127.0.0.1:", three!["env"]!.GetValue<string>());
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(first.LogResult!));
        Assert.Contains("first line", tail);

        var stream = Assert.Single(await LogsAsync("tiny-env"));
        Assert.StartsWith("INIT_START Runtime Version: provided:al2023", stream.Messages[0]);
        Assert.Contains(stream.Messages, m => m.EndsWith("\tinfo\tfirst line"));
        var reports = stream.Messages.Where(m => m.StartsWith("REPORT ")).ToList();
        Assert.Equal(3, reports.Count);
        Assert.Matches(ColdReport(), reports[0]);
        Assert.Matches(WarmReport(), reports[1]);
        Assert.Equal(3, stream.Messages.Count(m => m.StartsWith("START RequestId: ")));
    }

    [Fact]
    public async Task A_thrown_error_is_FunctionError_Unhandled_with_the_runtimes_errorType_errorMessage_and_stackTrace_and_the_process_stays_warm()
    {
        await CreateAsync("tiny-fail");

        var (failed, error) = await InvokeAsync("tiny-fail", """{"fail": "no such build"}""");
        var (after, ok) = await InvokeAsync("tiny-fail", "{}");

        Assert.Equal("Unhandled", failed.FunctionError);
        Assert.Equal("TinyFailure", error!["errorType"]!.GetValue<string>());
        Assert.Equal("no such build", error["errorMessage"]!.GetValue<string>());
        Assert.NotEmpty(error["stackTrace"]!.AsArray());
        Assert.Null(after.FunctionError);
        Assert.Equal(2, ok!["invocations"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_function_that_runs_past_its_timeout_is_killed_and_answers_Task_timed_out()
    {
        await CreateAsync("tiny-slow", timeout: 1);

        var (response, error) = await InvokeAsync("tiny-slow", """{"sleepMs": 20000}""");
        var (_, next) = await InvokeAsync("tiny-slow", "{}");

        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("Sandbox.Timedout", error!["errorType"]!.GetValue<string>());
        Assert.Matches(@"^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$", error["errorMessage"]!.GetValue<string>());
        Assert.Equal(1, next!["invocations"]!.GetValue<int>()); // a fresh environment
        var messages = (await LogsAsync("tiny-slow")).SelectMany(s => s.Messages).ToList();
        Assert.Contains(messages, m => m.EndsWith("Task timed out after 1.00 seconds"));
        Assert.Contains(messages, m => m.StartsWith("REPORT ") && m.EndsWith("\tStatus: timeout\tError Type: Sandbox.Timedout"));
    }

    [Fact]
    public async Task A_process_that_exits_during_an_invocation_is_Runtime_ExitError()
    {
        await CreateAsync("tiny-exit");

        var (response, error) = await InvokeAsync("tiny-exit", """{"exit": 7}""");

        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("Runtime.ExitError", error!["errorType"]!.GetValue<string>());
        Assert.EndsWith("Error: Runtime exited with error: exit status 7", error["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bootstrap_that_crashes_at_init_is_Runtime_ExitError_and_an_init_error_is_the_runtimes_document()
    {
        await CreateAsync("tiny-init-exit", variables: new Dictionary<string, string> { ["TINY_INIT"] = "exit" });
        await CreateAsync("tiny-init-fail", variables: new Dictionary<string, string> { ["TINY_INIT"] = "fail" });

        var (exited, exitError) = await InvokeAsync("tiny-init-exit", "{}");
        var (failed, initError) = await InvokeAsync("tiny-init-fail", "{}");

        Assert.Equal("Unhandled", exited.FunctionError);
        Assert.Equal("Runtime.ExitError", exitError!["errorType"]!.GetValue<string>());
        Assert.EndsWith("Runtime exited with error: exit status 3", exitError["errorMessage"]!.GetValue<string>());
        Assert.Equal("Unhandled", failed.FunctionError);
        Assert.Equal("InvalidOperationException", initError!["errorType"]!.GetValue<string>());
        Assert.Equal("tiny: init refused", initError["errorMessage"]!.GetValue<string>());
        var messages = (await LogsAsync("tiny-init-exit")).SelectMany(s => s.Messages).ToList();
        Assert.Contains("tiny: exiting during init", messages);
        Assert.Contains(messages, m => m.StartsWith("INIT_REPORT Init Duration: ") && m.EndsWith("Error Type: Runtime.ExitError"));
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_gives_the_next_invocation_a_new_environment_with_the_new_variables()
    {
        var created = await CreateAsync("tiny-update", variables: new Dictionary<string, string> { ["GREETING"] = "hello" });
        var (_, before) = await InvokeAsync("tiny-update", """{"env": "GREETING"}""");

        var updated = await _cloud.Lambda.UpdateFunctionConfigurationAsync(new UpdateFunctionConfigurationRequest
        {
            FunctionName = "tiny-update",
            Environment = new LambdaEnvironment { Variables = new Dictionary<string, string> { ["GREETING"] = "bonjour" } },
            RevisionId = created.RevisionId,
        });
        var (_, after) = await InvokeAsync("tiny-update", """{"env": "GREETING"}""");

        Assert.NotEqual(created.RevisionId, updated.RevisionId);
        Assert.Equal("hello", before!["env"]!.GetValue<string>());
        Assert.Equal("bonjour", after!["env"]!.GetValue<string>());
        Assert.NotEqual(before["pid"]!.GetValue<int>(), after["pid"]!.GetValue<int>());
        var stale = await Assert.ThrowsAsync<LambdaException>(() => _cloud.Lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest
        {
            FunctionName = "tiny-update", ZipFile = tiny.Zip, RevisionId = created.RevisionId,
        }));
        Assert.Equal("PreconditionFailedException", stale.ErrorCode);
    }

    [Fact]
    public async Task A_deployed_function_comes_back_after_a_restart_and_DeleteFunction_removes_its_folder()
    {
        var created = await CreateAsync("tiny-restart");
        await _cloud.DisposeAsync();
        _cloud = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data });

        var got = await _cloud.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "tiny-restart" });
        var (response, payload) = await InvokeAsync("tiny-restart", """{"echo": "again"}""");
        await _cloud.Lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = "tiny-restart" });

        Assert.Equal(created.CodeSha256, got.Configuration!.CodeSha256);
        Assert.Equal(created.RevisionId, got.Configuration.RevisionId);
        Assert.Null(response.FunctionError);
        Assert.Equal("again", payload!["echo"]!.GetValue<string>());
        Assert.False(Directory.Exists(Path.Combine(_data, "lambda", "tiny-restart")));
        var gone = await Assert.ThrowsAsync<LambdaException>(() => _cloud.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "tiny-restart" }));
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task The_function_reaches_the_local_cloud_through_AWS_ENDPOINT_URL_when_a_host_runs()
    {
        await using var host = await _cloud.StartHostAsync();
        await CreateAsync("tiny-endpoint");

        var (_, payload) = await InvokeAsync("tiny-endpoint", """{"env": "AWS_ENDPOINT_URL"}""");

        Assert.Equal(host.Uri.ToString().TrimEnd('/'), payload!["env"]!.GetValue<string>());
    }
}

/// <summary>The same package deployed and invoked over the wire (restJson1 on the one host), as the AWS CLI or an SDK does.</summary>
[Collection(TinyFunctionCollection.Name)]
public sealed class DeployedFunctionWireTests(TinyFunctionFixture tiny) : IAsyncLifetime
{
    private Stepwise.Local.Testing.LocalCloudEnvironment _environment = null!;
    private Stepwise.Aws.AwsClients _clients = null!;

    public async Task InitializeAsync()
    {
        _environment = await Stepwise.Local.Testing.LocalCloudEnvironment.StartTemporaryAsync();
        _clients = Stepwise.Aws.AwsClients.Create(new Stepwise.Aws.AwsClientOptions
        {
            EndpointUrl = _environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("local", "local"),
        });
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _environment.DisposeAsync();
    }

    [Fact]
    public async Task CreateFunction_and_Invoke_over_the_wire_run_the_package_and_concurrent_invocations_get_their_own_environments()
    {
        var created = await _clients.Lambda.CreateFunctionAsync(new CreateFunctionRequest
        {
            FunctionName = "tiny-wire",
            Role = "arn:aws:iam::123456789012:role/tiny",
            Runtime = "provided.al2023",
            Handler = "bootstrap",
            Code = new FunctionCode { ZipFile = tiny.Zip },
            Timeout = 30,
        });
        var invocations = Enumerable.Range(0, 2).Select(_ => _clients.Lambda.InvokeAsync(new InvocationRequest
        {
            FunctionName = "tiny-wire",
            Payload = """{"sleepMs": 1500, "echo": "wire"}"""u8.ToArray(),
        })).ToList();
        var responses = await Task.WhenAll(invocations);

        Assert.Equal("Pending", created.State);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(tiny.Zip)), created.CodeSha256);
        var payloads = responses.Select(r => JsonNode.Parse(r.Payload!)!).ToList();
        Assert.All(responses, r => Assert.Null(r.FunctionError));
        Assert.All(payloads, p => Assert.Equal("wire", p["echo"]!.GetValue<string>()));
        Assert.NotEqual(payloads[0]["pid"]!.GetValue<int>(), payloads[1]["pid"]!.GetValue<int>());
        var error = await Assert.ThrowsAsync<LambdaException>(() => _clients.Lambda.CreateFunctionAsync(new CreateFunctionRequest
        {
            FunctionName = "tiny-wire-bad",
            Role = "arn:aws:iam::123456789012:role/tiny",
            Runtime = "provided.al2023",
            Handler = "bootstrap",
            Code = new FunctionCode { ZipFile = "not a zip"u8.ToArray() },
        }));
        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.", error.Message);
    }
}

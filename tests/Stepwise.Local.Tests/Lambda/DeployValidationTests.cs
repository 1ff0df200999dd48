using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;
using Stepwise.Local.S3;

namespace Stepwise.Local.Tests.Lambda;

/// <summary>What CreateFunction and UpdateFunctionCode refuse, in Lambda's words (no process is started).</summary>
public sealed class DeployValidationTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/fn";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-lambda-validation-").FullName;
    private LocalCloud _cloud = null!;

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

    private static byte[] ZipOf(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }

    private static CreateFunctionRequest Request(string name, byte[]? zip = null, string? runtime = "provided.al2023", string? handler = "bootstrap") => new()
    {
        FunctionName = name,
        Role = Role,
        Runtime = runtime,
        Handler = handler,
        Code = new FunctionCode { ZipFile = zip ?? ZipOf(("readme.txt", "no bootstrap")) },
    };

    private async Task<LambdaException> RefusedAsync(CreateFunctionRequest request) =>
        await Assert.ThrowsAsync<LambdaException>(() => _cloud.Lambda.CreateFunctionAsync(request));

    [Fact]
    public async Task A_zip_that_is_not_a_zip_is_InvalidParameterValueException_Could_not_unzip()
    {
        var e = await RefusedAsync(Request("bad-zip", "not a zip"u8.ToArray()));

        Assert.Equal("InvalidParameterValueException", e.ErrorCode);
        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.", e.Message);
    }

    [Fact]
    public async Task A_missing_handler_or_runtime_is_refused_as_Lambda_refuses_it()
    {
        var handler = await RefusedAsync(Request("no-handler", handler: null));
        var runtime = await RefusedAsync(Request("no-runtime", runtime: null));

        Assert.Equal("InvalidParameterValueException", handler.ErrorCode);
        Assert.Equal("Runtime and Handler are mandatory parameters for functions created with deployment packages.", handler.Message);
        Assert.Equal(handler.Message, runtime.Message);
    }

    [Fact]
    public async Task An_unknown_runtime_names_the_enum_and_a_runtime_not_run_locally_says_what_to_use()
    {
        var unknown = await RefusedAsync(Request("cobol", runtime: "cobol85"));
        var python = await RefusedAsync(Request("py", runtime: "python3.12"));

        Assert.Equal("InvalidParameterValueException", unknown.ErrorCode);
        Assert.StartsWith("Value cobol85 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs, ", unknown.Message);
        Assert.EndsWith("] or be a valid ARN", unknown.Message);
        Assert.Equal("InvalidParameterValueException", python.ErrorCode);
        Assert.Contains("provided.al2023", python.Message);
    }

    [Fact]
    public async Task Constraints_of_the_model_are_ValidationExceptions()
    {
        var role = await RefusedAsync(Request("bad-role") with { Role = "tiny" });
        var timeout = await RefusedAsync(Request("bad-timeout") with { Timeout = 901 });
        var memory = await RefusedAsync(Request("bad-memory") with { MemorySize = 64 });
        var name = await RefusedAsync(Request("../escape"));

        Assert.All(new[] { role, timeout, memory, name }, e => Assert.Equal("ValidationException", e.ErrorCode));
        Assert.StartsWith("1 validation error detected: Value 'tiny' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ", role.Message);
        Assert.Equal("1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900", timeout.Message);
        Assert.Equal("1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128", memory.Message);
        Assert.Contains("at 'functionName'", name.Message);
        Assert.False(Directory.Exists(Path.Combine(_data, "escape")));
    }

    [Fact]
    public async Task Reserved_environment_keys_are_refused_with_Lambdas_sentence()
    {
        var e = await RefusedAsync(Request("reserved") with
        {
            Environment = new LambdaEnvironment { Variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["MINE"] = "ok" } },
        });

        Assert.Equal("InvalidParameterValueException", e.ErrorCode);
        Assert.EndsWith("Reserved keys used in this request: AWS_REGION", e.Message);
    }

    [Fact]
    public async Task Creating_a_function_twice_is_ResourceConflictException()
    {
        await _cloud.Lambda.CreateFunctionAsync(Request("twice"));

        var e = await RefusedAsync(Request("twice"));

        Assert.Equal("ResourceConflictException", e.ErrorCode);
        Assert.Equal("Function already exist: twice", e.Message);
    }

    [Fact]
    public async Task Code_is_read_from_local_S3_and_a_missing_key_is_S3s_error_in_Lambdas_sentence()
    {
        var zip = ZipOf(("bootstrap", "#!/bin/sh\n"));
        await _cloud.S3.CreateBucketAsync("code");
        await _cloud.S3.PutObjectAsync("code", "fn.zip", new MemoryStream(zip));

        var created = await _cloud.Lambda.CreateFunctionAsync(Request("from-s3") with { Code = new FunctionCode { S3Bucket = "code", S3Key = "fn.zip" } });
        var missing = await RefusedAsync(Request("from-s3-missing") with { Code = new FunctionCode { S3Bucket = "code", S3Key = "nope.zip" } });

        Assert.Equal(zip.Length, created.CodeSize);
        Assert.Equal("InvalidParameterValueException", missing.ErrorCode);
        Assert.StartsWith("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: ", missing.Message);
    }

    [Fact]
    public async Task A_package_without_bootstrap_is_accepted_and_its_invocation_is_Runtime_InvalidEntrypoint()
    {
        await _cloud.Lambda.CreateFunctionAsync(Request("no-bootstrap"));

        var response = await _cloud.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "no-bootstrap", Payload = "{}"u8.ToArray() });

        var error = JsonNode.Parse(response.Payload!)!;
        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("Runtime.InvalidEntrypoint", error["errorType"]!.GetValue<string>());
        Assert.Contains("Couldn't find valid bootstrap(s)", error["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_in_process_handlers_code_is_not_updatable_through_the_port()
    {
        _cloud.Lambda.Register("delegate", payload => payload);

        var e = await Assert.ThrowsAsync<LambdaException>(() =>
            _cloud.Lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = "delegate", ZipFile = ZipOf(("bootstrap", "")) }));

        Assert.Equal("InvalidParameterValueException", e.ErrorCode);
        Assert.Contains("registered in-process", e.Message);
    }
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;

namespace Stepwise.Aws.Contracts.Tests;

public sealed class DescriptorTests
{
    private static readonly Assembly Contracts = typeof(ServiceDescriptor).Assembly;

    /// <summary>Every generated <c>&lt;Service&gt;Operations</c> class, by its service's folder (namespace suffix).</summary>
    private static IReadOnlyDictionary<string, Type> OperationClasses { get; } = Contracts.GetExportedTypes()
        .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Operations", StringComparison.Ordinal) && t.GetProperty("Service") is not null)
        .ToDictionary(t => t.Namespace!["Stepwise.Aws.".Length..], StringComparer.Ordinal);

    private static ServiceDescriptor ServiceOf(Type operations) => (ServiceDescriptor)operations.GetProperty("Service")!.GetValue(null)!;

    private static IReadOnlyList<OperationDescriptor> OperationsOf(Type operations) =>
        (IReadOnlyList<OperationDescriptor>)operations.GetProperty("All")!.GetValue(null)!;

    [Fact]
    public void Lambda_Invoke_binds_its_members_to_the_path_headers_payload_and_status()
    {
        var invoke = LambdaOperations.Invoke;
        Assert.Equal("POST", invoke.HttpMethod);
        Assert.Equal("/2015-03-31/functions/{FunctionName}/invocations", invoke.RequestUri);
        Assert.Equal(200, invoke.SuccessCode);
        Assert.Contains(new MemberBinding("FunctionName", MemberLocation.Uri, "FunctionName"), invoke.Input);
        Assert.Contains(new MemberBinding("InvocationType", MemberLocation.Header, "X-Amz-Invocation-Type"), invoke.Input);
        Assert.Contains(new MemberBinding("Qualifier", MemberLocation.QueryString, "Qualifier"), invoke.Input);
        Assert.Contains(new MemberBinding("Payload", MemberLocation.Payload), invoke.Input);
        Assert.Contains(new MemberBinding("StatusCode", MemberLocation.StatusCode), invoke.Output);
        Assert.Contains(new MemberBinding("FunctionError", MemberLocation.Header, "X-Amz-Function-Error"), invoke.Output);
        Assert.Contains(new MemberBinding("Payload", MemberLocation.Payload), invoke.Output);
        Assert.Equal(typeof(byte[]), typeof(InvocationRequest).GetProperty(nameof(InvocationRequest.Payload))!.PropertyType);
        Assert.Equal(201, LambdaOperations.CreateFunction.SuccessCode);
        Assert.Equal("DELETE", LambdaOperations.DeleteFunction.HttpMethod);
    }

    [Fact]
    public void InvokeEndpoint_sends_the_body_as_the_payload_and_the_content_type_as_a_header()
    {
        var invoke = SageMakerRuntimeOperations.InvokeEndpoint;
        Assert.Equal("/endpoints/{EndpointName}/invocations", invoke.RequestUri);
        Assert.Contains(new MemberBinding("Body", MemberLocation.Payload), invoke.Input);
        Assert.Contains(new MemberBinding("ContentType", MemberLocation.Header, "Content-Type"), invoke.Input);
        Assert.Contains(new MemberBinding("Body", MemberLocation.Payload), invoke.Output);
        Assert.Equal("runtime.sagemaker", SageMakerRuntimeOperations.Service.EndpointPrefix);
        Assert.Equal("sagemaker", SageMakerRuntimeOperations.Service.SigningName);
    }

    [Fact]
    public void Iam_is_a_global_query_service_of_version_2010_05_08()
    {
        var iam = IamOperations.Service;
        Assert.Equal(AwsProtocol.Query, iam.Protocol);
        Assert.Equal("2010-05-08", iam.ApiVersion);
        Assert.True(iam.GlobalEndpoint);
        Assert.Equal("https://iam.amazonaws.com/doc/2010-05-08/", iam.XmlNamespace);
        Assert.Null(iam.TargetPrefix);
        Assert.Null(iam.JsonContentType);
        Assert.False(StsOperations.Service.GlobalEndpoint); // regional, as the AWS SDKs default to now
    }

    [Fact]
    public void Awsjson_operations_are_a_POST_to_slash_with_a_target()
    {
        var start = StepFunctionsOperations.StartExecution;
        Assert.Equal(("POST", "/", 200), (start.HttpMethod, start.RequestUri, start.SuccessCode));
        Assert.Equal("AWSStepFunctions.StartExecution", start.Target);
        Assert.Empty(start.Input);
        Assert.Equal("application/x-amz-json-1.0", StepFunctionsOperations.Service.JsonContentType);
        Assert.Equal("SageMaker.CreateTrainingJob", SageMakerOperations.CreateTrainingJob.Target);
        Assert.Equal("application/x-amz-json-1.1", SageMakerOperations.Service.JsonContentType);
    }

    [Fact]
    public void StartSyncExecution_and_TestState_go_to_the_sync_host()
    {
        Assert.Equal("sync-", StepFunctionsOperations.StartSyncExecution.HostPrefix);
        Assert.Equal("sync-", StepFunctionsOperations.TestState.HostPrefix);
        Assert.Null(StepFunctionsOperations.StartExecution.HostPrefix);
    }

    [Fact]
    public void Error_codes_carry_the_models_http_status_and_query_codes()
    {
        Assert.Equal(404, LambdaErrorCodes.StatusCode(LambdaErrorCodes.ResourceNotFoundException));
        Assert.Equal(429, LambdaErrorCodes.StatusCode(LambdaErrorCodes.TooManyRequestsException));
        Assert.Equal(400, LambdaErrorCodes.StatusCode(LambdaErrorCodes.InvalidParameterValueException));
        Assert.Equal(400, LambdaErrorCodes.StatusCode("SomethingElse"));
        Assert.Equal("NoSuchEntity", IamErrorCodes.NoSuchEntity);
        Assert.Equal(404, IamErrorCodes.StatusCode("NoSuchEntity"));
        Assert.Equal(409, IamErrorCodes.StatusCode("EntityAlreadyExists"));
        Assert.Equal(400, StepFunctionsErrorCodes.StatusCode(StepFunctionsErrorCodes.ExecutionDoesNotExist));
        Assert.Contains(IamErrorCodes.NoSuchEntity, IamOperations.GetRole.Errors);
    }

    [Fact]
    public void Each_service_makes_its_own_exception()
    {
        var lambda = LambdaOperations.Service.CreateException("ResourceNotFoundException", "Function not found: f", 404);
        Assert.IsType<LambdaException>(lambda);
        Assert.Equal(("ResourceNotFoundException", "Function not found: f", 404), (lambda.ErrorCode, lambda.Message, lambda.StatusCode));
        var sfn = StepFunctionsOperations.Service.CreateException("ExecutionDoesNotExist", "Execution Does Not Exist: 'x'", 400);
        Assert.IsType<StepFunctionsException>(sfn);
        foreach (var (folder, operations) in OperationClasses)
        {
            var error = ServiceOf(operations).CreateException("Code", "message", 418);
            Assert.Equal($"{folder}Exception", error.GetType().Name);
            Assert.Equal(418, error.StatusCode);
        }
    }

    [Fact]
    public async Task Every_descriptor_calls_its_own_method_of_the_port()
    {
        Assert.Equal(10, OperationClasses.Count);
        foreach (var (folder, operations) in OperationClasses)
        {
            var all = OperationsOf(operations);
            var port = Contracts.GetType($"Stepwise.Aws.{folder}.I{folder}", throwOnError: true)!;
            Assert.Equal(port.GetMethods().Select(m => m.Name).Order(), all.Select(o => o.Name + "Async").Order());
            foreach (var operation in all)
            {
                var proxy = RecordingPort.Create(port);
                var input = Activator.CreateInstance(operation.InputType)!;
                var output = await operation.InvokeAsync(proxy, input, CancellationToken.None);
                var call = ((RecordingPort)proxy).Calls.Single();
                Assert.Equal(operation.Name + "Async", call.Method.Name);
                Assert.Same(input, call.Input);
                Assert.IsType(operation.OutputType, output);
                Assert.Same(operation, operations.GetMethod("Find")!.Invoke(null, [operation.Name]));
                Assert.All(operation.Errors, e => Assert.Contains(e, ErrorCodesOf(folder)));
            }
        }
    }

    [Fact]
    public void Every_service_descriptor_matches_its_botocore_model()
    {
        var script = """
            import json, sys, botocore.loaders
            config = json.load(open("tools/codegen/services.json"))
            loader = botocore.loaders.Loader()
            out = {}
            for s in config["services"]:
                m = loader.load_service_model(s["model"], "service-2")
                out[s["folder"]] = dict(m["metadata"], operations=sorted(m["operations"]) if s["operations"] == "*" else sorted(s["operations"]))
            print(json.dumps(out))
            """;
        var models = JsonNode.Parse(Codegen.RunPython("-c", script))!.AsObject();
        Assert.Equal(models.Select(m => m.Key).Order(), OperationClasses.Keys.Order());
        foreach (var (folder, metadata) in models)
        {
            var service = ServiceOf(OperationClasses[folder]);
            var protocol = (string)metadata!["protocol"]! switch
            {
                "json" => (string?)metadata["jsonVersion"] == "1.0" ? AwsProtocol.AwsJson1_0 : AwsProtocol.AwsJson1_1,
                "rest-json" => AwsProtocol.RestJson1,
                "query" => AwsProtocol.Query,
                var other => throw new InvalidOperationException($"{folder}: protocol {other}"),
            };
            Assert.Equal(protocol, service.Protocol);
            Assert.Equal((string)metadata["serviceId"]!, service.ServiceId);
            Assert.Equal((string)metadata["apiVersion"]!, service.ApiVersion);
            Assert.Equal((string)metadata["endpointPrefix"]!, service.EndpointPrefix);
            Assert.Equal((string?)metadata["signingName"] ?? service.EndpointPrefix, service.SigningName);
            Assert.Equal((string?)metadata["targetPrefix"], service.TargetPrefix);
            Assert.Equal((string?)metadata["xmlNamespace"], service.XmlNamespace);
            Assert.Equal(metadata["operations"]!.AsArray().Select(o => (string)o!), OperationsOf(OperationClasses[folder]).Select(o => o.Name));
        }
    }

    private static IReadOnlySet<string> ErrorCodesOf(string folder) =>
        (IReadOnlySet<string>)Contracts.GetType($"Stepwise.Aws.{folder}.{folder}ErrorCodes", throwOnError: true)!.GetProperty("All")!.GetValue(null)!;

    /// <summary>A port that records the method called and answers with an empty output.</summary>
    public class RecordingPort : DispatchProxy
    {
        public List<(MethodInfo Method, object? Input)> Calls { get; } = [];

        public static object Create(Type port) =>
            typeof(DispatchProxy).GetMethod(nameof(DispatchProxy.Create), 2, [])!.MakeGenericMethod(port, typeof(RecordingPort)).Invoke(null, null)!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add((targetMethod!, args![0]));
            var output = targetMethod!.ReturnType.GetGenericArguments()[0];
            return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(output).Invoke(null, [Empty(output)]);
        }

        private static object Empty(Type type) => JsonSerializer.Deserialize("{}", type, SerializerFor(type))!;

        private static JsonSerializerOptions SerializerFor(Type type) =>
            (JsonSerializerOptions)type.Assembly.GetType($"{type.Namespace}.{type.Namespace!.Split('.')[^1]}Json")!.GetProperty("Options")!.GetValue(null)!;
    }
}

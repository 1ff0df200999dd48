using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>Task states that call SageMaker, through the <see cref="ISageMaker"/> port (local or AWS alike), as the
/// optimized integration does: <c>arn:aws:states:::sagemaker:createTrainingJob[.sync]</c>, <c>createModel</c>,
/// <c>createEndpointConfig</c>, <c>createEndpoint</c>, <c>updateEndpoint</c>, <c>createTransformJob[.sync]</c>,
/// <c>createProcessingJob[.sync]</c> and <c>createHyperParameterTuningJob[.sync]</c>. Parameters are the API's own
/// (PascalCase); the result is the Create* response, or for <c>.sync</c> the Describe* response once the job has ended,
/// polled every <see cref="PollInterval"/> on the engine's clock. API errors fail the task with
/// <c>SageMaker.AmazonSageMakerException</c>; a job that ends Failed or Stopped fails it with <c>States.TaskFailed</c>
/// and the job's description (with its FailureReason) as the cause; a task that is cancelled (the execution stopped,
/// a timeout) stops its job first. The jobs it creates carry the tag <see cref="MarkerTag"/> (the execution's ARN): a
/// task that runs again after the engine restarted finds its name taken (ResourceInUse), and follows the job when its
/// tags (ListTags) show this execution submitted it.</summary>
public sealed class SageMakerIntegration : ITaskIntegration
{
    public const string Prefix = "arn:aws:states:::sagemaker:";

    /// <summary>The error of every SageMaker API failure, as Step Functions names it.</summary>
    public const string ApiError = "SageMaker.AmazonSageMakerException";

    /// <summary>How often a <c>.sync</c> task describes its job when none is given.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Operation> _operations;

    public SageMakerIntegration(ISageMaker sageMaker, IClock? clock = null, TimeSpan? pollInterval = null)
    {
        SageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        Clock = clock ?? SystemClock.Instance;
        PollInterval = pollInterval is { } interval && interval > TimeSpan.Zero ? interval : DefaultPollInterval;
        _operations = new Operation[]
        {
            Op<CreateTrainingJobRequest, CreateTrainingJobResponse>("createTrainingJob", SageMaker.CreateTrainingJobAsync, r => r.TrainingJobName,
                new Job("training job", "TrainingJobArn",
                    async (name, ct) => Ended(await SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name }, ct).ConfigureAwait(false),
                        d => d.TrainingJobStatus, d => d.FailureReason, d => d.TrainingJobArn),
                    (name, ct) => SageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = name }, ct))),
            Op<CreateTransformJobRequest, CreateTransformJobResponse>("createTransformJob", SageMaker.CreateTransformJobAsync, r => r.TransformJobName,
                new Job("transform job", "TransformJobArn",
                    async (name, ct) => Ended(await SageMaker.DescribeTransformJobAsync(new DescribeTransformJobRequest { TransformJobName = name }, ct).ConfigureAwait(false),
                        d => d.TransformJobStatus, d => d.FailureReason, d => d.TransformJobArn),
                    (name, ct) => SageMaker.StopTransformJobAsync(new StopTransformJobRequest { TransformJobName = name }, ct))),
            Op<CreateProcessingJobRequest, CreateProcessingJobResponse>("createProcessingJob", SageMaker.CreateProcessingJobAsync, r => r.ProcessingJobName,
                new Job("processing job", "ProcessingJobArn",
                    async (name, ct) => Ended(await SageMaker.DescribeProcessingJobAsync(new DescribeProcessingJobRequest { ProcessingJobName = name }, ct).ConfigureAwait(false),
                        d => d.ProcessingJobStatus, d => d.FailureReason, d => d.ProcessingJobArn),
                    (name, ct) => SageMaker.StopProcessingJobAsync(new StopProcessingJobRequest { ProcessingJobName = name }, ct))),
            Op<CreateHyperParameterTuningJobRequest, CreateHyperParameterTuningJobResponse>("createHyperParameterTuningJob", SageMaker.CreateHyperParameterTuningJobAsync,
                r => r.HyperParameterTuningJobName,
                new Job("hyperparameter tuning job", "HyperParameterTuningJobArn",
                    async (name, ct) => Ended(await SageMaker.DescribeHyperParameterTuningJobAsync(new DescribeHyperParameterTuningJobRequest { HyperParameterTuningJobName = name }, ct).ConfigureAwait(false),
                        d => d.HyperParameterTuningJobStatus, d => d.FailureReason, d => d.HyperParameterTuningJobArn),
                    (name, ct) => SageMaker.StopHyperParameterTuningJobAsync(new StopHyperParameterTuningJobRequest { HyperParameterTuningJobName = name }, ct))),
            Op<CreateModelInput, CreateModelOutput>("createModel", SageMaker.CreateModelAsync, r => r.ModelName, null),
            Op<CreateEndpointConfigInput, CreateEndpointConfigOutput>("createEndpointConfig", SageMaker.CreateEndpointConfigAsync, r => r.EndpointConfigName, null),
            Op<CreateEndpointInput, CreateEndpointOutput>("createEndpoint", SageMaker.CreateEndpointAsync, r => r.EndpointName, null),
            Op<UpdateEndpointInput, UpdateEndpointOutput>("updateEndpoint", SageMaker.UpdateEndpointAsync, r => r.EndpointName, null),
        }.ToDictionary(o => Prefix + o.Action, StringComparer.Ordinal);
    }

    /// <summary>The SageMaker service it calls.</summary>
    public ISageMaker SageMaker { get; }

    /// <summary>The clock <c>.sync</c> tasks wait on between two Describe* calls (the engine's).</summary>
    public IClock Clock { get; }

    /// <summary>How often a <c>.sync</c> task describes its job.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>The actions served, as they follow <see cref="Prefix"/>.</summary>
    public IEnumerable<string> Actions => _operations.Values.Select(o => o.Action);

    public bool Handles(string service, IntegrationPattern pattern) =>
        _operations.TryGetValue(service, out var operation) &&
        (pattern == IntegrationPattern.CallAndContinue || (pattern == IntegrationPattern.WaitForCompletion && operation.Job is not null));

    public (string ResourceType, string Resource) Describe(string service) => IntegrationRegistry.DescribeStatesArn(service);

    /// <summary>As AWS's history names it: <c>createTrainingJob.sync</c> keeps its pattern.</summary>
    public (string ResourceType, string Resource) Describe(string service, IntegrationPattern pattern)
    {
        var (type, resource) = Describe(service);
        return (type, pattern == IntegrationPattern.WaitForCompletion ? resource + ".sync" : resource);
    }

    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        if (!_operations.TryGetValue(invocation.Service, out var operation))
            throw new StatesException(StatesErrors.Runtime, $"The resource '{invocation.Resource}' is not a SageMaker integration served locally.");
        var marker = Marker(invocation.ExecutionArn);
        JsonNode created;
        string name;
        try
        {
            (created, name) = await operation.Create(operation.Job is null ? invocation.Payload : Tagged(invocation.Payload, marker), cancellationToken).ConfigureAwait(false);
        }
        catch (StatesException error) when (operation.Job is not null && error.InnerException is AwsServiceException { ErrorCode: SageMakerErrorCodes.ResourceInUse } &&
                                            invocation.Payload?[operation.Job.NameMember] is JsonValue value && value.TryGetValue<string>(out _))
        {
            // The job this execution submitted before the engine restarted (resumed from its checkpoint, the task runs
            // again): follow it rather than fail on its name. Anyone else's job of that name keeps the error.
            name = invocation.Payload[operation.Job.NameMember]!.GetValue<string>();
            var adopted = await AdoptAsync(operation.Job, name, marker, cancellationToken).ConfigureAwait(false);
            if (adopted is null) throw;
            created = adopted;
        }
        if (invocation.Pattern != IntegrationPattern.WaitForCompletion || operation.Job is not { } job)
            return created;

        if (invocation.Submitted is { } submitted)
            await submitted(created, cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var (description, status, reason, _) = await Call(() => job.Describe(name, cancellationToken)).ConfigureAwait(false);
                switch (status)
                {
                    case "Completed":
                        return description;
                    case "Failed" or "Stopped":
                        throw new StatesException(StatesErrors.TaskFailed, description.ToJsonString(AwsText), new JobEndedException(job.Noun, name, status, reason));
                }
                await Clock.SleepAsync(PollInterval, cancellationToken).ConfigureAwait(false);
                await Task.Yield(); // a virtual clock's sleep returns at once: never spin synchronously
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The task was stopped (the execution stopped or timed out, a sibling branch failed): stop the job, as
            // Step Functions does, then give up. A job that has already ended refuses to stop; that is fine.
            using var stopping = new CancellationTokenSource(StopTimeout);
            try
            {
                await job.Stop(name, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is AwsServiceException or OperationCanceledException)
            {
            }
            throw;
        }
    }

    /// <summary>The tag a job this engine submits carries: the execution's ARN (a digest when longer than a tag value may be).</summary>
    public const string MarkerTag = "stepwise:execution-arn";

    /// <summary>The value of <see cref="MarkerTag"/> for an execution.</summary>
    public static string Marker(string executionArn) =>
        executionArn.Length <= 256 ? executionArn : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(executionArn)));

    /// <summary>The parameters with the execution's marker tag added (when there is room: at most 50 tags).</summary>
    private static JsonNode? Tagged(JsonNode? payload, string marker)
    {
        if (payload is not JsonObject parameters) return payload;
        var copy = parameters.DeepClone().AsObject();
        if (copy["Tags"] is null) copy["Tags"] = new JsonArray();
        if (copy["Tags"] is not JsonArray tags || tags.Count >= 50 || tags.Any(t => t?["Key"]?.GetValueKind() == JsonValueKind.String && t["Key"]!.GetValue<string>() == MarkerTag))
            return copy;
        tags.Add(new JsonObject { ["Key"] = MarkerTag, ["Value"] = marker });
        return copy;
    }

    /// <summary>The Create response of the job named <paramref name="name"/> when it carries this execution's marker
    /// (its ARN from Describe*, its tags from ListTags); else null, and the ResourceInUse error stands.</summary>
    private async Task<JsonNode?> AdoptAsync(Job job, string name, string marker, CancellationToken cancellationToken)
    {
        try
        {
            var (_, _, _, arn) = await job.Describe(name, cancellationToken).ConfigureAwait(false);
            var tags = await SageMaker.ListTagsAsync(new ListTagsInput { ResourceArn = arn }, cancellationToken).ConfigureAwait(false);
            return tags.Tags?.Any(t => t.Key == MarkerTag && t.Value == marker) == true ? new JsonObject { [job.ArnMember] = arn } : null;
        }
        catch (AwsServiceException)
        {
            return null;
        }
    }

    /// <summary>The request read from the parameters: a member of the wrong type or a missing required member fails as
    /// SageMaker's validation does, naming the member.</summary>
    public static T Read<T>(JsonNode? payload, string action)
    {
        if (payload is not JsonObject)
            throw Api("ValidationException", $"The parameters of sagemaker:{action} must be an object, but were {payload?.ToJsonString() ?? "null"}.");
        T request;
        try
        {
            request = payload.Deserialize(SageMakerJson.TypeInfo<T>())!;
        }
        catch (JsonException error)
        {
            var member = error.Path is { Length: > 2 } path ? path[2..] : "(the request)";
            throw Api("ValidationException",
                $"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must be of the type the {action} API gives it ({FirstLine(error.Message)})");
        }
        var missing = SageMakerJson.MissingRequiredMembers(request!);
        if (missing.Count > 0)
            throw Api("ValidationException", ValidationMessages.MissingMembers([.. missing.Select(Camel)]));
        return request;
    }

    /// <summary>A SageMaker API error as Step Functions reports it: the SDK's exception as the error, the service's
    /// message, status and code in the cause.</summary>
    public static StatesException ToStatesError(AwsServiceException error) =>
        new(ApiError, $"{error.Message} (Service: AmazonSageMaker; Status Code: {error.StatusCode}; Error Code: {error.ErrorCode}; Request ID: {error.RequestId ?? Guid.NewGuid().ToString()}; Proxy: null)", error);

    private static StatesException Api(string code, string message) => ToStatesError(new SageMakerException(code, message));

    /// <summary>A member path as SageMaker's validation errors name it: <c>outputDataConfig.s3OutputPath</c>.</summary>
    private static string Camel(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length > 0 && char.IsUpper(p[0]) ? char.ToLowerInvariant(p[0]) + p[1..] : p));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            throw ToStatesError(error);
        }
    }

    /// <summary>As AWS writes a cause: quotes and apostrophes as they are, escaping only what JSON requires.</summary>
    private static readonly JsonSerializerOptions AwsText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode Serialize<T>(T shape) => JsonSerializer.SerializeToNode(shape, SageMakerJson.TypeInfo<T>()) ?? new JsonObject();

    private static (JsonNode Description, string Status, string? Reason, string Arn) Ended<T>(T description, Func<T, string> status, Func<T, string?> reason, Func<T, string> arn) =>
        (Serialize(description), status(description), reason(description), arn(description));

    private static Operation Op<TIn, TOut>(string action, Func<TIn, CancellationToken, Task<TOut>> create, Func<TIn, string> name, Job? job) =>
        new(action, job, async (payload, ct) =>
        {
            var request = Read<TIn>(payload, action);
            var response = await Call(() => create(request, ct)).ConfigureAwait(false);
            return (Serialize(response), name(request));
        });

    private sealed record Operation(string Action, Job? Job, Func<JsonNode?, CancellationToken, Task<(JsonNode Output, string Name)>> Create);

    private sealed record Job(
        string Noun,
        string ArnMember,
        Func<string, CancellationToken, Task<(JsonNode Description, string Status, string? Reason, string Arn)>> Describe,
        Func<string, CancellationToken, Task> Stop)
    {
        /// <summary>The member naming the job in its Create request: <c>TrainingJobArn</c> → <c>TrainingJobName</c>.</summary>
        public string NameMember => ArnMember[..^"Arn".Length] + "Name";
    }
}

/// <summary>Why a <c>.sync</c> SageMaker task failed: its job ended Failed or Stopped (the inner exception of the
/// task's <c>States.TaskFailed</c>, whose cause is the job's description).</summary>
public sealed class JobEndedException(string noun, string name, string status, string? reason)
    : Exception($"The {noun} {name} ended {status}{(reason is null ? "." : $": {reason}")}")
{
    public string JobName { get; } = name;

    public string Status { get; } = status;

    public string? FailureReason { get; } = reason;
}

using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows;

namespace Stepwise.Local.Tests.SageMaker.Integration;

/// <summary>A local Step Functions whose SageMaker integration calls a <see cref="FakeSageMaker"/>, polling every 5 ms.</summary>
internal sealed class SageMakerHarness : IAsyncDisposable
{
    public const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-sfn-sm-").FullName;
    private int _machines;

    public SageMakerHarness(bool withSageMaker = true)
    {
        StepFunctions = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            DataDirectory = _data,
            SageMaker = withSageMaker ? Fake : null,
            SageMakerPollInterval = TimeSpan.FromMilliseconds(5),
        });
    }

    public FakeSageMaker Fake { get; } = new();

    public LocalStepFunctions StepFunctions { get; }

    public static string Definition(IChainable steps) => new Graph(steps).ToJson();

    public async Task<string> StartAsync(string definition, string input = "{}")
    {
        var machine = await StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = $"m{Interlocked.Increment(ref _machines)}", Definition = definition, RoleArn = Role,
        });
        return (await StepFunctions.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Input = input })).ExecutionArn;
    }

    public async Task<DescribeExecutionOutput> RunAsync(string definition, string input = "{}")
    {
        var arn = await StartAsync(definition, input);
        await StepFunctions.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(20));
        return await StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = arn });
    }

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn) =>
        (await StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn, MaxResults = 1000 })).Events;

    /// <summary>A training job's description, as SageMaker gives it.</summary>
    public static DescribeTrainingJobResponse Training(string name, string status, string? reason = null) => new()
    {
        TrainingJobName = name,
        TrainingJobArn = $"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
        TrainingJobStatus = status,
        SecondaryStatus = status == TrainingJobStatus.InProgress ? SecondaryStatus.Training : status,
        FailureReason = reason,
        ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = $"s3://bucket/output/{name}/output/model.tar.gz" },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
        CreationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Scripts a training job: CreateTrainingJob answers its ARN; DescribeTrainingJob answers InProgress
    /// <paramref name="polls"/> times, then <paramref name="end"/> (null: InProgress forever).</summary>
    public FakeSageMaker ScriptTraining(int polls, string? end, string? reason = null)
    {
        var describes = 0;
        return Fake
            .On<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob",
                r => new CreateTrainingJobResponse { TrainingJobArn = $"arn:aws:sagemaker:us-east-1:123456789012:training-job/{r.TrainingJobName}" })
            .On<DescribeTrainingJobRequest, DescribeTrainingJobResponse>("DescribeTrainingJob",
                r => Training(r.TrainingJobName, end is null || Interlocked.Increment(ref describes) <= polls ? TrainingJobStatus.InProgress : end, reason))
            .On<StopTrainingJobRequest, StopTrainingJobOutput>("StopTrainingJob", _ => new StopTrainingJobOutput());
    }

    public async ValueTask DisposeAsync()
    {
        await StepFunctions.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

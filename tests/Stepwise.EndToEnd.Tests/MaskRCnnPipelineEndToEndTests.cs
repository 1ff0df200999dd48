using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workbook;
using Stepwise.Workbook.Training;
using Stepwise.Workflows;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd.Tests;

/// <summary>Issue 10, item 7: the seed's pipeline (build Lambda → train → model → endpoint config → endpoint) on the
/// local cloud with the real container, a one-epoch smoke training on a synthetic dataset, and the endpoint it leaves.</summary>
[Collection(MaskRCnnContainerCollection.Name)]
public sealed class MaskRCnnPipelineEndToEndTests(MaskRCnnCloudFixture fixture, ITestOutputHelper output)
{
    private const string TrainingState = "Train Mask R-CNN";

    /// <summary>One epoch of a few iterations at a small size: seconds on 2 cores.</summary>
    private static readonly Dictionary<string, object> Smoke = new()
    {
        ["num_epochs"] = 1,
        ["num_classes"] = 2,
        ["backbone"] = "resnet18",
        ["image_size"] = 128,
        ["max_iterations"] = 4,
        ["log_every"] = 1,
    };

    [Fact]
    public async Task The_pipeline_trains_hosts_and_serves_masks()
    {
        foreach (var line in fixture.Timings) output.WriteLine(line);
        var cloud = fixture.Cloud;
        var names = Names("ok");
        var workflow = Pipeline(Smoke);
        await workflow.CreateAsync();

        var clock = Stopwatch.StartNew();
        var execution = await workflow.ExecuteAsync(names, name: names.JobName);
        var views = new List<TrainingJobView>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            var executionDone = execution.WaitAsync(timeout.Token);
            // What notebook 04 shows while the job runs: the job's status, metrics read from its log, the log's last lines.
            var watched = await TrainingJobWatch.WatchAsync(cloud.SageMaker, cloud.Logs, names.JobName, views.Add,
                new TrainingJobWatchOptions { Interval = TimeSpan.FromMilliseconds(100), StopWaitingWhen = executionDone }, timeout.Token);
            var done = await executionDone;
            Assert.True(done.Status == "SUCCEEDED", $"{done.Status}: {done.Error} {done.Cause}");
            Assert.Equal(TrainingJobStatus.Completed, watched.Status);
        }
        output.WriteLine($"execution: {clock.Elapsed.TotalSeconds:F1} s to SUCCEEDED; the training job watched in {views.Count} views");
        Assert.Contains(views, v => v.Status == TrainingJobStatus.InProgress && v.Job?.SecondaryStatus == "Training");
        var whileRunning = views.Where(v => v.Status == TrainingJobStatus.InProgress).SelectMany(v => v.Metrics).Select(m => m.Name).ToHashSet();
        Assert.Contains("train:loss", whileRunning); // read from the log before the job ended, not from FinalMetricDataList
        Assert.Equal(4, views[^1].Metrics.Single(m => m.Name == "train:loss").Points.Count); // max_iterations=4, log_every=1
        Assert.Contains(views[^1].RecentLog, l => l.Contains("model saved to", StringComparison.Ordinal));
        Assert.DoesNotContain("<script", views[^1].Html, StringComparison.OrdinalIgnoreCase);
        var history = await execution.ListEventsAsync(maxItems: 1000);
        foreach (var (state, seconds) in StateDurations(history))
            output.WriteLine($"  state '{state}': {seconds:F1} s");
        Assert.Equal(1, history.Count(e => e.Type == "TaskStateEntered" && e.StateEnteredEventDetails?.Name == "Calls CodeBuild to Build Container"));

        // The training job: completed, with the metrics of the definitions and its log in CloudWatch Logs.
        var job = await cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = names.JobName });
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        output.WriteLine($"training job: {(job.TrainingEndTime - job.TrainingStartTime)?.TotalSeconds:F1} s training, {(job.TrainingEndTime - job.CreationTime)?.TotalSeconds:F1} s from creation to end");
        var metrics = (job.FinalMetricDataList ?? []).ToDictionary(m => m.MetricName!, m => m.Value);
        output.WriteLine("metrics: " + string.Join(", ", metrics.Select(m => $"{m.Key}={m.Value}")));
        Assert.Contains("train:loss", metrics.Keys);
        Assert.Contains("train:epoch_loss", metrics.Keys);
        Assert.Contains("validation:mask_ap50", metrics.Keys);
        var log = await TrainingLogAsync(names.JobName);
        Assert.Contains(log, l => l.Contains("epoch=1 iter=4/4 loss=", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("model saved to", StringComparison.Ordinal));

        // The endpoint the last state created: InService, then masks for an image training never saw.
        clock.Restart();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            var endpoint = await cloud.SageMaker.WaitForEndpointAsync(names.EndpointName, timeout.Token);
            Assert.True(endpoint.EndpointStatus == EndpointStatus.InService, $"{endpoint.EndpointStatus}: {endpoint.FailureReason}");
        }
        output.WriteLine($"endpoint startup (after the execution ended): {clock.Elapsed.TotalSeconds:F1} s");
        try
        {
            clock.Restart();
            var request = new JsonObject { ["image"] = Convert.ToBase64String(fixture.HeldOutPng), ["score_threshold"] = 0.0 };
            var answer = await cloud.SageMakerRuntime.InvokeEndpointAsync(new InvokeEndpointInput
            {
                EndpointName = names.EndpointName,
                ContentType = "application/json",
                Accept = "application/json",
                Body = Encoding.UTF8.GetBytes(request.ToJsonString()),
            });
            output.WriteLine($"first invocation: {clock.Elapsed.TotalSeconds:F2} s");
            var json = JsonNode.Parse(answer.Body)!.AsObject();
            var boxes = json["boxes"]!.AsArray();
            var masks = json["masks"]!.AsArray();
            output.WriteLine($"answer: {boxes.Count} detections at threshold 0");
            Assert.Equal(boxes.Count, json["labels"]!.AsArray().Count);
            Assert.Equal(boxes.Count, json["scores"]!.AsArray().Count);
            Assert.Equal(boxes.Count, masks.Count);
            Assert.NotEmpty(masks);
            foreach (var mask in masks)
            {
                Assert.Equal([192, 256], mask!["size"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());
                Assert.False(string.IsNullOrEmpty(mask["counts"]!.GetValue<string>()));
            }

            // The raw-bytes form answers the same structure (masks above the default threshold: maybe none yet).
            var raw = await cloud.SageMakerRuntime.InvokeEndpointAsync(new InvokeEndpointInput
            {
                EndpointName = names.EndpointName,
                ContentType = "image/png",
                Body = fixture.HeldOutPng,
            });
            Assert.NotNull(JsonNode.Parse(raw.Body)!["masks"]!.AsArray());
        }
        finally
        {
            await cloud.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = names.EndpointName });
        }
        await Assert.ThrowsAnyAsync<Exception>(() => cloud.SageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = names.EndpointName }));
    }

    [Fact]
    public async Task A_hyperparameter_the_container_rejects_fails_the_training_state()
    {
        var names = Names("bad");
        var workflow = Pipeline(new Dictionary<string, object>(Smoke) { ["optimizer"] = "rmsprop" });
        await workflow.CreateAsync();

        var clock = Stopwatch.StartNew();
        var execution = await workflow.ExecuteAsync(names, name: names.JobName);
        DescribeExecutionOutput done;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            done = await execution.WaitAsync(timeout.Token);
        output.WriteLine($"failing execution: {clock.Elapsed.TotalSeconds:F1} s to {done.Status}");
        output.WriteLine($"error: {done.Error}; cause: {done.Cause}");

        Assert.Equal("FAILED", done.Status);
        Assert.Equal("States.TaskFailed", done.Error);
        // The cause is the failed job's description, as Step Functions gives it; its FailureReason is the container's.
        Assert.Contains("must be \\\"sgd\\\" or", done.Cause); // written as AWS writes it: quotes escaped as \", apostrophes as they are
        Assert.Contains("Hyperparameter 'optimizer'", done.Cause);
        var cause = JsonNode.Parse(done.Cause!)!;
        Assert.Equal("Failed", cause["TrainingJobStatus"]!.GetValue<string>());
        Assert.Contains("Hyperparameter 'optimizer' must be \"sgd\" or \"adamw\", got \"rmsprop\".", cause["FailureReason"]!.GetValue<string>());
        var history = await execution.ListEventsAsync(maxItems: 1000);
        var lastEntered = history.Last(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
        Assert.Equal(TrainingState, lastEntered.StateEnteredEventDetails!.Name);
        Assert.Contains(history, e => e.Type == "TaskFailed");

        var job = await fixture.Cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = names.JobName });
        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Contains("rmsprop", job.FailureReason);
        Assert.DoesNotContain((await fixture.Cloud.SageMaker.ListEndpointsAsync(new ListEndpointsInput())).Endpoints, e => e.EndpointName == names.EndpointName);
    }

    private Workflow Pipeline(IReadOnlyDictionary<string, object> hyperparameters) =>
        MaskRCnnPipeline.Create(fixture.Resources, fixture.Cloud.StepFunctions, new MaskRCnnPipelineOptions
        {
            Hyperparameters = hyperparameters,
            TrainingData = $"{fixture.Resources.Bucket}/{MaskRCnnCloudFixture.DataPrefix}",
        });

    private static RunNames Names(string what)
    {
        var suffix = $"{what}-{Guid.NewGuid():N}"[..12];
        return new RunNames($"e2e-job-{suffix}", $"e2e-model-{suffix}", $"e2e-endpoint-{suffix}");
    }

    private async Task<List<string>> TrainingLogAsync(string job)
    {
        const string group = "/aws/sagemaker/TrainingJobs";
        var streams = await fixture.Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = group, LogStreamNamePrefix = job + "/" });
        var lines = new List<string>();
        foreach (var stream in streams.LogStreams ?? [])
        {
            var events = await fixture.Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream.LogStreamName!, StartFromHead = true });
            lines.AddRange(events.Events!.Select(e => e.Message!));
        }
        Assert.NotEmpty(lines);
        return lines;
    }

    private static IEnumerable<(string State, double Seconds)> StateDurations(IReadOnlyList<HistoryEvent> history)
    {
        var entered = new Dictionary<string, DateTimeOffset>();
        foreach (var e in history)
        {
            if (e.StateEnteredEventDetails is { } enteredDetails) entered[enteredDetails.Name] = e.Timestamp;
            else if (e.StateExitedEventDetails is { } exited && entered.TryGetValue(exited.Name, out var start))
                yield return (exited.Name, (e.Timestamp - start).TotalSeconds);
        }
    }

    private sealed record RunNames(string JobName, string ModelName, string EndpointName);
}

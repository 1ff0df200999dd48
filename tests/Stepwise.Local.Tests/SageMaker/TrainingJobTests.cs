using System.Text.Json;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;
using Stepwise.Local.SageMaker;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class TrainingJobTests(TinyContainerFixture image)
{
    [Fact]
    public async Task A_job_lays_out_opt_ml_runs_train_and_uploads_the_model_as_SageMaker_does()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var created = await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-1"));
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:training-job/tiny-1", created.TrainingJobArn);

        var job = await scenario.WaitAsync("tiny-1");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.Completed, job.SecondaryStatus);
        Assert.Null(job.FailureReason);
        Assert.Equal(
            [SecondaryStatus.Starting, SecondaryStatus.Downloading, SecondaryStatus.Training, SecondaryStatus.Uploading, SecondaryStatus.Completed],
            job.SecondaryStatusTransitions!.Select(t => t.Status));
        for (var i = 0; i < job.SecondaryStatusTransitions!.Count; i++)
        {
            var transition = job.SecondaryStatusTransitions[i];
            Assert.NotNull(transition.EndTime);
            Assert.False(string.IsNullOrEmpty(transition.StatusMessage));
            if (i > 0) Assert.Equal(job.SecondaryStatusTransitions[i - 1].EndTime, transition.StartTime);
        }
        Assert.True(job.TrainingStartTime >= job.CreationTime && job.TrainingEndTime >= job.TrainingStartTime);
        Assert.True(job.BillableTimeInSeconds >= 1);

        // The /opt/ml contract: every hyperparameter a string; the three config files; the channel copied from S3.
        var optMl = scenario.OptMl("tiny-1");
        using (var hyperparameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(optMl, "input/config/hyperparameters.json"))))
            Assert.Equal([("epochs", "2"), ("lr", "0.1")],
                hyperparameters.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
        using (var channels = JsonDocument.Parse(File.ReadAllText(Path.Combine(optMl, "input/config/inputdataconfig.json"))))
            Assert.Equal("File", channels.RootElement.GetProperty("training").GetProperty("TrainingInputMode").GetString());
        using (var resources = JsonDocument.Parse(File.ReadAllText(Path.Combine(optMl, "input/config/resourceconfig.json"))))
            Assert.Equal("algo-1", resources.RootElement.GetProperty("current_host").GetString());
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(optMl, "input/data/training/a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(optMl, "input/data/training/sub/b.txt")));

        // Artifacts: model/ as model.tar.gz and output/data as output.tar.gz under <S3OutputPath>/<job>/output/.
        Assert.Equal("s3://bucket/output/tiny-1/output/model.tar.gz", job.ModelArtifacts.S3ModelArtifacts);
        Assert.Equal("tiny model, 2 files, trained", (await scenario.TarGzAsync("output/tiny-1/output/model.tar.gz"))["model.txt"]);
        Assert.Equal("loss 0.5", (await scenario.TarGzAsync("output/tiny-1/output/output.tar.gz"))["summary.txt"]);

        // Metrics: the last match of each definition; a definition that never matched is absent.
        Assert.Equal([("train:loss", 0.5), ("train:accuracy", 0.75)], job.FinalMetricDataList!.Select(m => (m.MetricName!, m.Value!.Value)));

        // The container's stdout and stderr, in CloudWatch Logs, with SageMaker's environment.
        var log = await scenario.LogAsync("tiny-1");
        Assert.Contains("job=tiny-1 arn=arn:aws:sagemaker:us-east-1:123456789012:training-job/tiny-1 greeting=hello", log);
        Assert.Contains("hyperparameter epochs=2 kind=String", log);
        Assert.Contains("file training/sub/b.txt: beta", log);
        Assert.Contains("a line on stderr", log);
        Assert.Contains("epoch=2 loss=0.5 accuracy=0.75", log);

        var listed = await scenario.Cloud.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.Completed });
        Assert.Equal("tiny-1", Assert.Single(listed.TrainingJobSummaries).TrainingJobName);
    }

    [Fact]
    public async Task A_failing_container_fails_the_job_with_its_output_failure_as_the_reason()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-fail",
            new Dictionary<string, string> { ["fail"] = "Hyperparameter 'lr' must be a number, got \"abc\"." }));

        var job = await scenario.WaitAsync("tiny-fail");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.Failed, job.SecondaryStatus);
        Assert.Equal("AlgorithmError: Hyperparameter 'lr' must be a number, got \"abc\".", job.FailureReason);
        Assert.Equal(SecondaryStatus.Training, job.SecondaryStatusTransitions![^2].Status);
        Assert.Contains("failing: Hyperparameter 'lr' must be a number, got \"abc\".", await scenario.LogAsync("tiny-fail"));
    }

    [Fact]
    public async Task StopTrainingJob_sends_SIGTERM_and_the_job_ends_Stopped_with_what_the_container_saved()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-stop", new Dictionary<string, string> { ["sleep"] = "60" }));
        await scenario.WaitForLogAsync("tiny-stop", "sleeping 60 s");

        await scenario.Cloud.SageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "tiny-stop" });
        var stopping = await scenario.DescribeAsync("tiny-stop");
        var job = await scenario.WaitAsync("tiny-stop");

        Assert.Contains(stopping.TrainingJobStatus, new[] { TrainingJobStatus.Stopping, TrainingJobStatus.Stopped });
        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.Stopped, job.SecondaryStatus);
        Assert.Equal([SecondaryStatus.Training, SecondaryStatus.Stopping, SecondaryStatus.Uploading, SecondaryStatus.Stopped],
            job.SecondaryStatusTransitions!.Skip(2).Select(t => t.Status));
        Assert.Contains("SIGTERM received; saving the model", await scenario.LogAsync("tiny-stop"));
        Assert.Equal("tiny model, 2 files, stopped", (await scenario.TarGzAsync("output/tiny-stop/output/model.tar.gz"))["model.txt"]);

        var again = await Assert.ThrowsAsync<SageMakerException>(() =>
            scenario.Cloud.SageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "tiny-stop" }));
        Assert.Equal("ValidationException", again.ErrorCode);
        Assert.Equal("The request was rejected because the training job is in status Stopped.", again.Message);
    }

    [Fact]
    public async Task MaxRuntimeInSeconds_stops_the_job_with_MaxRuntimeExceeded()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-slow", new Dictionary<string, string> { ["sleep"] = "60" }, maxRuntime: 2));

        var job = await scenario.WaitAsync("tiny-slow");

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.MaxRuntimeExceeded, job.SecondaryStatus);
        Assert.StartsWith("MaxRuntimeExceeded:", job.FailureReason);
        Assert.Contains("(2 seconds)", job.FailureReason);
        Assert.InRange(job.BillableTimeInSeconds!.Value, 2, 20);
    }

    [Fact]
    public async Task A_container_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var cloud = scenario.Cloud;
        await using var sageMaker = new LocalSageMaker(new LocalSageMakerOptions
        {
            DataDirectory = Path.Combine(cloud.DataDirectory, "short-grace"),
            Images = cloud.Images,
            ObjectStorage = cloud.S3,
            Logs = cloud.Logs,
            StopGracePeriod = TimeSpan.FromSeconds(1),
        });
        await sageMaker.CreateTrainingJobAsync(scenario.Request("tiny-stubborn", new Dictionary<string, string> { ["sleep"] = "60", ["ignore_sigterm"] = "true" }));
        await scenario.WaitForLogAsync("tiny-stubborn", "sleeping 60 s");

        await sageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "tiny-stubborn" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var job = await sageMaker.WaitForTrainingJobAsync("tiny-stubborn", timeout.Token);

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        var log = await scenario.LogAsync("tiny-stubborn");
        Assert.Contains("SIGTERM received; ignoring it", log);
        Assert.Contains("[stepwise] The container did not exit within 1 s of SIGTERM; killing it.", log);
    }

    [Fact]
    public async Task A_restart_fails_the_job_that_was_running_and_keeps_the_others()
    {
        var directory = Directory.CreateTempSubdirectory("stepwise-restart-").FullName;
        try
        {
            var options = new LocalCloudEnvironmentOptions { StartHost = false, DataDirectory = directory };
            await using (var scenario = await TrainingJobScenario.StartAsync(image, options))
            {
                await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-done"));
                await scenario.WaitAsync("tiny-done");
                await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("tiny-running", new Dictionary<string, string> { ["sleep"] = "60" }));
                await scenario.WaitForLogAsync("tiny-running", "sleeping 60 s");
            }

            await using var reopened = await TrainingJobScenario.StartAsync(image, options, upload: false);
            var running = await reopened.DescribeAsync("tiny-running");
            Assert.Equal(TrainingJobStatus.Failed, running.TrainingJobStatus);
            Assert.Equal(SecondaryStatus.Failed, running.SecondaryStatus);
            Assert.Contains("local cloud restarted", running.FailureReason);
            Assert.NotNull(running.TrainingEndTime);
            var done = await reopened.DescribeAsync("tiny-done");
            Assert.Equal(TrainingJobStatus.Completed, done.TrainingJobStatus);
            Assert.Equal([("train:loss", 0.5), ("train:accuracy", 0.75)], done.FinalMetricDataList!.Select(m => (m.MetricName!, m.Value!.Value)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_ManifestFile_channel_copies_the_objects_the_manifest_lists()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        await scenario.Cloud.S3.PutTextAsync(TrainingJobScenario.Bucket, "manifests/train.json", """[{"prefix": "s3://bucket/data/train/"}, "sub/b.txt"]""");
        var request = scenario.Request("tiny-manifest");
        await scenario.Cloud.SageMaker.CreateTrainingJobAsync(request with
        {
            InputDataConfig = [request.InputDataConfig![0] with { DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.ManifestFile, S3Uri = "s3://bucket/manifests/train.json" } } }],
        });

        var job = await scenario.WaitAsync("tiny-manifest");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal(["b.txt"], Directory.GetFiles(Path.Combine(scenario.OptMl("tiny-manifest"), "input/data/training/sub")).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(scenario.OptMl("tiny-manifest"), "input/data/training/a.txt")));
    }

    [Fact]
    public async Task ListTrainingJobs_filters_sorts_and_pages()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        foreach (var name in new[] { "list-b", "list-a", "other-c" })
            await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request(name, new Dictionary<string, string> { ["fail"] = "no" }));
        foreach (var name in new[] { "list-b", "list-a", "other-c" })
            await scenario.WaitAsync(name);
        var sageMaker = scenario.Cloud.SageMaker;

        var first = await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "LIST", SortBy = SortBy.Name, MaxResults = 1 });
        var second = await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "LIST", SortBy = SortBy.Name, MaxResults = 1, NextToken = first.NextToken });
        Assert.Equal(["list-a"], first.TrainingJobSummaries.Select(s => s.TrainingJobName));
        Assert.Equal(["list-b"], second.TrainingJobSummaries.Select(s => s.TrainingJobName));
        Assert.Null(second.NextToken);
        Assert.Equal(["other-c", "list-a", "list-b"],
            (await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { SortOrder = SortOrder.Descending })).TrainingJobSummaries.Select(s => s.TrainingJobName));
        Assert.Empty((await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.Completed })).TrainingJobSummaries);
    }

    [Fact]
    public async Task Creating_a_job_validates_as_SageMaker_does()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var sageMaker = scenario.Cloud.SageMaker;
        async Task<SageMakerException> Refused(CreateTrainingJobRequest request) =>
            await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateTrainingJobAsync(request));

        var pattern = await Refused(scenario.Request("bad_name"));
        Assert.Equal("ValidationException", pattern.ErrorCode);
        Assert.Equal("1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", pattern.Message);
        var longName = new string('a', 64);
        Assert.StartsWith($"2 validation errors detected: Value '{longName}' at 'trainingJobName' failed to satisfy constraint: Member must have length less than or equal to 63; ",
            (await Refused(scenario.Request(longName))).Message);

        const string missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/nope:latest";
        var noImage = await Refused(scenario.Request("tiny-noimage") with
        {
            AlgorithmSpecification = scenario.Request("x").AlgorithmSpecification! with { TrainingImage = missing },
        });
        Assert.Equal("ValidationException", noImage.ErrorCode);
        Assert.StartsWith($"Requested image {missing} not found.", noImage.Message);

        var empty = await Refused(scenario.Request("tiny-nodata") with
        {
            InputDataConfig = [scenario.Request("x").InputDataConfig![0] with { DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = "s3://bucket/nothing/" } } }],
        });
        Assert.StartsWith("No S3 objects found under S3 URL \"s3://bucket/nothing/\" given in input data source.", empty.Message);

        await sageMaker.CreateTrainingJobAsync(scenario.Request("tiny-twice"));
        var duplicate = await Refused(scenario.Request("Tiny-Twice"));
        Assert.Equal(SageMakerErrorCodes.ResourceInUse, duplicate.ErrorCode);
        Assert.Equal("Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:us-east-1:123456789012:training-job/tiny-twice)", duplicate.Message);
        await scenario.WaitAsync("tiny-twice");

        var unknown = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "tiny-none" }));
        Assert.Equal(("ValidationException", "Requested resource not found."), (unknown.ErrorCode, unknown.Message));

        // Tags: the job's, as created, then added and deleted; an ARN that names nothing is refused.
        var arn = "arn:aws:sagemaker:us-east-1:123456789012:training-job/tiny-twice";
        Assert.Empty((await sageMaker.ListTagsAsync(new ListTagsInput { ResourceArn = arn })).Tags!);
        await sageMaker.AddTagsAsync(new AddTagsInput { ResourceArn = arn, Tags = [new Tag { Key = "team", Value = "vision" }, new Tag { Key = "tmp", Value = "1" }] });
        await sageMaker.DeleteTagsAsync(new DeleteTagsInput { ResourceArn = arn, TagKeys = ["tmp"] });
        Assert.Equal([new Tag { Key = "team", Value = "vision" }], (await sageMaker.ListTagsAsync(new ListTagsInput { ResourceArn = arn })).Tags!);
        var reserved = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.AddTagsAsync(new AddTagsInput { ResourceArn = arn, Tags = [new Tag { Key = "aws:x", Value = "1" }] }));
        Assert.Equal("ValidationException", reserved.ErrorCode);
        var nothing = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.ListTagsAsync(new ListTagsInput { ResourceArn = arn + "-none" }));
        Assert.Equal(("ValidationException", $"Requested resource not found: {arn}-none"), (nothing.ErrorCode, nothing.Message));
    }
}

using System.Globalization;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.SageMaker;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class TuningJobTests(TinyContainerFixture image)
{
    internal static CreateHyperParameterTuningJobRequest Request(TrainingJobScenario scenario, string name, string strategy, ParameterRanges ranges,
        int? maxJobs, int parallel = 2, int? seed = 7) => new()
    {
        HyperParameterTuningJobName = name,
        HyperParameterTuningJobConfig = new HyperParameterTuningJobConfig
        {
            Strategy = strategy,
            HyperParameterTuningJobObjective = new HyperParameterTuningJobObjective { Type = HyperParameterTuningJobObjectiveType.Minimize, MetricName = "validation:objective" },
            ResourceLimits = new ResourceLimits { MaxNumberOfTrainingJobs = maxJobs, MaxParallelTrainingJobs = parallel },
            ParameterRanges = ranges,
            RandomSeed = seed,
        },
        TrainingJobDefinition = new HyperParameterTrainingJobDefinition
        {
            AlgorithmSpecification = new HyperParameterAlgorithmSpecification
            {
                TrainingImage = scenario.ImageUri,
                TrainingInputMode = TrainingInputMode.File,
                MetricDefinitions = [new MetricDefinition { Name = "validation:objective", Regex = "objective=([0-9.eE+-]+)" }],
            },
            StaticHyperParameters = new Dictionary<string, string> { ["epochs"] = "1" },
            RoleArn = TrainingJobScenario.Role,
            InputDataConfig = scenario.Request("x").InputDataConfig,
            OutputDataConfig = new OutputDataConfig { S3OutputPath = $"s3://{TrainingJobScenario.Bucket}/tuning" },
            ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 1 },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 600 },
        },
    };

    private static async Task<DescribeHyperParameterTuningJobResponse> WaitAsync(TrainingJobScenario scenario, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await scenario.Cloud.SageMaker.WaitForHyperParameterTuningJobAsync(name, timeout.Token);
    }

    [Fact]
    public async Task A_random_search_runs_its_training_jobs_two_at_a_time_and_reports_the_best_by_the_objective()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var ranges = new ParameterRanges { IntegerParameterRanges = [new IntegerParameterRange { Name = "x", MinValue = "0", MaxValue = "6" }] };
        var created = await scenario.Cloud.SageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, "tiny-tune", HyperParameterTuningJobStrategyType.Random, ranges, maxJobs: 3));
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/tiny-tune", created.HyperParameterTuningJobArn);

        var tuning = await WaitAsync(scenario, "tiny-tune");

        Assert.True(tuning.HyperParameterTuningJobStatus == HyperParameterTuningJobStatus.Completed, tuning.FailureReason);
        Assert.Null(tuning.FailureReason);
        Assert.Equal((3, 0, 0, 0), (tuning.TrainingJobStatusCounters.Completed, tuning.TrainingJobStatusCounters.InProgress, tuning.TrainingJobStatusCounters.NonRetryableError, tuning.TrainingJobStatusCounters.Stopped));
        Assert.Equal((3, 0, 0), (tuning.ObjectiveStatusCounters.Succeeded, tuning.ObjectiveStatusCounters.Pending, tuning.ObjectiveStatusCounters.Failed));
        Assert.NotNull(tuning.HyperParameterTuningEndTime);

        var jobs = (await scenario.Cloud.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "tiny-tune-" })).TrainingJobSummaries;
        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Matches("^tiny-tune-00[1-3]-[0-9a-f]{8}$", j.TrainingJobName));
        var described = await Task.WhenAll(jobs.Select(j => scenario.DescribeAsync(j.TrainingJobName)));
        Assert.All(described, d =>
        {
            Assert.Equal(created.HyperParameterTuningJobArn, d.TuningJobArn);
            Assert.Equal(("1", "validation:objective"), (d.HyperParameters!["epochs"], d.HyperParameters["_tuning_objective_metric"]));
            Assert.InRange(int.Parse(d.HyperParameters["x"], CultureInfo.InvariantCulture), 0, 6);
        });
        var best = described.MinBy(d => d.FinalMetricDataList!.Single(m => m.MetricName == "validation:objective").Value)!;
        var reported = tuning.BestTrainingJob!;
        Assert.Equal(best.TrainingJobName, reported.TrainingJobName);
        Assert.Equal(best.HyperParameters!["x"], reported.TunedHyperParameters["x"]);
        Assert.Equal(("validation:objective", HyperParameterTuningJobObjectiveType.Minimize), (reported.FinalHyperParameterTuningJobObjectiveMetric!.MetricName, reported.FinalHyperParameterTuningJobObjectiveMetric.Type));
        var x = double.Parse(reported.TunedHyperParameters["x"], CultureInfo.InvariantCulture);
        Assert.Equal((x - 3) * (x - 3), reported.FinalHyperParameterTuningJobObjectiveMetric.Value);
        Assert.Equal(ObjectiveStatus.Succeeded, reported.ObjectiveStatus);
    }

    [Fact]
    public async Task A_grid_search_runs_every_combination_and_Bayesian_runs_as_random_saying_so()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var grid = new ParameterRanges { CategoricalParameterRanges = [new CategoricalParameterRange { Name = "x", Values = ["1", "3", "5"] }] };
        await scenario.Cloud.SageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, "tiny-grid", HyperParameterTuningJobStrategyType.Grid, grid, maxJobs: null, parallel: 3));
        var bayes = new ParameterRanges { ContinuousParameterRanges = [new ContinuousParameterRange { Name = "x", MinValue = "2", MaxValue = "4", ScalingType = HyperParameterScalingType.Logarithmic }] };
        await scenario.Cloud.SageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, "tiny-bayes", HyperParameterTuningJobStrategyType.Bayesian, bayes, maxJobs: 1, parallel: 1));

        var tuned = await WaitAsync(scenario, "tiny-grid");
        Assert.Equal((HyperParameterTuningJobStatus.Completed, 3), (tuned.HyperParameterTuningJobStatus, tuned.TrainingJobStatusCounters.Completed));
        Assert.Equal(("3", 0.0), (tuned.BestTrainingJob!.TunedHyperParameters["x"], tuned.BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric!.Value));
        var values = await Task.WhenAll((await scenario.Cloud.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "tiny-grid-" })).TrainingJobSummaries
            .Select(async j => (await scenario.DescribeAsync(j.TrainingJobName)).HyperParameters!["x"]));
        Assert.Equal(["1", "3", "5"], values.Order(StringComparer.Ordinal));

        var bayesian = await WaitAsync(scenario, "tiny-bayes");
        Assert.Equal(HyperParameterTuningJobStatus.Completed, bayesian.HyperParameterTuningJobStatus);
        Assert.Equal("Note: the local SageMaker runs the Bayesian strategy as Random search (seeded); on SageMaker the same job explores differently.", bayesian.FailureReason);
        Assert.InRange(double.Parse(bayesian.BestTrainingJob!.TunedHyperParameters["x"], CultureInfo.InvariantCulture), 2, 4);
    }

    [Fact]
    public async Task Creating_validates_as_SageMaker_does_and_stopping_stops_the_running_training_jobs()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var sageMaker = scenario.Cloud.SageMaker;
        var integer = new ParameterRanges { IntegerParameterRanges = [new IntegerParameterRange { Name = "x", MinValue = "0", MaxValue = "6" }] };

        var grid = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, "tiny-g", HyperParameterTuningJobStrategyType.Grid, integer, null)));
        Assert.StartsWith("The Grid search strategy supports categorical parameter ranges only", grid.Message);
        var metric = Request(scenario, "tiny-m", HyperParameterTuningJobStrategyType.Random, integer, 2);
        metric = metric with { HyperParameterTuningJobConfig = metric.HyperParameterTuningJobConfig with { HyperParameterTuningJobObjective = new HyperParameterTuningJobObjective { Type = "Minimize", MetricName = "loss" } } };
        var badMetric = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateHyperParameterTuningJobAsync(metric));
        Assert.StartsWith($"The objective metric for the hyperparameter tuning job, [loss], isn't valid for the [{scenario.ImageUri}] algorithm.", badMetric.Message);
        var log = new ParameterRanges { IntegerParameterRanges = [new IntegerParameterRange { Name = "x", MinValue = "0", MaxValue = "6", ScalingType = "Logarithmic" }] };
        var badLog = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, "tiny-l", HyperParameterTuningJobStrategyType.Random, log, 2)));
        Assert.Equal("The IntegerParameterRange x has ScalingType Logarithmic, which needs a MinValue greater than 0 (it is 0).", badLog.Message);
        var longName = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateHyperParameterTuningJobAsync(Request(scenario, new string('t', 33), HyperParameterTuningJobStrategyType.Random, integer, 2)));
        Assert.Contains("at 'hyperParameterTuningJobName' failed to satisfy constraint: Member must have length less than or equal to 32", longName.Message);
        var missing = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeHyperParameterTuningJobAsync(new DescribeHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tiny-none" }));
        Assert.Equal((SageMakerErrorCodes.ResourceNotFound, "Amazon SageMaker can't find a tuning job named tiny-none."), (missing.ErrorCode, missing.Message));

        var sleepy = Request(scenario, "tiny-stop", HyperParameterTuningJobStrategyType.Random, integer, 4, parallel: 2);
        sleepy = sleepy with { TrainingJobDefinition = sleepy.TrainingJobDefinition! with { StaticHyperParameters = new Dictionary<string, string> { ["sleep"] = "60" } } };
        await sageMaker.CreateHyperParameterTuningJobAsync(sleepy);
        var duplicate = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateHyperParameterTuningJobAsync(sleepy));
        Assert.Equal(SageMakerErrorCodes.ResourceInUse, duplicate.ErrorCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await sageMaker.DescribeHyperParameterTuningJobAsync(new DescribeHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tiny-stop" })).TrainingJobStatusCounters.InProgress < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await sageMaker.StopHyperParameterTuningJobAsync(new StopHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tiny-stop" });
        var stopped = await WaitAsync(scenario, "tiny-stop");
        Assert.Equal(HyperParameterTuningJobStatus.Stopped, stopped.HyperParameterTuningJobStatus);
        Assert.Equal((2, 0), (stopped.TrainingJobStatusCounters.Stopped, stopped.TrainingJobStatusCounters.InProgress));
    }
}

public sealed class HyperParameterSamplerTests
{
    [Fact]
    public void Random_draws_repeat_for_a_seed_and_stay_within_their_scaled_ranges()
    {
        var ranges = new ParameterRanges
        {
            IntegerParameterRanges = [new IntegerParameterRange { Name = "layers", MinValue = "1", MaxValue = "1000", ScalingType = HyperParameterScalingType.Logarithmic }],
            ContinuousParameterRanges =
            [
                new ContinuousParameterRange { Name = "lr", MinValue = "0.0001", MaxValue = "0.1", ScalingType = HyperParameterScalingType.Logarithmic },
                new ContinuousParameterRange { Name = "momentum", MinValue = "0.9", MaxValue = "0.999", ScalingType = HyperParameterScalingType.ReverseLogarithmic },
            ],
            CategoricalParameterRanges = [new CategoricalParameterRange { Name = "opt", Values = ["sgd", "adam"] }],
        };
        Assert.Null(HyperParameterSampler.Validate(ranges, HyperParameterTuningJobStrategyType.Random));
        var first = new Random(42);
        var second = new Random(42);
        var draws = Enumerable.Range(0, 200).Select(_ => HyperParameterSampler.Random(ranges, first)).ToList();
        Assert.Equal(draws, Enumerable.Range(0, 200).Select(_ => HyperParameterSampler.Random(ranges, second)).ToList(), new DictionaryComparer());

        var lr = draws.Select(d => double.Parse(d["lr"], CultureInfo.InvariantCulture)).ToList();
        Assert.All(lr, v => Assert.InRange(v, 0.0001, 0.1));
        Assert.InRange(lr.Count(v => v < 0.001), 40, 100); // a third of the log scale, not a hundredth of the line
        Assert.All(draws, d => Assert.InRange(long.Parse(d["layers"], CultureInfo.InvariantCulture), 1, 1000));
        Assert.All(draws, d => Assert.InRange(double.Parse(d["momentum"], CultureInfo.InvariantCulture), 0.9, 0.999));
        Assert.Equal(["adam", "sgd"], draws.Select(d => d["opt"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(HyperParameterSampler.SeedOf("Tune-1"), HyperParameterSampler.SeedOf("tune-1"));
    }

    [Fact]
    public void Grid_walks_every_combination_in_order()
    {
        var ranges = new ParameterRanges
        {
            CategoricalParameterRanges = [new CategoricalParameterRange { Name = "a", Values = ["1", "2"] }, new CategoricalParameterRange { Name = "b", Values = ["x", "y", "z"] }],
        };
        Assert.Equal(6, HyperParameterSampler.GridSize(ranges));
        Assert.Equal(["1x", "1y", "1z", "2x", "2y", "2z"], Enumerable.Range(0, 6).Select(i => HyperParameterSampler.Grid(ranges, i)).Select(d => d["a"] + d["b"]));
    }

    private sealed class DictionaryComparer : IEqualityComparer<Dictionary<string, string>>
    {
        public bool Equals(Dictionary<string, string>? x, Dictionary<string, string>? y) => x!.OrderBy(p => p.Key).SequenceEqual(y!.OrderBy(p => p.Key));

        public int GetHashCode(Dictionary<string, string> obj) => obj.Count;
    }
}

using Stepwise.Aws;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class SageMakerWireTests(TinyContainerFixture image)
{
    [Fact]
    public async Task The_AWS_client_creates_and_describes_a_training_job_over_the_wire()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image, new LocalCloudEnvironmentOptions());
        var sageMaker = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = scenario.Environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("a", "b"),
        }).SageMaker;

        var created = await sageMaker.CreateTrainingJobAsync(scenario.Request("tiny-wire"));
        await scenario.WaitAsync("tiny-wire");
        var job = await sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "tiny-wire" });

        Assert.Equal(created.TrainingJobArn, job.TrainingJobArn);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal("s3://bucket/output/tiny-wire/output/model.tar.gz", job.ModelArtifacts.S3ModelArtifacts);
        Assert.Equal(0.5, job.FinalMetricDataList!.Single(m => m.MetricName == "train:loss").Value);
        Assert.Equal("2", job.HyperParameters!["epochs"]);
        Assert.Equal(5, job.SecondaryStatusTransitions!.Count);
        Assert.Equal("tiny-wire", Assert.Single((await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest())).TrainingJobSummaries).TrainingJobName);

        var missing = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "nope" }));
        Assert.Equal(("ValidationException", "Requested resource not found."), (missing.ErrorCode, missing.Message));
    }
}

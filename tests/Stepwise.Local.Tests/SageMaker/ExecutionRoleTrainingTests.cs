using Stepwise.Aws.Iam;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

/// <summary>With <see cref="LocalCloudOptions.EnforceIam"/>, SageMaker acts as the job's execution role: the role must
/// trust <c>sagemaker.amazonaws.com</c>, and its policies decide the channel reads, the image pull, the artifact upload
/// and the logs, each failing the job as SageMaker fails it.</summary>
[Collection(TinyContainerCollection.Name)]
public sealed class ExecutionRoleTrainingTests(TinyContainerFixture image)
{
    private const string Account = "123456789012";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string List = """{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket"}""";
    private const string Read = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/*"}""";
    private const string Write = """{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/output/*"}""";
    private const string Token = """{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}""";
    private const string Pull = $$"""{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"arn:aws:ecr:us-east-1:{{Account}}:repository/tiny"}""";
    private const string Log = $$"""{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:{{Account}}:log-group:/aws/sagemaker/TrainingJobs*"}""";
    private static readonly string[] LeastPrivilege = [List, Read, Write, Token, Pull, Log];

    private async Task<TrainingJobScenario> StartAsync(string trust = Trust, params string[] statements)
    {
        var scenario = await TrainingJobScenario.StartAsync(image, new LocalCloudEnvironmentOptions { StartHost = false, EnforceIam = true });
        await scenario.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "SageMakerRole", AssumeRolePolicyDocument = trust });
        if (statements.Length > 0)
            await scenario.Cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
            {
                RoleName = "SageMakerRole", PolicyName = "training",
                PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', statements)}}]}""",
            });
        return scenario;
    }

    private static string[] Without(string statement) => [.. LeastPrivilege.Where(s => s != statement)];

    private static async Task<DescribeTrainingJobResponse> TrainAsync(TrainingJobScenario scenario, string name)
    {
        await scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request(name));
        return await scenario.WaitAsync(name, seconds: 60);
    }

    [Fact]
    public async Task A_least_privilege_role_trains_uploads_and_logs()
    {
        await using var scenario = await StartAsync(Trust, LeastPrivilege);

        var job = await TrainAsync(scenario, "least");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Null(job.FailureReason);
        Assert.NotEmpty(await scenario.TarGzAsync("output/least/output/model.tar.gz"));
        Assert.NotEmpty(await scenario.LogAsync("least"));
    }

    [Fact]
    public async Task A_role_without_s3_GetObject_on_the_channel_fails_the_job_with_SageMakers_reason()
    {
        await using var scenario = await StartAsync(Trust, Without(Read));

        var job = await TrainAsync(scenario, "no-read");

        Assert.Equal((TrainingJobStatus.Failed, SecondaryStatus.Failed), (job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Equal("ClientError: Data download failed:Unable to download object s3://bucket/data/train/a.txt (AccessDenied: Access Denied)", job.FailureReason);
        Assert.DoesNotContain(job.SecondaryStatusTransitions!, t => t.Status == SecondaryStatus.Training);
    }

    [Fact]
    public async Task A_role_without_ecr_pull_permissions_fails_the_job_as_a_container_it_cannot_pull()
    {
        await using var scenario = await StartAsync(Trust, Without(Pull));

        var job = await TrainAsync(scenario, "no-pull");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal("ClientError: Cannot pull algorithm container. Either the image does not exist or its permissions are incorrect.", job.FailureReason);
    }

    [Fact]
    public async Task A_role_without_s3_PutObject_on_the_output_trains_and_fails_at_the_upload()
    {
        await using var scenario = await StartAsync(Trust, Without(Write));

        var job = await TrainAsync(scenario, "no-write");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal("ClientError: Failed to upload model artifacts to s3://bucket/output/no-write/output/model.tar.gz: AccessDenied: Access Denied.", job.FailureReason);
        Assert.Contains(job.SecondaryStatusTransitions!, t => t.Status == SecondaryStatus.Uploading);
    }

    [Fact]
    public async Task A_role_without_logs_permissions_trains_without_logs()
    {
        await using var scenario = await StartAsync(Trust, Without(Log));

        var job = await TrainAsync(scenario, "no-logs");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        var missing = await Assert.ThrowsAsync<LogsException>(() => scenario.Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "/aws/sagemaker/TrainingJobs" }));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode); // the job never created its group, let alone a stream
    }

    [Fact]
    public async Task A_role_without_s3_ListBucket_is_refused_at_CreateTrainingJob_with_no_objects_found()
    {
        await using var scenario = await StartAsync(Trust, Without(List));

        var refused = await Assert.ThrowsAsync<SageMakerException>(() => scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("no-list")));

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Contains($"the role \"{TrainingJobScenario.Role}\" has \"s3:ListBucket\" permissions on bucket \"bucket\"", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""")]
    [InlineData(null)]
    public async Task A_role_SageMaker_cannot_assume_is_refused_at_CreateTrainingJob(string? trust)
    {
        await using var scenario = trust is null
            ? await TrainingJobScenario.StartAsync(image, new LocalCloudEnvironmentOptions { StartHost = false, EnforceIam = true })
            : await StartAsync(trust, LeastPrivilege);

        var refused = await Assert.ThrowsAsync<SageMakerException>(() => scenario.Cloud.SageMaker.CreateTrainingJobAsync(scenario.Request("no-trust")));

        Assert.Equal(("ValidationException", 400), (refused.ErrorCode, refused.StatusCode));
        Assert.Equal($"Could not assume role {TrainingJobScenario.Role}. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.", refused.Message);
    }

    [Fact]
    public async Task CreateModel_refuses_a_role_that_cannot_read_the_model_data_with_SageMakers_words()
    {
        await using var scenario = await StartAsync(Trust, Read, Token, Pull);
        await scenario.Cloud.S3.PutTextAsync(TrainingJobScenario.Bucket, "models/model.tar.gz", "not read");
        CreateModelInput Model(string name, string key) => new()
        {
            ModelName = name, ExecutionRoleArn = TrainingJobScenario.Role,
            PrimaryContainer = new ContainerDefinition { Image = scenario.ImageUri, ModelDataUrl = $"s3://bucket/{key}" },
        };

        var refused = await Assert.ThrowsAsync<SageMakerException>(() => scenario.Cloud.SageMaker.CreateModelAsync(Model("unreadable", "models/model.tar.gz")));
        await scenario.Cloud.S3.PutTextAsync(TrainingJobScenario.Bucket, "data/model.tar.gz", "readable");
        var created = await scenario.Cloud.SageMaker.CreateModelAsync(Model("readable", "data/model.tar.gz"));

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.StartsWith($"Could not access model data at s3://bucket/models/model.tar.gz. Please ensure that the role \"{TrainingJobScenario.Role}\" exists and that its trust relationship policy allows the action \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". Also ensure that the role has \"s3:GetObject\" permissions and that the object is located in us-east-1.",
            refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("model/readable", created.ModelArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_whose_models_role_may_not_pull_the_image_fails_with_SageMakers_reason()
    {
        await using var scenario = await StartAsync(Trust, Read);
        var sageMaker = scenario.Cloud.SageMaker;
        await sageMaker.CreateModelAsync(new CreateModelInput
        {
            ModelName = "m", ExecutionRoleArn = TrainingJobScenario.Role, PrimaryContainer = new ContainerDefinition { Image = scenario.ImageUri },
        });
        await sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("c", "m"));
        await sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "e", EndpointConfigName = "c" });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var endpoint = await sageMaker.WaitForEndpointAsync("e", timeout.Token);

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Equal("Please make sure all images included in the model for the production variant AllTraffic exist, and that the execution role used to create the model has permissions to access them.",
            endpoint.FailureReason);
    }

    private const string ProcessingWrite = """{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/processed/*"}""";
    private const string ProcessingLog = $$"""{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:{{Account}}:log-group:/aws/sagemaker/ProcessingJobs*"}""";

    [Theory]
    [InlineData(true, true, true, null)]
    [InlineData(false, true, true, "ClientError: Data download failed:Unable to download object s3://bucket/data/train/a.txt (AccessDenied: Access Denied)")]
    [InlineData(true, false, true, "ClientError: Cannot pull algorithm container. Either the image does not exist or its permissions are incorrect.")]
    [InlineData(true, true, false, "ClientError: Failed to upload output clean to s3://bucket/processed: AccessDenied: Access Denied.")]
    public async Task A_processing_job_reads_pulls_and_writes_as_its_role(bool read, bool pull, bool write, string? reason)
    {
        string[] statements = [List, Token, ProcessingLog, .. read ? [Read] : Array.Empty<string>(), .. pull ? [Pull] : Array.Empty<string>(),
            .. write ? [ProcessingWrite] : Array.Empty<string>()];
        await using var scenario = await StartAsync(Trust, statements);

        await scenario.Cloud.SageMaker.CreateProcessingJobAsync(ProcessingJobTests.Request(scenario, "processing"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var job = await scenario.Cloud.SageMaker.WaitForProcessingJobAsync("processing", timeout.Token);

        Assert.Equal(reason is null ? ProcessingJobStatus.Completed : ProcessingJobStatus.Failed, job.ProcessingJobStatus);
        Assert.Equal(reason, job.FailureReason);
    }
}

using Stepwise.Aws.Iam;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

/// <summary>With <see cref="LocalCloudOptions.EnforceIam"/>, a transform job acts as its model's execution role: it reads
/// the input, pulls the image and writes the output with that role's permissions.</summary>
[Collection(TinyContainerCollection.Name)]
public sealed class ExecutionRoleTransformTests(TinyContainerFixture image)
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Model = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::models/tiny/*"}""";
    private const string List = """{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::models"}""";
    private const string Read = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::models/batch/*"}""";
    private const string Write = """{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::models/predictions/*"}""";
    private const string Pull = """{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}""";

    [Theory]
    [InlineData(true, true, null)]
    [InlineData(false, true, "ClientError: Data download failed:Unable to download object s3://models/batch/a.csv (AccessDenied: Access Denied)")]
    [InlineData(true, false, "ClientError: Failed to upload transform output to s3://models/predictions/a.csv.out: AccessDenied: Access Denied.")]
    public async Task A_transform_job_reads_and_writes_as_its_models_role(bool read, bool write, string? reason)
    {
        await using var scenario = await EndpointScenario.StartAsync(image, new LocalCloudEnvironmentOptions { StartHost = false, EnforceIam = true });
        await scenario.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "SageMakerRole", AssumeRolePolicyDocument = Trust });
        string[] statements = [Model, List, Pull, .. read ? [Read] : Array.Empty<string>(), .. write ? [Write] : Array.Empty<string>()];
        await scenario.Cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "SageMakerRole", PolicyName = "batch", PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', statements)}}]}""",
        });
        await scenario.Cloud.S3.PutTextAsync("models", "batch/a.csv", "1,2\n");
        await scenario.SageMaker.CreateModelAsync(scenario.Model("tiny-model"));

        await scenario.SageMaker.CreateTransformJobAsync(TransformJobTests.Request("batch", "tiny-model"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var job = await scenario.SageMaker.WaitForTransformJobAsync("batch", timeout.Token);

        Assert.Equal(reason is null ? TransformJobStatus.Completed : TransformJobStatus.Failed, job.TransformJobStatus);
        Assert.Equal(reason, job.FailureReason);
    }
}

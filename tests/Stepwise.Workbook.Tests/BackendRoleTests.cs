using Amazon.S3;
using Amazon.S3.Model;
using Stepwise.Aws.Iam;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;
using Stepwise.Local;
using Stepwise.Local.Testing;

namespace Stepwise.Workbook.Tests;

/// <summary><see cref="BackendOptions.RoleArn"/> and <see cref="ICloud.AssumeRoleAsync"/>: a notebook acting as a role,
/// locally (with IAM enforced, its denied calls answer with AWS's AccessDenied) and through the AWS clients.</summary>
public sealed class BackendRoleTests
{
    private const string Account = "123456789012";
    private const string Workflow = $"arn:aws:iam::{Account}:role/Workflow";
    private const string Session = $"arn:aws:sts::{Account}:assumed-role/Workflow/stepwise-notebook";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""";
    private const string Policy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"states:ListStateMachines","Resource":"*"},
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::seed/*"}]}
        """;

    private static BackendOptions Local(string data, StringWriter? log = null) => new()
    {
        Kind = BackendKind.Local,
        Local = new LocalCloudOptions { DataDirectory = data, EnforceIam = true },
        Log = log ?? TextWriter.Null,
        Environment = new Dictionary<string, string>(),
    };

    private static async Task WorkflowRoleAsync(IIam iam)
    {
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Workflow", AssumeRolePolicyDocument = Trust });
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Workflow", PolicyName = "workflow", PolicyDocument = Policy });
    }

    [Fact]
    public async Task A_cloud_assumed_as_a_role_is_refused_what_the_role_may_not_do_with_AWSs_AccessDenied()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-role-").FullName;
        await using var admin = await Backend.ConnectAsync(Local(data));
        await WorkflowRoleAsync(admin.Iam);
        await admin.S3.PutBucketAsync("seed");
        await admin.S3.PutObjectAsync(new PutObjectRequest { BucketName = "seed", Key = "data/a.txt", ContentBody = "a" });

        await using var limited = await admin.AssumeRoleAsync(Workflow);
        var identity = await limited.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var machines = await limited.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput());
        var denied = await Assert.ThrowsAsync<SageMakerException>(() => limited.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest()));
        using var read = await limited.S3.GetObjectAsync("seed", "data/a.txt");
        var put = await Assert.ThrowsAsync<AmazonS3Exception>(() => limited.S3.PutObjectAsync(new PutObjectRequest { BucketName = "seed", Key = "data/b.txt", ContentBody = "b" }));
        var adminJobs = await admin.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest());

        Assert.Equal(Session, identity.Arn);
        Assert.Empty(machines.StateMachines);
        Assert.Equal(("AccessDeniedException", $"User: {Session} is not authorized to perform: sagemaker:ListTrainingJobs on resource: * because no identity-based policy allows the sagemaker:ListTrainingJobs action"),
            (denied.ErrorCode, denied.Message));
        Assert.Equal(200, (int)read.HttpStatusCode);
        Assert.Equal(("AccessDenied", 403), (put.ErrorCode, (int)put.StatusCode));
        Assert.Equal($"User: {Session} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::seed/data/b.txt\" because no identity-based policy allows the s3:PutObject action", put.Message);
        Assert.Empty(adminJobs.TrainingJobSummaries); // the admin is never checked
    }

    [Fact]
    public async Task Connect_with_RoleArn_acts_as_the_role_and_says_so()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-role-").FullName;
        await using (var admin = await Backend.ConnectAsync(Local(data)))
            await WorkflowRoleAsync(admin.Iam);
        var log = new StringWriter();

        await using var cloud = await Backend.ConnectAsync(Local(data, log) with { RoleArn = Workflow });
        var identity = await cloud.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var denied = await Assert.ThrowsAsync<StepFunctionsException>(() => cloud.StepFunctions.StartExecutionAsync(new StartExecutionInput
        {
            StateMachineArn = $"arn:aws:states:us-east-1:{Account}:stateMachine:Pipeline",
        }));

        Assert.Equal(Session, identity.Arn);
        Assert.EndsWith($" · as {Session}", log.ToString().TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(("AccessDeniedException", 400), (denied.ErrorCode, denied.StatusCode));
        Assert.Contains($"states:StartExecution on resource: arn:aws:states:us-east-1:{Account}:stateMachine:Pipeline because", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_whose_trust_does_not_name_the_caller_cannot_be_assumed()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-role-").FullName;
        await using var admin = await Backend.ConnectAsync(Local(data));
        await admin.Iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "Workflow",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        });

        var refused = await Assert.ThrowsAsync<StsException>(() => admin.AssumeRoleAsync(Workflow));

        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal($"User: arn:aws:iam::{Account}:root is not authorized to perform: sts:AssumeRole on resource: {Workflow}", refused.Message);
    }

    [Fact]
    public async Task On_the_AWS_backend_the_role_is_assumed_through_STS_and_its_credentials_sign_every_call()
    {
        await using var environment = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { EnforceIam = true });
        await WorkflowRoleAsync(environment.Cloud.Iam);
        var log = new StringWriter();

        await using var cloud = await Backend.ConnectAsync(new BackendOptions
        {
            Log = log, RoleArn = Workflow, RoleSessionName = "aws-cell",
            Environment = new Dictionary<string, string>
            {
                ["STEPWISE_BACKEND"] = "aws",
                ["AWS_ENDPOINT_URL"] = environment.Endpoint.ToString(),
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALTEST",
                ["AWS_SECRET_ACCESS_KEY"] = "local-test-secret",
            },
        });
        var identity = await cloud.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var denied = await Assert.ThrowsAsync<SageMakerException>(() => cloud.SageMaker.ListModelsAsync(new ListModelsInput()));

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Workflow/aws-cell", identity.Arn);
        Assert.Contains($"as arn:aws:sts::{Account}:assumed-role/Workflow/aws-cell", log.ToString(), StringComparison.Ordinal);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
    }
}

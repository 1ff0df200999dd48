using System.Text;
using Amazon.S3.Model;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;

namespace Stepwise.Aws.Tests.Moto;

/// <summary>Each protocol against moto_server, through the same clients that talk to AWS.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoTests(MotoServer moto) : IDisposable
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/stepwise-test";
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly AwsClients _aws = moto.CreateClients();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task Step_Functions_state_machines_are_created_described_listed_and_deleted()
    {
        var sfn = _aws.StepFunctions;
        var definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""";

        var created = await sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = "sm-" + _suffix, Definition = definition, RoleArn = RoleArn });
        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = created.StateMachineArn });
        var listed = await sfn.ListStateMachinesAsync(new ListStateMachinesInput());
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineInput { StateMachineArn = created.StateMachineArn });
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = created.StateMachineArn }));

        Assert.Equal("sm-" + _suffix, described.Name);
        Assert.Equal(definition, described.Definition);
        Assert.Contains(listed.StateMachines, m => m.StateMachineArn == created.StateMachineArn);
        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
    }

    [Fact]
    public async Task STS_says_who_is_calling()
    {
        var identity = await _aws.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("123456789012", identity.Account);
        Assert.StartsWith("arn:aws:", identity.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task STS_assumes_a_role_and_the_temporary_credentials_sign_the_next_call()
    {
        var assumed = await _aws.Sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = RoleArn, RoleSessionName = "s-" + _suffix, DurationSeconds = 900,
            Tags = [new Sts.Tag { Key = "project", Value = "stepwise" }],
        });
        var credentials = assumed.Credentials!;
        using var asRole = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1", EndpointUrl = moto.Url, EnvironmentVariables = _ => null,
            Credentials = new Amazon.Runtime.SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        });
        var identity = await asRole.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.True(credentials.Expiration > DateTimeOffset.UtcNow);
        Assert.Contains("assumed-role/stepwise-test/s-" + _suffix, identity.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IAM_roles_are_created_read_listed_given_a_policy_and_deleted()
    {
        var iam = _aws.Iam;
        var name = "role-" + _suffix;

        var created = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = name, AssumeRolePolicyDocument = TrustPolicy, Description = "test", Tags = [new Iam.Tag { Key = "team", Value = "ml" }],
        });
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = name, PolicyName = "inline", PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""",
        });
        var read = await iam.GetRoleAsync(new GetRoleRequest { RoleName = name });
        var listed = await iam.ListRolesAsync(new ListRolesRequest());
        var policies = await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = name });
        await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = name, PolicyName = "inline" });
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = name });
        var error = await Assert.ThrowsAsync<IamException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = name }));

        Assert.Equal($"arn:aws:iam::123456789012:role/{name}", created.Role.Arn);
        Assert.Equal(created.Role.RoleId, read.Role.RoleId);
        Assert.True(read.Role.CreateDate > DateTimeOffset.UnixEpoch);
        Assert.Contains(listed.Roles, r => r.RoleName == name);
        Assert.Equal(["inline"], policies.PolicyNames);
        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task Logs_events_are_put_and_read_back()
    {
        var logs = _aws.Logs;
        var group = "/stepwise/" + _suffix;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = group });
        await logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = group, LogStreamName = "s" });
        await logs.PutLogEventsAsync(new PutLogEventsRequest
        {
            LogGroupName = group, LogStreamName = "s",
            LogEvents = [new InputLogEvent { Timestamp = now, Message = "one" }, new InputLogEvent { Timestamp = now + 1, Message = "two ✓" }],
        });
        var events = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = "s", StartFromHead = true });

        Assert.Equal(["one", "two ✓"], events.Events!.Select(e => e.Message));
        Assert.Equal(now, events.Events![0].Timestamp);
    }

    [Fact]
    public async Task SageMaker_models_are_created_described_listed_and_deleted()
    {
        var sageMaker = _aws.SageMaker;
        var name = "model-" + _suffix;

        var created = await sageMaker.CreateModelAsync(new CreateModelInput
        {
            ModelName = name, ExecutionRoleArn = RoleArn,
            PrimaryContainer = new ContainerDefinition
            {
                Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/stepwise:latest", ModelDataUrl = "s3://bucket/model.tar.gz",
                Environment = new Dictionary<string, string> { ["MODE"] = "serve" },
            },
        });
        var described = await sageMaker.DescribeModelAsync(new DescribeModelInput { ModelName = name });
        var listed = await sageMaker.ListModelsAsync(new ListModelsInput());
        await sageMaker.DeleteModelAsync(new DeleteModelInput { ModelName = name });
        var after = await sageMaker.ListModelsAsync(new ListModelsInput());

        Assert.Equal(created.ModelArn, described.ModelArn);
        Assert.Equal("serve", described.PrimaryContainer!.Environment!["MODE"]);
        Assert.True(described.CreationTime > DateTimeOffset.UnixEpoch);
        Assert.Contains(listed.Models, m => m.ModelName == name);
        Assert.DoesNotContain(after.Models, m => m.ModelName == name);
    }

    [Fact]
    public async Task ECR_repositories_are_created_described_and_deleted()
    {
        var ecr = _aws.Ecr;
        var name = "stepwise/" + _suffix;

        var created = await ecr.CreateRepositoryAsync(new Ecr.CreateRepositoryRequest { RepositoryName = name });
        var described = await ecr.DescribeRepositoriesAsync(new Ecr.DescribeRepositoriesRequest { RepositoryNames = [name] });
        await ecr.DeleteRepositoryAsync(new Ecr.DeleteRepositoryRequest { RepositoryName = name });
        var error = await Assert.ThrowsAsync<Ecr.EcrException>(() =>
            ecr.DescribeRepositoriesAsync(new Ecr.DescribeRepositoriesRequest { RepositoryNames = [name] }));

        Assert.Equal(created.Repository!.RepositoryUri, described.Repositories!.Single().RepositoryUri);
        Assert.True(described.Repositories!.Single().CreatedAt > DateTimeOffset.UnixEpoch);
        Assert.Equal("RepositoryNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task Lambda_lists_functions()
    {
        var functions = await _aws.Lambda.ListFunctionsAsync(new ListFunctionsRequest { MaxItems = 10 });
        Assert.NotNull(functions);
    }

    [Fact]
    public async Task S3_objects_are_put_read_and_listed_through_AWSSDK_S3()
    {
        var s3 = _aws.S3;
        var bucket = "stepwise-" + _suffix;

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "data/train.csv", ContentBody = "a,b\n1,2\n" });
        using var read = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "data/train.csv" });
        using var reader = new StreamReader(read.ResponseStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "data/" });

        Assert.Equal("a,b\n1,2\n", text);
        Assert.Equal(["data/train.csv"], listed.S3Objects.Select(o => o.Key));
    }
}

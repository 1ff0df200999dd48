using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Hosting;
using Stepwise.Local.Tests.Interop;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Iam;

/// <summary>IAM and STS on the one host, through our own clients, boto3 and the AWS CLI: requests signed with AssumeRole
/// credentials act as that session.</summary>
public sealed class IamWireTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task Our_clients_manage_roles_and_act_as_an_assumed_role_over_the_wire()
    {
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();
        using var admin = AwsClients.Create(new AwsClientOptions { EndpointUrl = env.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("AKIAADMIN", "secret") });

        var role = (await admin.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Notebook", AssumeRolePolicyDocument = Trust })).Role;
        await admin.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "Notebook", PolicyName = "read", PolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}""",
        });
        var listed = await admin.Iam.ListRolesAsync(new ListRolesRequest());
        var policy = await admin.Iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = "Notebook", PolicyName = "read" });
        var missing = await Assert.ThrowsAsync<IamException>(() => admin.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "Nobody" }));

        Assert.Equal(["Notebook"], listed.Roles.Select(r => r.RoleName));
        Assert.Equal(Trust, Uri.UnescapeDataString(listed.Roles[0].AssumeRolePolicyDocument!));
        Assert.Contains("s3:Get*", Uri.UnescapeDataString(policy.PolicyDocument));
        Assert.Equal((IamErrorCodes.NoSuchEntity, 404, "The role with name Nobody cannot be found."), (missing.ErrorCode, missing.StatusCode, missing.Message));

        var assumed = await admin.Sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "cell-1" });
        var credentials = assumed.Credentials!;
        using var asRole = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = env.Endpoint, Region = "us-east-1",
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        });
        var identity = await asRole.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var root = await admin.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/Notebook/cell-1", identity.Arn);
        Assert.Equal($"{role.RoleId}:cell-1", identity.UserId);
        Assert.Equal("arn:aws:iam::123456789012:root", root.Arn);
        var decision = env.Cloud.Access.Decide(env.Cloud.Iam.ResolveCaller(credentials.AccessKeyId), "s3:PutObject", "arn:aws:s3:::seed/x");
        Assert.Contains("assumed-role/Notebook/cell-1 is not authorized to perform: s3:PutObject", decision.Message);
    }

    [Fact]
    public async Task Boto3_drives_IAM_and_STS_unchanged()
    {
        var python = await ImageTools.PythonWithBoto3Async();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();

        var seen = await RunJsonAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "iam_interop.py"), env.Endpoint.ToString()]);

        Assert.Equal("arn:aws:iam::123456789012:role/stepwise/Interop", (string?)seen["role"]!["arn"]);
        Assert.StartsWith("AROA", (string?)seen["role"]!["id"], StringComparison.Ordinal);
        Assert.Equal("sts:AssumeRole", (string?)seen["role"]!["trust"]!["Statement"]![0]!["Action"]);
        Assert.Equal("ml", (string?)seen["role"]!["tags"]![0]!["Value"]);
        Assert.Equal("Read", (string?)seen["inline"]!["Statement"]![0]!["Sid"]);
        Assert.Equal(["AmazonS3ReadOnlyAccess", "InteropLogs"], seen["attached"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("AWSLambdaBasicExecutionRole", seen["awsPolicies"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("s3:Get*", (string?)seen["version"]!["Statement"]![0]!["Action"]![0]);
        Assert.Equal(["Interop"], seen["roles"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(("allowed", "read"), ((string?)seen["simulated"]![0]!["decision"], (string?)seen["simulated"]![0]!["matched"]![0]));
        Assert.Equal("implicitDeny", (string?)seen["simulated"]![1]!["decision"]);
        Assert.Equal("allowed", (string?)seen["custom"]);
        Assert.StartsWith("ASIA", (string?)seen["assumed"]!["keyId"], StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/Interop/interop", (string?)seen["identity"]);
        var errors = seen["errors"]!;
        Assert.Equal(("NoSuchEntity", 404, "Sender"), Error(errors["NoSuchEntity"]!));
        Assert.Equal(("EntityAlreadyExists", 409, "Sender"), Error(errors["EntityAlreadyExists"]!));
        Assert.Equal(("MalformedPolicyDocument", 400, "Sender"), Error(errors["MalformedPolicyDocument"]!));
        Assert.Equal("Syntax errors in policy.", (string?)errors["MalformedPolicyDocument"]!["message"]);
        Assert.Equal(("DeleteConflict", 409, "Sender"), Error(errors["DeleteConflict"]!));
        Assert.Equal(("ValidationError", 400, "Sender"), Error(errors["ValidationError"]!));
        Assert.Equal(("AccessDenied", 403, "Sender"), Error(errors["AccessDenied"]!));
    }

    [Fact]
    public async Task The_AWS_CLI_creates_and_lists_roles()
    {
        var aws = await ImageTools.AwsCliAsync();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();
        string[] Args(params string[] args) => [.. args, "--endpoint-url", env.Endpoint.ToString(), "--output", "json"];

        var created = await RunJsonAsync(aws, Args("iam", "create-role", "--role-name", "Cli", "--assume-role-policy-document", Trust));
        var listed = await RunJsonAsync(aws, Args("iam", "list-roles"));
        var refused = await InteropProcess.RunAsync(aws, Args("iam", "create-role", "--role-name", "Cli", "--assume-role-policy-document", Trust), Limit, InteropProcess.AwsEnvironment());
        output.WriteLine(refused.ToString());

        Assert.Equal("arn:aws:iam::123456789012:role/Cli", (string?)created["Role"]!["Arn"]);
        Assert.Equal("sts:AssumeRole", (string?)listed["Roles"]![0]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Action"]);
        Assert.Contains("An error occurred (EntityAlreadyExists) when calling the CreateRole operation: Role with name Cli already exists.", refused.Stderr, StringComparison.Ordinal);
    }

    private static (string, int, string?) Error(JsonNode error) => ((string)error["code"]!, (int)error["status"]!, (string?)error["type"]);

    private async Task<JsonNode> RunJsonAsync(string file, IEnumerable<string> arguments)
    {
        var result = await InteropProcess.RunAsync(file, arguments, Limit, InteropProcess.AwsEnvironment());
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }
}

using System.Text.Json.Nodes;
using Stepwise.Aws.Iam;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Hosting;
using Stepwise.Local.Tests.Interop;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Iam;

/// <summary>With IAM enforced, boto3 signing with local AssumeRole credentials acts as that session over the host: each
/// service refuses what the role's policies do not allow in its own protocol's shape; the admin's keys are never checked.</summary>
public sealed class DirectCallWireTests(ITestOutputHelper output)
{
    private const string Session = "arn:aws:sts::123456789012:assumed-role/Notebook/boto3";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""";

    private readonly StringWriter _log = new();

    [Fact]
    public async Task Boto3_as_a_role_session_is_refused_by_each_service_in_its_protocols_shape()
    {
        var python = await ImageTools.PythonWithBoto3Async();
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { EnforceIam = true, RequestLog = _log });
        var role = await env.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Notebook", AssumeRolePolicyDocument = Trust });
        await env.Cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "Notebook", PolicyName = "least",
            PolicyDocument = """
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/train/*"},
                  {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::data/out/*"},
                  {"Effect":"Allow","Action":"states:ListStateMachines","Resource":"*"}]}
                """,
        });

        var result = await InteropProcess.RunAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "enforce_interop.py"), env.Endpoint.ToString(), role.Role.Arn],
            TimeSpan.FromMinutes(2), InteropProcess.AwsEnvironment());
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        output.WriteLine(_log.ToString());
        var seen = JsonNode.Parse(result.Stdout)!;

        Assert.Equal(Session, (string?)seen["identity"]);
        Assert.True((bool)seen["GetObject"]!["ok"]!);
        Assert.True((bool)seen["PutObject"]!["ok"]!);
        Assert.True((bool)seen["ListStateMachines"]!["ok"]!);
        Assert.True((bool)seen["AdminGetObject"]!["ok"]!);
        Assert.Equal(("AccessDenied", 403, $"User: {Session} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::data/train/c.txt\" because no identity-based policy allows the s3:PutObject action"),
            Error(seen["PutObjectElsewhere"]!));
        Assert.Equal(("AccessDenied", 403, $"User: {Session} is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::data\" because no identity-based policy allows the s3:ListBucket action"),
            Error(seen["ListObjectsV2"]!));
        Assert.Equal(("AccessDeniedException", 400, $"User: {Session} is not authorized to perform: sagemaker:ListTrainingJobs on resource: * because no identity-based policy allows the sagemaker:ListTrainingJobs action"),
            Error(seen["ListTrainingJobs"]!));
        Assert.Equal(("AccessDeniedException", 403), Status(seen["ListFunctions"]!));
        Assert.Equal(("AccessDenied", 403), Status(seen["GetRole"]!));
        Assert.Contains("iam:GetRole on resource: arn:aws:iam::123456789012:role/Notebook because", (string?)seen["GetRole"]!["message"], StringComparison.Ordinal);
        Assert.Equal(("AccessDeniedException", 400), Status(seen["DescribeRepositories"]!));
    }

    private static (string, int) Status(JsonNode error) => ((string)error["code"]!, (int)error["status"]!);

    private static (string, int, string?) Error(JsonNode error) => ((string)error["code"]!, (int)error["status"]!, (string?)error["message"]);
}

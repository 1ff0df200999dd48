using Stepwise.Aws.CloudFormation;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Tests.Moto;

namespace Stepwise.Aws.Tests.CloudFormation;

/// <summary>The deployer's change-set cycle against moto_server's CloudFormation, which creates the resources in moto's
/// IAM and S3 (an independent implementation of the wire and of the stack life cycle).</summary>
[Collection(MotoCollection.Name)]
public sealed class StackDeployerMotoTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _aws = moto.CreateClients();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _aws.Dispose();

    private string Template(string description) => $$"""
        AWSTemplateFormatVersion: "2010-09-09"
        Description: {{description}}
        Parameters:
          Purpose:
            Type: String
            Default: test
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: stepwise-deployer-{{_suffix}}
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: stepwise-deployer-{{_suffix}}
              Description: !Sub "for ${Purpose}"
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Service: lambda.amazonaws.com }
                    Action: sts:AssumeRole
        Outputs:
          RoleArn:
            Value: !GetAtt Role.Arn
          BucketUri:
            Value: !Sub "s3://${Bucket}"
        """;

    [Fact]
    public async Task A_stack_is_created_left_alone_when_unchanged_updated_and_deleted()
    {
        var deployer = new StackDeployer(_aws.CloudFormation, poll: TimeSpan.FromMilliseconds(50), timeout: TimeSpan.FromMinutes(1));
        var stackName = "stepwise-" + _suffix;
        var log = new StringWriter();

        var created = await deployer.DeployAsync(new StackDeploymentRequest(stackName, Template("first")), log);
        var role = await _aws.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "stepwise-deployer-" + _suffix });
        var resources = await _aws.CloudFormation.ListStackResourcesAsync(new ListStackResourcesInput { StackName = stackName });
        var unchanged = await deployer.DeployAsync(new StackDeploymentRequest(stackName, Template("first")), log);
        var updated = await deployer.DeployAsync(new StackDeploymentRequest(stackName, Template("second"))
        {
            Parameters = new Dictionary<string, string> { ["Purpose"] = "the workbook" },
        }, log);
        var deleted = await deployer.DeleteAsync(stackName, log);
        var deletedAgain = await deployer.DeleteAsync(stackName, log);

        Assert.Equal(StackDeploymentAction.Created, created.Action);
        Assert.Equal(StackStatus.CreateComplete, created.StackStatus);
        Assert.StartsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/" + stackName + "/", created.StackId);
        Assert.Equal(["Bucket", "Role"], resources.StackResourceSummaries!.Select(r => r.LogicalResourceId).Order());
        Assert.Equal("for test", role.Role.Description);
        Assert.Equal(StackDeploymentAction.Unchanged, unchanged.Action);
        Assert.Equal(StackDeploymentAction.Updated, updated.Action);
        Assert.Equal(StackStatus.UpdateComplete, updated.StackStatus);
        Assert.Equal($"arn:aws:iam::123456789012:role/stepwise-deployer-{_suffix}", updated.Outputs["RoleArn"]);
        Assert.Equal($"s3://stepwise-deployer-{_suffix}", updated.Outputs["BucketUri"]);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await deployer.FindAsync(stackName));
        var text = log.ToString();
        Assert.Contains($"Change set stepwise-", text);
        Assert.Contains("No changes: stack " + stackName + " already matches the template.", text);
        Assert.Contains("already gone", text);
    }
}

using System.CommandLine;
using System.IO.Compression;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.CloudFormation;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Tests.Moto;
using Stepwise.Cli.Commands;
using Stepwise.Workbook.Setup;

namespace Environment.Tests;

/// <summary><c>stepwise environment deploy</c> / <c>delete</c>: the committed template deployed with our own clients to
/// moto_server's CloudFormation (which creates the roles, bucket, repository and function in moto's services).</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsEnvironmentTests(MotoServer moto)
{
    private const string Account = "123456789012";
    private const string Region = "us-east-1";

    [Fact]
    public async Task The_workbook_stack_is_deployed_with_the_builder_left_unchanged_on_a_second_run_and_deleted_from_the_command_line()
    {
        using var aws = moto.CreateClients();
        var package = TinyPackage();
        var options = new AwsEnvironmentOptions
        {
            RepositoryRoot = RepositoryPaths.Of(),
            PackageBuilder = (_, _, _) => Task.FromResult(package),
            Poll = TimeSpan.FromMilliseconds(50),
        };
        var firstLog = new StringWriter();
        var secondLog = new StringWriter();

        var first = await AwsEnvironment.DeployAsync(aws, options, firstLog);
        var roles = await aws.Iam.ListRolesAsync(new ListRolesRequest());
        var stack = await new StackDeployer(aws.CloudFormation).FindAsync(AwsEnvironment.DefaultStackName);
        var second = await AwsEnvironment.DeployAsync(aws, options, secondLog);
        var (deleted, deleteOutput) = await InvokeAsync("delete", "--endpoint-url", moto.Url.ToString(), "--region", Region);
        var (deletedAgain, againOutput) = await InvokeAsync("delete", "--endpoint-url", moto.Url.ToString(), "--region", Region);

        Assert.Equal(Account, first.AccountId);
        Assert.Empty(first.Mismatches);
        Assert.Equal($"s3://stepwise-{Account}-{Region}", first.Outputs["BucketUri"]);
        Assert.Equal($"arn:aws:iam::{Account}:role/StepwiseWorkflowExecutionRole", first.Outputs["WorkflowRoleArn"]);
        Assert.Equal("stepwise-build-container", first.Outputs["BuilderFunctionName"]);
        Assert.Subset(roles.Roles.Select(r => r.RoleName).ToHashSet(), Stepwise.Workbook.PipelineResources.RoleNames.ToHashSet());
        var key = Assert.Single(stack!.Parameters!, p => p.ParameterKey == "BuilderCodeS3Key").ParameterValue;
        Assert.Matches("^builder/stepwise-build-container-[0-9a-f]{16}\\.zip$", key);
        var text = firstLog.ToString();
        Assert.Contains("Creating stack stepwise-workbook", text);
        Assert.Contains($"Builder package uploaded: s3://stepwise-{Account}-{Region}/{key}", text);
        Assert.Contains("Stack stepwise-workbook: updated", text);
        Assert.Contains(first.Describe(), line => line.Contains("WorkflowRoleArn", StringComparison.Ordinal) && line.EndsWith("(ok)", StringComparison.Ordinal));

        Assert.Empty(second.Mismatches);
        Assert.Contains("is already there", secondLog.ToString());
        Assert.DoesNotContain("Creating stack", secondLog.ToString());
        Assert.Equal(2, secondLog.ToString().Split("already matches the template").Length - 1);

        Assert.True(deleted == 0, deleteOutput);
        Assert.Contains("its bucket is retained", deleteOutput);
        Assert.True(deletedAgain == 0, againOutput);
        Assert.Contains("already gone", againOutput);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_a_one_line_error_not_a_stack_trace()
    {
        var (code, output) = await InvokeAsync("deploy", "--no-builder", "--endpoint-url", "http://127.0.0.1:9", "--region", Region);

        Assert.Equal(1, code);
        Assert.Contains("Could not reach the endpoint", output);
        Assert.DoesNotContain("   at ", output);
    }

    private static async Task<(int Code, string Output)> InvokeAsync(params string[] args)
    {
        var console = new StringWriter();
        // The command reads credentials from the SDK's chain, as on a workstation; moto accepts any.
        System.Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", System.Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "testing");
        System.Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", System.Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "testing");
        var code = await EnvironmentCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = console, Error = console });
        return (code, console.ToString());
    }

    private static byte[] TinyPackage()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("bootstrap");
            using var writer = new StreamWriter(entry.Open());
            writer.Write("#!/bin/sh\necho builder\n");
        }
        return buffer.ToArray();
    }
}

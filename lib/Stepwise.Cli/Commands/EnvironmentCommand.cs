using System.CommandLine;
using Stepwise.Aws;
using Stepwise.Aws.CloudFormation;
using Stepwise.Aws.Protocol;
using Stepwise.Cli.Environment;
using Stepwise.Notebooks;
using Stepwise.Workbook.Setup;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise environment workflow-policy [--write | --check]</c>: the workflow role's statements of
/// <c>environment/cloudformation/workbook.yaml</c>, computed from the pipeline's ASL; <c>stepwise environment deploy</c>
/// and <c>delete</c>: that template as a stack in an AWS account, with the project's own clients.</summary>
public static class EnvironmentCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var write = new Option<bool>("--write") { Description = "Rewrite the generated block of the template in place." };
        var check = new Option<bool>("--check") { Description = "Exit 1 when the committed template's block differs from the pipeline's needs." };
        var template = new Option<FileInfo?>("--template") { HelpName = "FILE", Description = $"The template [default: <repo>/{WorkflowRolePolicy.TemplatePath}]." };
        var policy = new Command("workflow-policy", "Print (or --write, --check) the Step Functions role's statements computed from MaskRCnnPipeline's ASL.") { write, check, template };
        policy.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var required = WorkflowRolePolicy.Required();
            if (!parse.GetValue(write) && !parse.GetValue(check))
            {
                foreach (var line in WorkflowRolePolicy.Render(required, ""))
                    output.WriteLine(line);
                return 0;
            }
            var path = parse.GetValue(template)?.FullName
                       ?? (RepositoryRoot.TryFind() is { } root ? Path.Combine(root, WorkflowRolePolicy.TemplatePath) : null);
            if (path is null || !File.Exists(path))
            {
                error.WriteLine($"Template not found: {path ?? WorkflowRolePolicy.TemplatePath} (pass --template).");
                return 2;
            }
            var committed = File.ReadAllText(path);
            var regenerated = WorkflowRolePolicy.Regenerate(committed, required);
            if (parse.GetValue(check))
            {
                if (regenerated == committed)
                {
                    output.WriteLine($"{path}: the workflow role grants what the pipeline needs.");
                    return 0;
                }
                error.WriteLine($"{path}: the workflow role's statements differ from the pipeline's; run `stepwise environment workflow-policy --write`.");
                return 1;
            }
            File.WriteAllText(path, regenerated);
            output.WriteLine($"{path}: {required.Statements.Count} statements written.");
            return 0;
        });
        return new Command("environment", "AWS-side assets under environment/.") { policy, Deploy(), Delete() };
    }

    private static Command Deploy()
    {
        var (stackName, region, endpoint) = ConnectionOptions();
        var noBuilder = new Option<bool>("--no-builder") { Description = "Deploy the bucket, repository, CodeBuild project and roles only (no builder Lambda, nothing published)." };
        var command = new Command("deploy", $"Create or update the workbook's stack ({AwsEnvironment.TemplatePath}) in your AWS account and print the values the notebooks read.")
        {
            stackName, region, endpoint, noBuilder,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                using var aws = AwsClients.Create(new AwsClientOptions { Region = parse.GetValue(region), EndpointUrl = parse.GetValue(endpoint) });
                var values = await AwsEnvironment.DeployAsync(aws, new AwsEnvironmentOptions
                {
                    StackName = parse.GetValue(stackName)!,
                    IncludeBuilder = !parse.GetValue(noBuilder),
                }, output, cancellationToken);
                foreach (var line in values.Describe())
                    output.WriteLine(line);
                foreach (var mismatch in values.Mismatches)
                    error.WriteLine("Mismatch: " + mismatch);
                return values.Mismatches.Count == 0 ? 0 : 1;
            }
            catch (Exception e) when (IsExpected(e))
            {
                return Fail(error, e);
            }
        });
        return command;
    }

    private static Command Delete()
    {
        var (stackName, region, endpoint) = ConnectionOptions();
        var command = new Command("delete", "Delete the workbook's stack (its bucket is retained).") { stackName, region, endpoint };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var aws = AwsClients.Create(new AwsClientOptions { Region = parse.GetValue(region), EndpointUrl = parse.GetValue(endpoint) });
                await AwsEnvironment.DeleteAsync(aws, parse.GetValue(stackName)!, parse.InvocationConfiguration.Output, cancellationToken: cancellationToken);
                return 0;
            }
            catch (Exception e) when (IsExpected(e))
            {
                return Fail(parse.InvocationConfiguration.Error, e);
            }
        });
        return command;
    }

    private static (Option<string> StackName, Option<string?> Region, Option<Uri?> Endpoint) ConnectionOptions() =>
    (
        new Option<string>("--stack-name") { Description = "The stack.", DefaultValueFactory = _ => AwsEnvironment.DefaultStackName },
        new Option<string?>("--region") { Description = "The region [default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's]." },
        new Option<Uri?>("--endpoint-url")
        {
            HelpName = "URL",
            Description = "Send every call to this endpoint instead of AWS's (e.g. moto_server).",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                    return url;
                result.AddError($"--endpoint-url '{text}': expected an absolute http:// or https:// URL.");
                return null;
            },
        }
    );

    // What a deployment meets in an account: AWS's errors, a stack that failed, no credentials, no network, a timeout.
    private static bool IsExpected(Exception e) =>
        e is AwsServiceException or StackDeploymentException or Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException or HttpRequestException or TimeoutException or IOException;

    // AWS's error (code and message) or the stack's failed resources, never a stack trace.
    private static int Fail(TextWriter error, Exception e)
    {
        error.WriteLine(e switch
        {
            AwsServiceException aws => $"{aws.ErrorCode}: {aws.Message}",
            StackDeploymentException stack => stack.Message,
            Amazon.Runtime.AmazonServiceException sdk => $"{sdk.ErrorCode}: {sdk.Message}",
            HttpRequestException http => $"Could not reach the endpoint: {http.Message}",
            _ => e.Message,
        });
        return 1;
    }
}

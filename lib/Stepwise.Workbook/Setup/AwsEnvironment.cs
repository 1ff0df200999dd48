using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Stepwise.Aws;
using Stepwise.Aws.CloudFormation;
using Stepwise.Aws.Sts;
using Stepwise.Workbook.Build;

namespace Stepwise.Workbook.Setup;

/// <summary>How <see cref="AwsEnvironment"/> deploys <c>environment/cloudformation/workbook.yaml</c>.</summary>
public sealed record AwsEnvironmentOptions
{
    /// <summary>The stack's name.</summary>
    public string StackName { get; init; } = AwsEnvironment.DefaultStackName;

    /// <summary>Also deploy the builder Lambda (its package is published, uploaded to the bucket and named to the
    /// stack); false deploys the bucket, repository, project and roles only.</summary>
    public bool IncludeBuilder { get; init; } = true;

    /// <summary>The repository whose template and builder are deployed (default: the one this assembly was built from).</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Makes the builder's package (default: <see cref="ContainerBuild.PackageBuilderAsync"/>, self-contained
    /// for linux-x64 as <c>provided.al2023</c> needs).</summary>
    public Func<string, TextWriter, CancellationToken, Task<byte[]>>? PackageBuilder { get; init; }

    /// <summary>Between two looks at the stack (default 5 s).</summary>
    public TimeSpan? Poll { get; init; }
}

/// <summary>What the stack made, the values the notebooks read, and whether they agree with the names the workbook
/// uses (<see cref="PipelineResources"/>: the notebooks need no configuration when they do).</summary>
public sealed record AwsEnvironmentValues(string AccountId, string Region, string StackName, IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>The workbook's names for this account and region.</summary>
    public PipelineResources Resources => new(AccountId, Region);

    /// <summary>Each stack output the notebooks use, beside the name <see cref="PipelineResources"/> gives it.</summary>
    public IReadOnlyList<(string Output, string Expected, string? Actual)> Checks =>
    [
        ("BucketUri", Resources.Bucket, Outputs.GetValueOrDefault("BucketUri")),
        ("ImageUri", Resources.ImageUri, Outputs.GetValueOrDefault("ImageUri")),
        ("SageMakerRoleArn", Resources.SageMakerRoleArn, Outputs.GetValueOrDefault("SageMakerRoleArn")),
        ("WorkflowRoleArn", Resources.WorkflowRoleArn, Outputs.GetValueOrDefault("WorkflowRoleArn")),
        ("CodeBuildProjectName", PipelineResources.BuildProject, Outputs.GetValueOrDefault("CodeBuildProjectName")),
        ("BuilderFunctionName", PipelineResources.BuilderFunction, Outputs.GetValueOrDefault("BuilderFunctionName")),
    ];

    /// <summary>Outputs whose value differs from the workbook's name (a template edited without the C#).</summary>
    public IReadOnlyList<string> Mismatches =>
        Checks.Where(c => c.Actual is not null && c.Actual != c.Expected).Select(c => $"{c.Output} is {c.Actual}, the notebooks use {c.Expected}").ToList();

    /// <summary>The values as lines to print.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"Account {AccountId}, region {Region}, stack {StackName}.";
        yield return "The values the notebooks read (Stepwise.Workbook.PipelineResources for this account and region):";
        foreach (var (output, expected, actual) in Checks)
        {
            var mark = actual is null ? "not in the stack's outputs" : actual == expected ? "ok" : $"MISMATCH: the stack has {actual}";
            yield return $"  {output,-21} {expected}  ({mark})";
        }
        yield return $"Open the notebooks with STEPWISE_BACKEND=aws and AWS_REGION={Region} (a SageMaker notebook instance is detected on its own).";
    }
}

/// <summary>The AWS side of the workbook, deployed with the project's own clients: <c>stepwise environment deploy</c>.
/// First the stack without the builder (so the bucket exists), then the builder's package uploaded to the bucket under
/// a key named by its SHA-256, then the stack again with that key; an unchanged package leaves the stack unchanged.</summary>
public static class AwsEnvironment
{
    /// <summary>The stack's default name.</summary>
    public const string DefaultStackName = "stepwise-workbook";

    /// <summary>The template, relative to the repository.</summary>
    public const string TemplatePath = "environment/cloudformation/workbook.yaml";

    /// <summary>Deploys (creates or updates) the stack and returns the values the notebooks read.</summary>
    public static async Task<AwsEnvironmentValues> DeployAsync(AwsClients aws, AwsEnvironmentOptions? options = null, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aws);
        options ??= new AwsEnvironmentOptions();
        log ??= Console.Out;
        var root = options.RepositoryRoot ?? WorkbookRepository.Root();
        var template = await File.ReadAllTextAsync(Path.Combine(root, TemplatePath), cancellationToken).ConfigureAwait(false);
        var identity = await aws.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
        var account = identity.Account ?? throw new InvalidOperationException("GetCallerIdentity returned no account.");
        log.WriteLine($"Deploying {TemplatePath} as stack {options.StackName} in account {account}, region {aws.Region} (as {identity.Arn}).");

        var deployer = new StackDeployer(aws.CloudFormation, options.Poll);
        var existing = await deployer.FindAsync(options.StackName, cancellationToken).ConfigureAwait(false);
        var hasBuilder = existing?.Parameters?.Any(p => p.ParameterKey == "BuilderCodeS3Key" && !string.IsNullOrEmpty(p.ParameterValue)) == true;

        // 1. The stack as it stands (a new one without the builder: its package goes into the stack's bucket).
        var first = await deployer.DeployAsync(new StackDeploymentRequest(options.StackName, template)
        {
            Parameters = existing is null ? new Dictionary<string, string> { ["BuilderCodeS3Bucket"] = "", ["BuilderCodeS3Key"] = "" } : new Dictionary<string, string>(),
        }, log, cancellationToken).ConfigureAwait(false);
        log.WriteLine(first);
        if (!options.IncludeBuilder)
        {
            if (hasBuilder)
                log.WriteLine("The stack keeps the builder Lambda it has (deploy without --no-builder to update its code).");
            return Values(account, aws.Region, options, first);
        }

        // 2. The builder's package, in the bucket under its digest; 3. the stack naming it.
        var bucket = first.Outputs.GetValueOrDefault("BucketName") ?? new Uri(new PipelineResources(account, aws.Region).Bucket).Host;
        var package = await (options.PackageBuilder ?? DefaultPackage)(root, log, cancellationToken).ConfigureAwait(false);
        var key = $"builder/{PipelineResources.BuilderFunction}-{Convert.ToHexStringLower(SHA256.HashData(package))[..16]}.zip";
        await UploadOnceAsync(aws.S3, bucket, key, package, log, cancellationToken).ConfigureAwait(false);
        var second = await deployer.DeployAsync(new StackDeploymentRequest(options.StackName, template)
        {
            Parameters = new Dictionary<string, string> { ["BuilderCodeS3Bucket"] = bucket, ["BuilderCodeS3Key"] = key },
        }, log, cancellationToken).ConfigureAwait(false);
        log.WriteLine(second);
        return Values(account, aws.Region, options, second);
    }

    /// <summary>Deletes the stack (the bucket stays: its DeletionPolicy is Retain, it holds the learner's data and
    /// models). Returns false when there was no stack.</summary>
    public static async Task<bool> DeleteAsync(AwsClients aws, string stackName = DefaultStackName, TextWriter? log = null, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aws);
        log ??= Console.Out;
        var deleted = await new StackDeployer(aws.CloudFormation, poll).DeleteAsync(stackName, log, cancellationToken).ConfigureAwait(false);
        if (deleted)
            log.WriteLine($"Stack {stackName} deleted; its bucket is retained (DeletionPolicy Retain): empty and delete it yourself when done.");
        return deleted;
    }

    private static AwsEnvironmentValues Values(string account, string region, AwsEnvironmentOptions options, StackDeploymentResult result) =>
        new(account, region, options.StackName, result.Outputs);

    private static Task<byte[]> DefaultPackage(string root, TextWriter log, CancellationToken cancellationToken) =>
        ContainerBuild.PackageBuilderAsync(root, selfContained: true, log, cancellationToken);

    private static async Task UploadOnceAsync(IAmazonS3 s3, string bucket, string key, byte[] package, TextWriter log, CancellationToken cancellationToken)
    {
        var size = $"{package.Length / 1024.0 / 1024.0:F1} MB";
        try
        {
            await s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Builder package s3://{bucket}/{key} ({size}) is already there.");
            return;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
        using var body = new MemoryStream(package, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "application/zip" }, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"Builder package uploaded: s3://{bucket}/{key} ({size}).");
    }
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.S3;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Local.Images;

namespace Stepwise.Workbook.Build;

/// <summary>
/// Notebook 02's container build, as the seed does it: the builder Lambda function (lib/Stepwise.Builder) creates the
/// ECR repository if missing, uploads the build inputs to S3, creates or updates the CodeBuild project and starts the
/// build, which pushes the image. On the local backend the build runs <see cref="LocalBuildspec"/> (no Docker engine:
/// <c>stepwise-image push</c> publishes lib/Stepwise.Container into local ECR); on AWS, <see cref="AwsBuildspec"/>
/// (<c>docker build</c> of environment/container/Dockerfile, <c>docker push</c>).
/// </summary>
public static class ContainerBuild
{
    /// <summary>The buildspec of the local cloud's CodeBuild.</summary>
    public const string LocalBuildspec = "environment/buildspec.local.yml";

    /// <summary>The buildspec of AWS CodeBuild.</summary>
    public const string AwsBuildspec = "environment/buildspec.yml";

    /// <summary>The log group of the project's builds.</summary>
    public static string LogGroup => $"/aws/codebuild/{PipelineResources.BuildProject}";

    /// <summary>Writes the build inputs into <paramref name="folder"/>, laid out as the repository (the Dockerfile's
    /// context): lib/Stepwise.Container and every project it references (without bin/ and obj/), the files they take
    /// from elsewhere (models/maskrcnn-base), the Directory.*.props above them, environment/container/ and both buildspecs. Returns the files written.</summary>
    public static IReadOnlyList<string> WriteInputs(string repositoryRoot, string folder)
    {
        var files = new List<string>();
        void Add(string relative)
        {
            var target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(repositoryRoot, relative), target, overwrite: true);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, File.GetUnixFileMode(Path.Combine(repositoryRoot, relative)));
            files.Add(relative.Replace(Path.DirectorySeparatorChar, '/'));
        }

        var container = Path.Combine(repositoryRoot, "lib", "Stepwise.Container", "Stepwise.Container.csproj");
        var projects = ProjectClosure.Of(container);
        foreach (var props in ImageBuildCache.BuildProps(projects).Where(p => p.StartsWith(repositoryRoot, StringComparison.Ordinal)))
            Add(Path.GetRelativePath(repositoryRoot, props));
        foreach (var file in projects.SelectMany(ProjectClosure.SourceFiles))
            Add(Path.GetRelativePath(repositoryRoot, file));
        foreach (var external in ProjectClosure.ExternalFiles(projects).Where(f => f.StartsWith(repositoryRoot, StringComparison.Ordinal)))
            Add(Path.GetRelativePath(repositoryRoot, external)); // the base model's weights
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repositoryRoot, "environment", "container")))
            Add(Path.GetRelativePath(repositoryRoot, file));
        Add(LocalBuildspec);
        Add(AwsBuildspec);
        return files;
    }

    /// <summary>The builder function's timeout: Lambda's most, as a waiting build state (the pipeline's) must fit in it.
    /// <c>environment/cloudformation/workbook.yaml</c> gives the function the same (a test holds them equal).</summary>
    public const int BuilderTimeoutSeconds = 900;

    /// <summary>The builder function's memory, in MB (the template's too).</summary>
    public const int BuilderMemoryMb = 1024;

    /// <summary>The builder function's environment: the bucket of the build inputs, the role CodeBuild runs as and the
    /// buildspec of the backend (the template sets the same variables).</summary>
    public static IReadOnlyDictionary<string, string> BuilderEnvironment(PipelineResources resources, BackendKind kind)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return new Dictionary<string, string>
        {
            ["STEPWISE_BUCKET"] = new Uri(resources.Bucket).Host,
            ["STEPWISE_CODEBUILD_ROLE"] = resources.CodeBuildRoleArn,
            ["STEPWISE_BUILDSPEC"] = kind == BackendKind.Aws ? AwsBuildspec : LocalBuildspec,
        };
    }

    /// <summary>The builder function's package: lib/Stepwise.Builder published (its executable <c>bootstrap</c>;
    /// self-contained for linux-x64 when <paramref name="selfContained"/>, as Lambda's <c>provided.al2023</c> needs on
    /// AWS; framework-dependent for the local Lambda, which gives it this machine's <c>dotnet</c>), with the build
    /// inputs under <c>build-source/</c>, zipped.</summary>
    public static async Task<byte[]> PackageBuilderAsync(string repositoryRoot, bool selfContained, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        log ??= TextWriter.Null;
        var scratch = Directory.CreateTempSubdirectory("stepwise-builder-package-").FullName;
        try
        {
            var package = Path.Combine(scratch, "package");
            var project = Path.Combine(repositoryRoot, "lib", "Stepwise.Builder", "Stepwise.Builder.csproj");
            log.WriteLine($"Publishing {Path.GetFileName(project)} (the builder function, executable 'bootstrap') …");
            await DotnetPublish.RunAsync(project, package, new ImagePublishOptions
            {
                RuntimeIdentifier = selfContained ? "linux-x64" : null,
                AppHost = true,
                Progress = new Progress<string>(line =>
                {
                    if (line.Contains(" -> ", StringComparison.Ordinal) || line.StartsWith("CACHED", StringComparison.Ordinal))
                        log.WriteLine("  " + line.Trim());
                }),
            }, ImageBuildCache.Default(), cancellationToken).ConfigureAwait(false);
            var inputs = WriteInputs(repositoryRoot, Path.Combine(package, "build-source"));
            log.WriteLine($"  with its build inputs: {inputs.Count} files under build-source/");
            var zip = Path.Combine(scratch, "builder.zip");
            ZipFile.CreateFromDirectory(package, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            return await File.ReadAllBytesAsync(zip, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Creates the builder function, or updates its code and configuration (unchanged code is left alone),
    /// after making sure the bucket of the build inputs exists.</summary>
    public static async Task<BuilderDeployment> DeployBuilderAsync(ICloud cloud, PipelineResources resources, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(resources);
        log ??= Console.Out;
        await Iam.LocalRoles.EnsureAsync(cloud, log, cancellationToken).ConfigureAwait(false);
        var bucket = new Uri(resources.Bucket).Host;
        await EnsureBucketAsync(cloud.S3, bucket, log, cancellationToken).ConfigureAwait(false);

        var zip = await PackageBuilderAsync(WorkbookRepository.Root(), selfContained: cloud.Kind == BackendKind.Aws, log, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToBase64String(SHA256.HashData(zip));
        var environment = new LambdaEnvironment { Variables = BuilderEnvironment(resources, cloud.Kind) };
        const int timeout = BuilderTimeoutSeconds;
        const int memory = BuilderMemoryMb;

        FunctionConfiguration? existing = null;
        try
        {
            existing = (await cloud.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = PipelineResources.BuilderFunction }, cancellationToken).ConfigureAwait(false)).Configuration;
        }
        catch (LambdaException e) when (e.ErrorCode == LambdaErrorCodes.ResourceNotFoundException)
        {
        }

        string action;
        if (existing is null)
        {
            await cloud.Lambda.CreateFunctionAsync(new CreateFunctionRequest
            {
                FunctionName = PipelineResources.BuilderFunction,
                Description = "Builds the Stepwise container image with CodeBuild and pushes it to ECR (lib/Stepwise.Builder)",
                Runtime = "provided.al2023",
                Handler = "bootstrap",
                Architectures = ["x86_64"],
                Role = resources.BuilderRoleArn,
                Timeout = timeout,
                MemorySize = memory,
                Code = new FunctionCode { ZipFile = zip },
                Environment = environment,
            }, cancellationToken).ConfigureAwait(false);
            action = "created";
        }
        else
        {
            await WaitUpdatableAsync(cloud.Lambda, cancellationToken).ConfigureAwait(false);
            await cloud.Lambda.UpdateFunctionConfigurationAsync(new UpdateFunctionConfigurationRequest
            {
                FunctionName = PipelineResources.BuilderFunction,
                Role = resources.BuilderRoleArn,
                Timeout = timeout,
                MemorySize = memory,
                Environment = environment,
            }, cancellationToken).ConfigureAwait(false);
            if (existing.CodeSha256 == sha)
                action = "configuration updated, code unchanged";
            else
            {
                await WaitUpdatableAsync(cloud.Lambda, cancellationToken).ConfigureAwait(false);
                await cloud.Lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = PipelineResources.BuilderFunction, ZipFile = zip }, cancellationToken).ConfigureAwait(false);
                action = "code and configuration updated";
            }
        }
        await WaitUpdatableAsync(cloud.Lambda, cancellationToken).ConfigureAwait(false);
        var deployed = new BuilderDeployment(PipelineResources.BuilderFunction, action, zip.Length, sha);
        log.WriteLine(deployed);
        return deployed;
    }

    /// <summary>Invokes the builder function (it starts the build and returns), then follows the build: its phases as
    /// they change and its log lines from CloudWatch Logs, until it ends. A build that fails is an error naming the
    /// phase and CodeBuild's reason.</summary>
    public static async Task<ContainerBuildResult> RunAsync(ICloud cloud, PipelineResources resources, TextWriter? log = null, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(resources);
        log ??= Console.Out;
        var interval = poll ?? TimeSpan.FromSeconds(cloud.Kind == BackendKind.Aws ? 10 : 1);
        var payload = new JsonObject { ["ProjectName"] = PipelineResources.BuildProject, ["ImageTag"] = "latest", ["WaitForBuild"] = false };
        var invoked = await cloud.Lambda.InvokeAsync(new InvocationRequest
        {
            FunctionName = PipelineResources.BuilderFunction,
            Payload = Encoding.UTF8.GetBytes(payload.ToJsonString()),
        }, cancellationToken).ConfigureAwait(false);
        var answer = invoked.Payload is { Length: > 0 } bytes ? JsonNode.Parse(bytes) : null;
        if (invoked.FunctionError is { } error)
            throw new InvalidOperationException(
                $"The builder function failed ({error}): {answer?["errorType"]}: {answer?["errorMessage"]}");
        var buildId = answer?["buildId"]?.GetValue<string>() ?? throw new InvalidOperationException($"The builder function answered no buildId: {answer?.ToJsonString()}");
        var image = answer["image"]?.GetValue<string>() ?? resources.ImageUri;
        log.WriteLine($"{PipelineResources.BuilderFunction} started the build {buildId} of {image}");

        var stream = buildId[(buildId.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? phase = null;
        Stepwise.Aws.CodeBuild.Build build;
        while (true)
        {
            build = (await cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [buildId] }, cancellationToken).ConfigureAwait(false)).Builds?.FirstOrDefault()
                    ?? throw new InvalidOperationException($"CodeBuild does not know the build {buildId}.");
            await PrintLogAsync(cloud.Logs, stream, seen, log, cancellationToken).ConfigureAwait(false);
            if (build.CurrentPhase != phase)
            {
                phase = build.CurrentPhase;
                log.WriteLine($"── {phase}");
            }
            if (build.BuildComplete == true)
                break;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
        await PrintLogAsync(cloud.Logs, stream, seen, log, cancellationToken).ConfigureAwait(false);
        var result = new ContainerBuildResult(build.BuildStatus ?? "", buildId, image,
            build is { StartTime: { } start, EndTime: { } end } ? Math.Round((end - start).TotalSeconds, 1) : 0, build);
        if (result.Status != "SUCCEEDED")
            throw new InvalidOperationException(result.Describe());
        log.WriteLine(result);
        return result;
    }

    private static async Task PrintLogAsync(ILogs logs, string stream, HashSet<string> seen, TextWriter log, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            FilterLogEventsResponse page;
            try
            {
                page = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = LogGroup, LogStreamNamePrefix = stream, NextToken = token }, cancellationToken).ConfigureAwait(false);
            }
            catch (LogsException e) when (e.ErrorCode == LogsErrorCodes.ResourceNotFoundException)
            {
                return; // the group is made by the build's first line
            }
            foreach (var line in page.Events ?? [])
                if (seen.Add(line.EventId ?? $"{line.Timestamp}/{line.Message}"))
                    log.WriteLine("  " + line.Message?.TrimEnd());
            token = page.NextToken;
        }
        while (token is not null);
    }

    private static async Task EnsureBucketAsync(IAmazonS3 s3, string bucket, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Created the bucket s3://{bucket}");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou")
        {
        }
    }

    /// <summary>Waits while the function is Pending or an update is InProgress (Lambda refuses another update then).</summary>
    private static async Task WaitUpdatableAsync(ILambda lambda, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var configuration = (await lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = PipelineResources.BuilderFunction }, cancellationToken).ConfigureAwait(false)).Configuration;
            if (configuration is null || (configuration.State is not "Pending" && configuration.LastUpdateStatus is not "InProgress"))
                return;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"{PipelineResources.BuilderFunction} stayed Pending / InProgress for 5 minutes.");
    }
}

/// <summary>What <see cref="ContainerBuild.DeployBuilderAsync"/> did to the builder function.</summary>
public sealed record BuilderDeployment(string FunctionName, string Action, int PackageBytes, string CodeSha256)
{
    public override string ToString() => $"Lambda function {FunctionName}: {Action} ({PackageBytes / 1024.0 / 1024.0:F1} MB package, sha256 {CodeSha256})";
}

/// <summary>A finished build of the container image: CodeBuild's status, the build, the image it pushed.</summary>
public sealed record ContainerBuildResult(string Status, string BuildId, string Image, double BuildSeconds, Stepwise.Aws.CodeBuild.Build Build)
{
    /// <summary>The phases, as BatchGetBuilds reports them: type, status, seconds, and CodeBuild's message.</summary>
    public IReadOnlyList<string[]> Phases =>
        [.. (Build.Phases ?? []).Select(p => new[]
        {
            p.PhaseType ?? "", p.PhaseStatus ?? "", p.DurationInSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            string.Join("; ", (p.Contexts ?? []).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m))),
        })];

    /// <summary>The status, and for a failed build the phase that failed with CodeBuild's reason.</summary>
    public string Describe()
    {
        var failed = Build.Phases?.FirstOrDefault(p => p.PhaseStatus is not (null or "SUCCEEDED"));
        var reason = failed?.Contexts?.FirstOrDefault(c => !string.IsNullOrEmpty(c.Message));
        return $"Build {BuildId} ended {Status}" + (failed is null ? "" : $" in phase {failed.PhaseType}") + (reason is null ? "" : $": {reason.StatusCode}: {reason.Message}");
    }

    public override string ToString() => $"Build {BuildId}: {Status} in {BuildSeconds:F1} s — image {Image}";
}

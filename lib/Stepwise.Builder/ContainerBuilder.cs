using Amazon.S3;
using Amazon.S3.Model;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;

namespace Stepwise.Builder;

/// <summary>The builder function's work: the ECR repository (created when missing), the build inputs uploaded to S3, the
/// CodeBuild project (created, or updated to this source and image), the build started and, when asked, waited for.</summary>
public sealed class ContainerBuilder(IEcr ecr, ICodeBuild codeBuild, IAmazonS3 s3, TimeProvider? time = null)
{
    private static readonly string[] Failed = ["FAILED", "FAULT", "STOPPED", "TIMED_OUT"];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs the build of <paramref name="request"/>; a build that does not succeed is a <see cref="BuildFailedException"/>.
    /// <paramref name="cancellationToken"/> is the invocation's deadline: waiting never outlives the function.</summary>
    public async Task<BuildResult> BuildAsync(BuildRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        if (string.IsNullOrEmpty(request.Bucket))
            throw new BuildFailedException("BuildInputsInvalid", "No bucket for the build inputs: give Bucket in the event or set STEPWISE_BUCKET.");
        var repositoryName = request.RepositoryName ?? request.ProjectName;
        var repository = await RepositoryAsync(repositoryName, log, cancellationToken).ConfigureAwait(false);
        var image = $"{repository.RepositoryUri}:{request.ImageTag}";

        var key = request.SourceKey ?? $"codebuild/{request.ProjectName}/source.zip";
        var zip = BuildInputs.Pack(request);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = request.Bucket,
            Key = key,
            InputStream = new MemoryStream(zip),
            ContentType = "application/zip",
        }, cancellationToken).ConfigureAwait(false);
        log($"Uploaded the build inputs ({zip.Length} bytes) to s3://{request.Bucket}/{key}");

        await ProjectAsync(request, $"{request.Bucket}/{key}", repository, log, cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        var build = (await codeBuild.StartBuildAsync(new StartBuildInput
        {
            ProjectName = request.ProjectName,
            EnvironmentVariablesOverride = [new EnvironmentVariable { Name = "IMAGE_TAG", Value = request.ImageTag }],
        }, cancellationToken).ConfigureAwait(false)).Build ?? throw new BuildFailedException("BuildFailed", "StartBuild returned no build.");
        log($"Started build {build.Id} of {request.ProjectName} for {image}");
        if (request.WaitForBuild)
            build = await WaitAsync(build.Id!, request.PollSeconds, log, cancellationToken).ConfigureAwait(false);
        if (Failed.Contains(build.BuildStatus))
            throw new BuildFailedException("BuildFailed", Describe(build));
        var seconds = build is { StartTime: { } start, EndTime: { } end } ? (end - start).TotalSeconds : _time.GetElapsedTime(started).TotalSeconds;
        return new BuildResult(build.BuildStatus ?? "IN_PROGRESS", build.Id!, image, Math.Round(seconds, 1));
    }

    private async Task<Repository> RepositoryAsync(string name, Action<string> log, CancellationToken cancellationToken)
    {
        try
        {
            var found = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [name] }, cancellationToken).ConfigureAwait(false);
            if (found.Repositories is [var repository, ..])
                return repository;
        }
        catch (EcrException e) when (e.ErrorCode == EcrErrorCodes.RepositoryNotFoundException)
        {
            // created below
        }
        var created = await ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = name }, cancellationToken).ConfigureAwait(false);
        log($"Created the ECR repository {created.Repository!.RepositoryUri}");
        return created.Repository;
    }

    private async Task ProjectAsync(BuildRequest request, string sourceLocation, Repository repository, Action<string> log, CancellationToken cancellationToken)
    {
        var source = new ProjectSource { Type = "S3", Location = sourceLocation, Buildspec = request.Buildspec };
        var environment = new ProjectEnvironment
        {
            Type = "LINUX_CONTAINER",
            Image = request.BuildImage,
            ComputeType = request.ComputeType,
            PrivilegedMode = true, // docker build on AWS
            EnvironmentVariables =
            [
                new EnvironmentVariable { Name = "REPOSITORY_URI", Value = repository.RepositoryUri! },
                new EnvironmentVariable { Name = "IMAGE_REPO_NAME", Value = repository.RepositoryName! },
                new EnvironmentVariable { Name = "IMAGE_TAG", Value = request.ImageTag },
                new EnvironmentVariable { Name = "AWS_ACCOUNT_ID", Value = repository.RegistryId ?? "" },
            ],
        };
        var artifacts = new ProjectArtifacts { Type = "NO_ARTIFACTS" };
        var existing = await codeBuild.BatchGetProjectsAsync(new BatchGetProjectsInput { Names = [request.ProjectName] }, cancellationToken).ConfigureAwait(false);
        if (existing.Projects is [var project, ..])
        {
            await codeBuild.UpdateProjectAsync(new UpdateProjectInput
            {
                Name = request.ProjectName,
                Source = source,
                Environment = environment,
                Artifacts = artifacts,
                ServiceRole = request.ServiceRole ?? project.ServiceRole,
            }, cancellationToken).ConfigureAwait(false);
            log($"Updated the CodeBuild project {request.ProjectName}");
            return;
        }
        if (string.IsNullOrEmpty(request.ServiceRole))
            throw new BuildFailedException("BuildInputsInvalid",
                $"The CodeBuild project {request.ProjectName} does not exist and no role was given to create it: give ServiceRole in the event or set STEPWISE_CODEBUILD_ROLE.");
        await codeBuild.CreateProjectAsync(new CreateProjectInput
        {
            Name = request.ProjectName,
            Description = "Builds the Stepwise container image and pushes it to ECR (created by the builder function)",
            Source = source,
            Artifacts = artifacts,
            Environment = environment,
            ServiceRole = request.ServiceRole,
        }, cancellationToken).ConfigureAwait(false);
        log($"Created the CodeBuild project {request.ProjectName}");
    }

    private async Task<Build> WaitAsync(string id, double pollSeconds, Action<string> log, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromSeconds(pollSeconds);
        while (true)
        {
            var builds = await codeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [id] }, cancellationToken).ConfigureAwait(false);
            var build = builds.Builds is [var b, ..] ? b : throw new BuildFailedException("BuildFailed", $"Build {id} is not found.");
            if (build.BuildComplete == true || build.BuildStatus is not (null or "IN_PROGRESS"))
            {
                log($"Build {id} ended {build.BuildStatus}");
                return build;
            }
            log($"Build {id}: {build.CurrentPhase}");
            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first phase that failed and CodeBuild's own words about it.</summary>
    private static string Describe(Build build)
    {
        var phase = build.Phases?.FirstOrDefault(p => p.PhaseStatus is not (null or "SUCCEEDED")); // the first failure; POST_BUILD often fails after it
        var context = phase?.Contexts?.FirstOrDefault(c => !string.IsNullOrEmpty(c.Message));
        return $"Build {build.Id} ended {build.BuildStatus}"
               + (phase is null ? "" : $" in phase {phase.PhaseType}")
               + (context is null ? "" : $": {context.StatusCode}: {context.Message}");
    }
}

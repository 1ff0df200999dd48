using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Logs;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.CodeBuild;

public sealed class LocalCodeBuildTests : IAsyncLifetime
{
    private const string Bucket = "builds";
    private LocalCloudEnvironment _environment = null!;

    private LocalCloud Cloud => _environment.Cloud;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });
        await Cloud.S3.CreateBucketAsync(Bucket);
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    private async Task<string> ProjectAsync(string name, string buildspec, string artifactsType = "NO_ARTIFACTS", params (string Name, string Value)[] variables)
    {
        await Cloud.S3.PutTextAsync(Bucket, $"{name}/src/buildspec.yml", buildspec);
        await Cloud.S3.PutTextAsync(Bucket, $"{name}/src/app/hello.txt", "hello from the source\n");
        await Cloud.CodeBuild.CreateProjectAsync(new CreateProjectInput
        {
            Name = name,
            Source = new ProjectSource { Type = "S3", Location = $"{Bucket}/{name}/src/" },
            Artifacts = artifactsType == "S3"
                ? new ProjectArtifacts { Type = "S3", Location = Bucket, Path = $"{name}/out", Packaging = "NONE" }
                : new ProjectArtifacts { Type = "NO_ARTIFACTS" },
            Environment = new ProjectEnvironment
            {
                Type = "LINUX_CONTAINER",
                Image = "aws/codebuild/amazonlinux-x86_64-standard:5.0",
                ComputeType = "BUILD_GENERAL1_SMALL",
                EnvironmentVariables = [.. variables.Select(v => new EnvironmentVariable { Name = v.Name, Value = v.Value })],
            },
            ServiceRole = "arn:aws:iam::123456789012:role/StepwiseCodeBuildRole",
        });
        return name;
    }

    private async Task<Build> RunAsync(string project, IReadOnlyList<EnvironmentVariable>? overrides = null)
    {
        var started = await Cloud.CodeBuild.StartBuildAsync(new StartBuildInput { ProjectName = project, EnvironmentVariablesOverride = overrides });
        Assert.Equal("IN_PROGRESS", started.Build!.BuildStatus);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Cloud.CodeBuild.WaitForBuildAsync(started.Build.Id!, timeout.Token);
        return Assert.Single((await Cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [started.Build.Id!] })).Builds!);
    }

    private async Task<List<string>> LogAsync(Build build)
    {
        // The build's log stream is drained before the build counts as ended.
        var events = await Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = build.Logs!.GroupName, LogStreamName = build.Logs.StreamName!, StartFromHead = true });
        return [.. events.Events!.Select(e => e.Message!)];
    }

    [Fact]
    public async Task A_build_runs_its_phases_in_one_shell_state_with_the_variables_and_uploads_its_artifacts()
    {
        var project = await ProjectAsync("carry", """
            version: 0.2
            env:
              variables:
                GREETING: from-buildspec
                WHO: buildspec
            phases:
              install:
                commands:
                  - cd app
                  - export CARRIED=yes
                  - PLAIN="set, not exported"
              pre_build:
                commands:
                  - echo "pre_build in $(basename $(pwd)) carried=$CARRIED plain=$PLAIN"
              build:
                commands:
                  - echo "$GREETING $WHO build $CODEBUILD_BUILD_NUMBER" > built.txt
                  - cat hello.txt >> built.txt
              post_build:
                commands:
                  - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
            artifacts:
              base-directory: app
              files:
                - built.txt
            """, "S3", ("WHO", "project"));

        var build = await RunAsync(project, [new EnvironmentVariable { Name = "GREETING", Value = "from-start-build" }]);

        Assert.Equal("SUCCEEDED", build.BuildStatus);
        Assert.True(build.BuildComplete);
        Assert.Equal("COMPLETED", build.CurrentPhase);
        Assert.Equal(["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"],
            build.Phases!.Select(p => p.PhaseType));
        Assert.All(build.Phases!.SkipLast(1), p => Assert.Equal("SUCCEEDED", p.PhaseStatus));
        Assert.Equal(1, build.BuildNumber);

        var built = await Cloud.S3.GetTextAsync(Bucket, "carry/out/carry/built.txt");
        Assert.Equal("from-start-build project build 1\nhello from the source\n", built);
        var log = await LogAsync(build);
        Assert.Contains("pre_build in app carried=yes plain=set, not exported", log); // 0.2: plain variables carry too
        Assert.Contains("succeeding=1", log);
        Assert.Contains(log, l => l.Contains("Running command cd app", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("Phase complete: BUILD State: SUCCEEDED", StringComparison.Ordinal));
        Assert.Equal("/aws/codebuild/carry", build.Logs!.GroupName);
    }

    [Fact]
    public async Task A_failing_build_command_fails_its_phase_with_the_command_and_exit_status_and_post_build_still_runs()
    {
        var project = await ProjectAsync("fails", """
            version: 0.2
            phases:
              build:
                commands:
                  - echo before
                  - sh -c 'exit 3'
                  - echo never
                finally:
                  - echo cleaned up
              post_build:
                commands:
                  - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
            """);

        var build = await RunAsync(project);

        Assert.Equal("FAILED", build.BuildStatus);
        var phase = build.Phases!.Single(p => p.PhaseType == "BUILD");
        Assert.Equal("FAILED", phase.PhaseStatus);
        var context = Assert.Single(phase.Contexts!);
        Assert.Equal("COMMAND_EXECUTION_ERROR", context.StatusCode);
        Assert.Equal("Error while executing command: sh -c 'exit 3'. Reason: exit status 3", context.Message);
        Assert.Equal("SUCCEEDED", build.Phases!.Single(p => p.PhaseType == "POST_BUILD").PhaseStatus);
        var log = await LogAsync(build);
        Assert.Contains("before", log);
        Assert.DoesNotContain("never", log);
        Assert.Contains("cleaned up", log);
        Assert.Contains("succeeding=0", log);
    }

    [Fact]
    public async Task A_pre_build_failure_skips_to_finalizing()
    {
        var project = await ProjectAsync("early", """
            version: 0.2
            phases:
              pre_build:
                commands:
                  - false
              build:
                commands:
                  - echo built
            """);

        var build = await RunAsync(project);

        Assert.Equal("FAILED", build.BuildStatus);
        Assert.Equal(["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "FINALIZING", "COMPLETED"], build.Phases!.Select(p => p.PhaseType));
        Assert.DoesNotContain("built", await LogAsync(build));
    }

    [Fact]
    public async Task A_buildspec_CodeBuild_cannot_read_fails_DOWNLOAD_SOURCE_with_YAML_FILE_ERROR()
    {
        var project = await ProjectAsync("badyaml", """
            version: 0.2
            phases:
              build:
                commands:
                  - name: not a command
            """);

        var build = await RunAsync(project);

        Assert.Equal("FAILED", build.BuildStatus);
        var download = build.Phases!.Single(p => p.PhaseType == "DOWNLOAD_SOURCE");
        Assert.Equal("FAILED", download.PhaseStatus);
        Assert.Equal("YAML_FILE_ERROR", download.Contexts![0].StatusCode);
        Assert.Contains("Expected commands[0] of phase build to be of string type", download.Contexts[0].Message);
    }

    [Fact]
    public async Task StopBuild_ends_a_running_build_STOPPED_without_waiting_for_its_command()
    {
        var project = await ProjectAsync("slow", """
            version: 0.2
            phases:
              build:
                commands:
                  - sleep 60
            """);
        var started = await Cloud.CodeBuild.StartBuildAsync(new StartBuildInput { ProjectName = project });
        for (var i = 0; i < 100 && (await Cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [started.Build!.Id!] })).Builds![0].CurrentPhase != "BUILD"; i++)
            await Task.Delay(100);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopped = await Cloud.CodeBuild.StopBuildAsync(new StopBuildInput { Id = started.Build!.Id! });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed}");
        Assert.Equal("STOPPED", stopped.Build!.BuildStatus);
        Assert.Equal("STOPPED", stopped.Build.Phases!.Single(p => p.PhaseType == "BUILD").PhaseStatus);
    }

    [Fact]
    public async Task A_build_that_was_running_when_the_cloud_stopped_is_FAILED_at_the_next_open_not_left_in_progress()
    {
        var project = await ProjectAsync("interrupted", "version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 60\n");
        var started = await Cloud.CodeBuild.StartBuildAsync(new StartBuildInput { ProjectName = project });
        for (var i = 0; i < 100 && (await Cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [started.Build!.Id!] })).Builds![0].CurrentPhase != "BUILD"; i++)
            await Task.Delay(100);

        // What a kill -9 leaves: the record of a build in progress; a new CodeBuild on the same data opens it.
        await using var reopened = new Stepwise.Local.CodeBuild.LocalCodeBuild(Cloud.CodeBuild.Options);
        var build = Assert.Single((await reopened.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [started.Build!.Id!] })).Builds!);

        Assert.Equal("FAILED", build.BuildStatus);
        Assert.True(build.BuildComplete);
        var phase = build.Phases!.Single(p => p.PhaseType == "BUILD");
        Assert.Equal("FAILED", phase.PhaseStatus);
        Assert.Contains("local cloud stopped while this build ran", phase.Contexts![0].Message);
        await Cloud.CodeBuild.StopBuildAsync(new StopBuildInput { Id = started.Build.Id! });
    }

    [Fact]
    public async Task Projects_are_validated_listed_and_missing_ones_reported_as_CodeBuild_does()
    {
        await ProjectAsync("listed", "version: 0.2\nphases:\n  build:\n    commands:\n      - true\n");
        var duplicate = await Assert.ThrowsAsync<CodeBuildException>(() => ProjectAsync("listed", "version: 0.2\n"));
        Assert.Equal("ResourceAlreadyExistsException", duplicate.ErrorCode);
        var badName = await Assert.ThrowsAsync<CodeBuildException>(() => ProjectAsync("-bad name", "version: 0.2\n"));
        Assert.Equal("InvalidInputException", badName.ErrorCode);

        var got = await Cloud.CodeBuild.BatchGetProjectsAsync(new BatchGetProjectsInput { Names = ["listed", "absent"] });
        Assert.Equal("arn:aws:codebuild:us-east-1:123456789012:project/listed", Assert.Single(got.Projects!).Arn);
        Assert.Equal(["absent"], got.ProjectsNotFound);
        var start = await Assert.ThrowsAsync<CodeBuildException>(() => Cloud.CodeBuild.StartBuildAsync(new StartBuildInput { ProjectName = "absent" }));
        Assert.Equal("ResourceNotFoundException", start.ErrorCode);
        Assert.Equal("Project cannot be found: arn:aws:codebuild:us-east-1:123456789012:project/absent", start.Message);

        var first = await RunAsync("listed");
        var second = await RunAsync("listed");
        var ids = await Cloud.CodeBuild.ListBuildsForProjectAsync(new ListBuildsForProjectInput { ProjectName = "listed" });
        Assert.Equal([second.Id!, first.Id!], ids.Ids);
        Assert.Equal(2, second.BuildNumber);
    }

    [Fact]
    public async Task Stepwise_image_push_publishes_the_program_into_local_ECR_where_SageMaker_finds_it()
    {
        var tiny = Path.Combine(TestRepository.Root, "tests", "fixtures", "TinyContainer", "TinyContainer.csproj");
        await Cloud.Ecr.CreateRepositoryAsync(new Aws.Ecr.CreateRepositoryRequest { RepositoryName = "tiny-built" });
        var project = await ProjectAsync("image", """
            version: 0.2
            phases:
              build:
                commands:
                  - stepwise-image push "$TINY_PROJECT" "$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/tiny-built:$IMAGE_TAG"
                  - echo "after the push"
            """, "NO_ARTIFACTS", ("TINY_PROJECT", tiny), ("AWS_ACCOUNT_ID", "123456789012"), ("IMAGE_TAG", "v7"));

        var build = await RunAsync(project);

        var log = await LogAsync(build);
        Assert.True(build.BuildStatus == "SUCCEEDED", string.Join('\n', log.TakeLast(30)));
        Assert.Contains(log, l => l.StartsWith("pushed 123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny-built:v7 (digest sha256:", StringComparison.Ordinal));
        Assert.True(log.IndexOf("after the push") > log.FindIndex(l => l.StartsWith("pushed ", StringComparison.Ordinal)), "the push command returns once the image is in ECR");
        var image = Cloud.Images.Resolve("123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny-built:v7");
        Assert.Contains("train", image.Manifest.EntryPoints.Keys);
        var listed = await Cloud.Ecr.ListImagesAsync(new Aws.Ecr.ListImagesRequest { RepositoryName = "tiny-built" });
        Assert.Equal("v7", Assert.Single(listed.ImageIds!).ImageTag);
    }


    [Fact]
    public async Task Pushing_to_a_repository_that_does_not_exist_fails_the_command_as_docker_push_does()
    {
        var project = await ProjectAsync("push", """
            version: 0.2
            phases:
              build:
                commands:
                  - stepwise-image push app/none.csproj nowhere:latest
            """);

        var build = await RunAsync(project);

        Assert.Equal("FAILED", build.BuildStatus);
        Assert.Contains("name unknown: The repository with name 'nowhere' does not exist in the registry with id '123456789012'", await LogAsync(build));
    }
}

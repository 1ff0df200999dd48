using Stepwise.Local.Storage;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stepwise.Aws.CodeBuild;

namespace Stepwise.Local.CodeBuild;

/// <summary>
/// Local CodeBuild: projects and builds as JSON records under <c>{data}/codebuild</c>; a build downloads its source from
/// local S3 into a work folder and runs the buildspec's phases (install, pre_build, build, post_build) as bash commands,
/// one shell state carried through them as CodeBuild's 0.2 buildspecs do, with the project's and the build's environment
/// variables; phase statuses and times in <see cref="BatchGetBuildsAsync"/>, the log streamed to CloudWatch Logs
/// (<c>/aws/codebuild/{project}</c>), artifacts to S3. Images are built with <c>stepwise-image push PROJECT REPO:TAG</c>
/// (on the build's PATH): the local stand-in for <c>docker build</c> + <c>docker push</c>, into local ECR.
/// A build that was running when the local cloud stopped is FAILED at the next open, with a phase context saying so.
/// </summary>
public sealed partial class LocalCodeBuild : ICodeBuild, IAsyncDisposable
{
    private readonly LocalCodeBuildOptions _options;
    private readonly string _projects;
    private readonly string _builds;
    private readonly ConcurrentDictionary<string, BuildRun> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9\\-_]{1,254}$")]
    private static partial Regex ProjectNamePattern();

    public LocalCodeBuild(LocalCodeBuildOptions options)
    {
        _options = options;
        _projects = Path.Combine(options.DataDirectory, "codebuild", "projects");
        _builds = Path.Combine(options.DataDirectory, "codebuild", "builds");
        Directory.CreateDirectory(_projects);
        Directory.CreateDirectory(_builds);
        FailInterruptedBuilds();
    }

    internal LocalCodeBuildOptions Options => _options;

    /// <summary>The ARN of a project of this account and region.</summary>
    public string ProjectArn(string name) => $"arn:aws:codebuild:{_options.Region}:{_options.AccountId}:project/{name}";

    public Task<CreateProjectOutput> CreateProjectAsync(CreateProjectInput input, CancellationToken cancellationToken = default)
    {
        CheckName(input.Name);
        CheckDefinition(input.Source, input.Artifacts, input.Environment, input.ServiceRole, input.TimeoutInMinutes);
        lock (_gate)
        {
            if (File.Exists(ProjectPath(input.Name)))
                throw new CodeBuildException(CodeBuildErrorCodes.ResourceAlreadyExistsException, $"Project already exists: {input.Name}");
            var now = _options.Time.GetUtcNow();
            var project = new Project
            {
                Name = input.Name,
                Arn = ProjectArn(input.Name),
                Description = input.Description,
                Source = input.Source,
                SourceVersion = input.SourceVersion,
                Artifacts = input.Artifacts,
                Environment = input.Environment with { ImagePullCredentialsType = input.Environment.ImagePullCredentialsType ?? "CODEBUILD", PrivilegedMode = input.Environment.PrivilegedMode ?? false },
                ServiceRole = input.ServiceRole,
                TimeoutInMinutes = input.TimeoutInMinutes ?? 60,
                QueuedTimeoutInMinutes = input.QueuedTimeoutInMinutes ?? 480,
                Tags = input.Tags ?? [],
                Created = now,
                LastModified = now,
                LogsConfig = input.LogsConfig ?? DefaultLogs,
                ProjectVisibility = "PRIVATE",
            };
            Save(ProjectPath(input.Name), project, CodeBuildJsonContext.Default.Project);
            return Task.FromResult(new CreateProjectOutput { Project = project });
        }
    }

    public Task<UpdateProjectOutput> UpdateProjectAsync(UpdateProjectInput input, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var old = FindProject(input.Name) ?? throw ProjectNotFound(input.Name);
            var project = old with
            {
                Description = input.Description ?? old.Description,
                Source = input.Source ?? old.Source,
                SourceVersion = input.SourceVersion ?? old.SourceVersion,
                Artifacts = input.Artifacts ?? old.Artifacts,
                Environment = input.Environment ?? old.Environment,
                ServiceRole = input.ServiceRole ?? old.ServiceRole,
                TimeoutInMinutes = input.TimeoutInMinutes ?? old.TimeoutInMinutes,
                QueuedTimeoutInMinutes = input.QueuedTimeoutInMinutes ?? old.QueuedTimeoutInMinutes,
                Tags = input.Tags ?? old.Tags,
                LogsConfig = input.LogsConfig ?? old.LogsConfig,
                LastModified = _options.Time.GetUtcNow(),
            };
            CheckDefinition(project.Source!, project.Artifacts!, project.Environment!, project.ServiceRole!, project.TimeoutInMinutes);
            Save(ProjectPath(input.Name), project, CodeBuildJsonContext.Default.Project);
            return Task.FromResult(new UpdateProjectOutput { Project = project });
        }
    }

    public Task<DeleteProjectOutput> DeleteProjectAsync(DeleteProjectInput input, CancellationToken cancellationToken = default)
    {
        // CodeBuild answers a delete of a project that does not exist with success, as here.
        lock (_gate)
            File.Delete(ProjectPath(input.Name));
        return Task.FromResult(new DeleteProjectOutput());
    }

    public Task<BatchGetProjectsOutput> BatchGetProjectsAsync(BatchGetProjectsInput input, CancellationToken cancellationToken = default)
    {
        if (input.Names is not { Count: >= 1 and <= 100 })
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 100 inclusive");
        var found = new List<Project>();
        var missing = new List<string>();
        foreach (var name in input.Names)
        {
            var project = FindProject(name.StartsWith("arn:", StringComparison.Ordinal) ? name[(name.LastIndexOf('/') + 1)..] : name);
            if (project is null) missing.Add(name);
            else found.Add(project);
        }
        return Task.FromResult(new BatchGetProjectsOutput { Projects = found, ProjectsNotFound = missing });
    }

    public Task<StartBuildOutput> StartBuildAsync(StartBuildInput input, CancellationToken cancellationToken = default)
    {
        var project = FindProject(input.ProjectName) ?? throw new CodeBuildException(CodeBuildErrorCodes.ResourceNotFoundException,
            $"Project cannot be found: {ProjectArn(input.ProjectName)}");
        if (input.TimeoutInMinutesOverride is { } timeout && timeout is < 5 or > 2160)
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "1 validation error detected: Value at 'timeoutInMinutesOverride' failed to satisfy constraint: Member must have value between 5 and 2160 inclusive");
        foreach (var variable in input.EnvironmentVariablesOverride ?? [])
            CheckVariable(variable);
        BuildRun run;
        lock (_gate)
        {
            var number = Directory.Exists(BuildsFolder(project.Name!)) ? Directory.GetFiles(BuildsFolder(project.Name!), "*.json").Length + 1 : 1;
            var uuid = Guid.NewGuid().ToString();
            run = new BuildRun(this, project, input, $"{project.Name}:{uuid}", uuid, number);
            _running[run.Id] = run;
            Save(BuildPath(run.Id), run.Snapshot(), CodeBuildJsonContext.Default.Build);
        }
        run.Start();
        return Task.FromResult(new StartBuildOutput { Build = run.Snapshot() });
    }

    public Task<BatchGetBuildsOutput> BatchGetBuildsAsync(BatchGetBuildsInput input, CancellationToken cancellationToken = default)
    {
        if (input.Ids is not { Count: >= 1 and <= 100 })
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and 100 inclusive");
        var found = new List<Build>();
        var missing = new List<string>();
        foreach (var id in input.Ids)
        {
            var build = FindBuild(id.StartsWith("arn:", StringComparison.Ordinal) ? id[(id.IndexOf("build/", StringComparison.Ordinal) + 6)..] : id);
            if (build is null) missing.Add(id);
            else found.Add(build);
        }
        return Task.FromResult(new BatchGetBuildsOutput { Builds = found, BuildsNotFound = missing });
    }

    public async Task<StopBuildOutput> StopBuildAsync(StopBuildInput input, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(input.Id, out var run))
        {
            await run.StopAsync().ConfigureAwait(false);
            return new StopBuildOutput { Build = run.Snapshot() };
        }
        // A build that has ended is answered as it is, as CodeBuild does.
        return new StopBuildOutput { Build = FindBuild(input.Id) ?? throw new CodeBuildException(CodeBuildErrorCodes.ResourceNotFoundException, $"Build {input.Id} does not exist") };
    }

    public Task<ListBuildsForProjectOutput> ListBuildsForProjectAsync(ListBuildsForProjectInput input, CancellationToken cancellationToken = default)
    {
        if (FindProject(input.ProjectName) is null)
            throw new CodeBuildException(CodeBuildErrorCodes.ResourceNotFoundException, $"The provided project arn:aws:codebuild:{_options.Region}:{_options.AccountId}:project/{input.ProjectName} does not exist");
        var builds = Directory.Exists(BuildsFolder(input.ProjectName))
            ? Directory.GetFiles(BuildsFolder(input.ProjectName), "*.json").Select(f => Load(f, CodeBuildJsonContext.Default.Build)).OfType<Build>().ToList()
            : [];
        var ordered = input.SortOrder == SortOrderType.Ascending ? builds.OrderBy(b => b.BuildNumber) : builds.OrderByDescending(b => b.BuildNumber);
        var ids = ordered.Select(b => b.Id!).ToArray();
        const int PageSize = 100;
        var start = int.TryParse(input.NextToken, out var offset) && offset >= 0 ? offset : 0;
        var page = ids.Skip(start).Take(PageSize).ToArray();
        return Task.FromResult(new ListBuildsForProjectOutput
        {
            Ids = page,
            NextToken = start + page.Length < ids.Length ? (start + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
    }

    /// <summary>Waits until a build has ended (for tests and the builder); the build itself, as BatchGetBuilds gives it.</summary>
    public async Task<Build> WaitForBuildAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(id, out var run))
            await run.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return FindBuild(id) ?? throw new CodeBuildException(CodeBuildErrorCodes.ResourceNotFoundException, $"Build {id} does not exist");
    }

    /// <summary>Stops running builds (they end STOPPED) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var run in _running.Values)
            await run.StopAsync().ConfigureAwait(false);
    }

    internal void Saved(BuildRun run, Build build, bool ended)
    {
        Save(BuildPath(run.Id), build, CodeBuildJsonContext.Default.Build);
        if (ended) _running.TryRemove(run.Id, out _);
    }

    internal string WorkFolder(string uuid) => Path.Combine(_options.DataDirectory, "codebuild", "work", uuid);

    private static LogsConfig DefaultLogs { get; } = new() { CloudWatchLogs = new CloudWatchLogsConfig { Status = "ENABLED" }, S3Logs = new S3LogsConfig { Status = "DISABLED" } };

    private Build? FindBuild(string id)
    {
        if (_running.TryGetValue(id, out var run)) return run.Snapshot();
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !ProjectNamePattern().IsMatch(id[..colon]) || !Guid.TryParse(id[(colon + 1)..], out _)) return null;
        return File.Exists(BuildPath(id)) ? Load(BuildPath(id), CodeBuildJsonContext.Default.Build) : null;
    }

    private Project? FindProject(string name) =>
        ProjectNamePattern().IsMatch(name) && File.Exists(ProjectPath(name)) ? Load(ProjectPath(name), CodeBuildJsonContext.Default.Project) : null;

    private CodeBuildException ProjectNotFound(string name) => new(CodeBuildErrorCodes.ResourceNotFoundException, $"Project cannot be found: {ProjectArn(name)}");

    private void FailInterruptedBuilds()
    {
        foreach (var file in Directory.EnumerateFiles(_builds, "*.json", SearchOption.AllDirectories))
        {
            if (Load(file, CodeBuildJsonContext.Default.Build) is not { BuildComplete: false } build) continue;
            var now = _options.Time.GetUtcNow();
            var phases = (build.Phases ?? []).Select(p => p.PhaseStatus is null && p.PhaseType == build.CurrentPhase
                ? p with { PhaseStatus = StatusType.Failed, EndTime = now, DurationInSeconds = (long)(now - (p.StartTime ?? now)).TotalSeconds,
                    Contexts = [new PhaseContext { StatusCode = "CLIENT_ERROR", Message = "The local cloud stopped while this build ran; the build cannot resume. Start a new build." }] }
                : p).ToList();
            Save(file, build with { BuildStatus = StatusType.Failed, BuildComplete = true, EndTime = now, CurrentPhase = BuildPhaseType.Completed, Phases = phases },
                CodeBuildJsonContext.Default.Build);
        }
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || !ProjectNamePattern().IsMatch(name))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException,
                $"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9\\-_]{{1,254}}");
    }

    private static void CheckDefinition(ProjectSource source, ProjectArtifacts artifacts, ProjectEnvironment environment, string serviceRole, int? timeout)
    {
        if (source.Type is not (SourceType.S3 or SourceType.NoSource))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException,
                $"Source type {source.Type} is not served by the local CodeBuild: it reads sources from local S3 (S3) or none (NO_SOURCE, with an inline buildspec).");
        if (source.Type == SourceType.NoSource && string.IsNullOrWhiteSpace(source.Buildspec))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "Project source buildspec is required when source type is NO_SOURCE");
        if (source.Type == SourceType.S3 && (string.IsNullOrEmpty(source.Location) || !source.Location.Contains('/')))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, $"Invalid source location: {source.Location} (an S3 source is bucket/key of a zip, or bucket/prefix/ of a folder)");
        if (artifacts.Type is not (ArtifactsType.NoArtifacts or ArtifactsType.S3))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, $"Artifacts type {artifacts.Type} is not served locally (NO_ARTIFACTS or S3).");
        if (artifacts.Type == ArtifactsType.S3 && string.IsNullOrEmpty(artifacts.Location))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "Artifacts location is required when artifacts type is S3");
        foreach (var variable in environment.EnvironmentVariables ?? [])
            CheckVariable(variable);
        if (!serviceRole.StartsWith("arn:", StringComparison.Ordinal) && serviceRole.Length < 1)
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "Invalid service role: a role ARN is required");
        if (timeout is { } minutes && minutes is < 5 or > 2160)
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException, "1 validation error detected: Value at 'timeoutInMinutes' failed to satisfy constraint: Member must have value between 5 and 2160 inclusive");
    }

    private static void CheckVariable(EnvironmentVariable variable)
    {
        if (variable.Type is not (null or EnvironmentVariableType.Plaintext))
            throw new CodeBuildException(CodeBuildErrorCodes.InvalidInputException,
                $"Environment variable {variable.Name} is of type {variable.Type}: the local CodeBuild has no Parameter Store or Secrets Manager; give it as PLAINTEXT.");
    }

    private string ProjectPath(string name) => Path.Combine(_projects, name + ".json");

    private string BuildsFolder(string project) => Path.Combine(_builds, project);

    private string BuildPath(string id) => Path.Combine(BuildsFolder(id[..id.IndexOf(':', StringComparison.Ordinal)]), id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..] + ".json");

    private static void Save<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, type));
    }

    private static T? Load<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), type);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}

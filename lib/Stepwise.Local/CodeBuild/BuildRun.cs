using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using Stepwise.Aws.CodeBuild;
using Stepwise.Local.Images;
using Stepwise.Local.Logs;
using Stepwise.Local.S3;

namespace Stepwise.Local.CodeBuild;

/// <summary>One build of a project, from SUBMITTED to COMPLETED: downloads the source, reads the buildspec, runs its
/// phases in one carried-over shell state, serves <c>stepwise-image push</c>, uploads artifacts, and records each phase
/// (status, times, the failing command and its exit status) as CodeBuild reports them.</summary>
internal sealed class BuildRun
{
    private readonly LocalCodeBuild _owner;
    private readonly Project _project;
    private readonly StartBuildInput _input;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<BuildPhase> _phases = [];
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _started;
    private readonly string _work;
    private readonly int _timeoutMinutes;
    private readonly LogsLocation? _logs;
    private BufferedLogStream? _log;
    private string _currentPhase = BuildPhaseType.Submitted;
    private string _status = StatusType.InProgress;
    private DateTimeOffset? _ended;
    private bool _stopRequested;
    private BuildArtifacts? _artifacts;

    public BuildRun(LocalCodeBuild owner, Project project, StartBuildInput input, string id, string uuid, int number)
    {
        _owner = owner;
        _project = project;
        _input = input;
        Id = id;
        Uuid = uuid;
        Number = number;
        _started = owner.Options.Time.GetUtcNow();
        _work = owner.WorkFolder(uuid);
        _timeoutMinutes = input.TimeoutInMinutesOverride ?? project.TimeoutInMinutes ?? 60;
        var logs = input.LogsConfigOverride ?? project.LogsConfig;
        if (logs?.CloudWatchLogs?.Status != "DISABLED")
        {
            var group = logs?.CloudWatchLogs?.GroupName ?? $"/aws/codebuild/{project.Name}";
            var stream = logs?.CloudWatchLogs?.StreamName is { Length: > 0 } prefix ? $"{prefix}/{uuid}" : uuid;
            _logs = new LogsLocation
            {
                GroupName = group,
                StreamName = stream,
                DeepLink = $"https://console.aws.amazon.com/cloudwatch/home?region={owner.Options.Region}#logsV2:log-groups/log-group/{Uri.EscapeDataString(group)}/log-events/{Uri.EscapeDataString(stream)}",
                CloudWatchLogsArn = $"arn:aws:logs:{owner.Options.Region}:{owner.Options.AccountId}:log-group:{group}:log-stream:{stream}",
                CloudWatchLogs = logs?.CloudWatchLogs ?? new CloudWatchLogsConfig { Status = "ENABLED" },
            };
        }
        _phases.Add(new BuildPhase { PhaseType = BuildPhaseType.Submitted, PhaseStatus = StatusType.Succeeded, StartTime = _started, EndTime = _started, DurationInSeconds = 0 });
        _phases.Add(new BuildPhase { PhaseType = BuildPhaseType.Queued, StartTime = _started });
        _currentPhase = BuildPhaseType.Queued;
    }

    public string Id { get; }

    public string Uuid { get; }

    public int Number { get; }

    public Task Completion => _completion.Task;

    public void Start() => _ = Task.Run(RunAsync);

    public async Task StopAsync()
    {
        lock (_gate) _stopRequested = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _completion.Task.ConfigureAwait(false);
    }

    public Build Snapshot()
    {
        lock (_gate)
        {
            var environment = _project.Environment! with
            {
                EnvironmentVariables = Merge(_project.Environment!.EnvironmentVariables, _input.EnvironmentVariablesOverride),
                Image = _input.ImageOverride ?? _project.Environment!.Image,
            };
            return new Build
            {
                Id = Id,
                Arn = $"arn:aws:codebuild:{_owner.Options.Region}:{_owner.Options.AccountId}:build/{Id}",
                BuildNumber = Number,
                StartTime = _started,
                EndTime = _ended,
                CurrentPhase = _currentPhase,
                BuildStatus = _status,
                ProjectName = _project.Name,
                Phases = [.. _phases],
                Source = SourceOf(),
                SourceVersion = _input.SourceVersion ?? _project.SourceVersion,
                Artifacts = _artifacts ?? new BuildArtifacts { Location = "" },
                Environment = environment,
                ServiceRole = _input.ServiceRoleOverride ?? _project.ServiceRole,
                Logs = _logs,
                TimeoutInMinutes = _timeoutMinutes,
                QueuedTimeoutInMinutes = _project.QueuedTimeoutInMinutes,
                BuildComplete = _ended is not null,
                Initiator = "stepwise-local",
                EncryptionKey = $"arn:aws:kms:{_owner.Options.Region}:{_owner.Options.AccountId}:alias/aws/s3",
            };
        }
    }

    private ProjectSource SourceOf() => _project.Source! with
    {
        Location = _input.SourceLocationOverride ?? _project.Source!.Location,
        Buildspec = _input.BuildspecOverride ?? _project.Source!.Buildspec,
    };

    private static List<EnvironmentVariable> Merge(IReadOnlyList<EnvironmentVariable>? project, IReadOnlyList<EnvironmentVariable>? overrides)
    {
        var merged = new List<EnvironmentVariable>(project ?? []);
        foreach (var variable in overrides ?? [])
        {
            merged.RemoveAll(v => v.Name == variable.Name);
            merged.Add(variable);
        }
        return merged;
    }

    private async Task RunAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(_timeoutMinutes), _owner.Options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, timeout.Token);
        var ct = linked.Token;
        if (_logs is { } location)
            _log = new BufferedLogStream(_owner.Options.Logs, location.GroupName!, location.StreamName!, createGroup: true);
        var failed = false;
        try
        {
            Log($"Waiting for agent ping");
            End(StatusType.Succeeded);
            Begin(BuildPhaseType.Provisioning);
            Directory.CreateDirectory(_work);
            var src = Path.Combine(_work, "src");
            Directory.CreateDirectory(src);
            End(StatusType.Succeeded);

            Begin(BuildPhaseType.DownloadSource);
            BuildSpec spec;
            try
            {
                await DownloadSourceAsync(src, ct).ConfigureAwait(false);
                spec = await ReadBuildSpecAsync(src, ct).ConfigureAwait(false);
            }
            catch (BuildSpecException e)
            {
                End(StatusType.Failed, "YAML_FILE_ERROR", e.Message);
                failed = true;
                spec = null!;
            }
            catch (S3Exception e)
            {
                End(StatusType.Failed, "CLIENT_ERROR", $"error while downloading source: {e.ErrorCode}: {e.Message}");
                failed = true;
                spec = null!;
            }
            if (!failed)
            {
                End(StatusType.Succeeded);
                var shell = new BuildShell(_work, src, Environment(spec), _log is null ? null : line => _log.Write(new LogLine(_owner.Options.Time.GetUtcNow(), line)), _owner.Options.Time);
                foreach (var (name, type) in new[] { ("install", BuildPhaseType.Install), ("pre_build", BuildPhaseType.PreBuild), ("build", BuildPhaseType.Build), ("post_build", BuildPhaseType.PostBuild) })
                {
                    // INSTALL and PRE_BUILD failures skip to FINALIZING; POST_BUILD runs after a failed BUILD, as on CodeBuild.
                    if (failed && type != BuildPhaseType.PostBuild) continue;
                    Begin(type);
                    if (!spec.Phases.TryGetValue(name, out var phase))
                    {
                        End(StatusType.Succeeded);
                        continue;
                    }
                    var result = await shell.RunAsync(phase, buildSucceeding: !failed, push => PushAsync(push, ct), ct).ConfigureAwait(false);
                    if (result.Succeeded)
                        End(StatusType.Succeeded);
                    else
                    {
                        End(StatusType.Failed, "COMMAND_EXECUTION_ERROR", $"Error while executing command: {result.FailedCommand}. Reason: exit status {result.ExitCode}");
                        if (!phase.ContinueOnFailure) failed = true;
                        if (type is BuildPhaseType.Install or BuildPhaseType.PreBuild && !phase.ContinueOnFailure) break;
                    }
                }
                if (_phases.All(p => p.PhaseType != BuildPhaseType.Install || p.PhaseStatus != StatusType.Failed) &&
                    _phases.All(p => p.PhaseType != BuildPhaseType.PreBuild || p.PhaseStatus != StatusType.Failed))
                {
                    Begin(BuildPhaseType.UploadArtifacts);
                    try
                    {
                        await UploadArtifactsAsync(spec, src, ct).ConfigureAwait(false);
                        End(StatusType.Succeeded);
                    }
                    catch (Exception e) when (e is S3Exception or IOException or BuildSpecException)
                    {
                        End(StatusType.Failed, "CLIENT_ERROR", $"Error while uploading artifacts: {e.Message}");
                        failed = true;
                    }
                }
            }
            Begin(BuildPhaseType.Finalizing);
            End(StatusType.Succeeded);
            Finish(failed ? StatusType.Failed : StatusType.Succeeded);
        }
        catch (OperationCanceledException)
        {
            bool stopped;
            lock (_gate) stopped = _stopRequested;
            var status = stopped ? StatusType.Stopped : StatusType.TimedOut;
            End(status, stopped ? null : "BUILD_TIMED_OUT", stopped ? null : $"Build has timed out.  (the build's timeout is {_timeoutMinutes} minutes)");
            Finish(status);
        }
        catch (Exception e)
        {
            End(StatusType.Fault, "CLIENT_ERROR", $"The local CodeBuild failed: {e.Message}");
            Finish(StatusType.Fault);
        }
        finally
        {
            if (_log is not null) await _log.DisposeAsync().ConfigureAwait(false);
            TryDelete(_work);
            _completion.TrySetResult();
        }
    }

    private Dictionary<string, string> Environment(BuildSpec spec)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        // Precedence, lowest first: the buildspec's env, the project's, the start-build overrides (as CodeBuild documents).
        foreach (var (name, value) in spec.Variables) variables[name] = value;
        foreach (var variable in Merge(_project.Environment!.EnvironmentVariables, _input.EnvironmentVariablesOverride))
            variables[variable.Name] = variable.Value;
        var region = _owner.Options.Region;
        variables["AWS_REGION"] = region;
        variables["AWS_DEFAULT_REGION"] = region;
        variables["CODEBUILD_BUILD_ID"] = Id;
        variables["CODEBUILD_BUILD_ARN"] = $"arn:aws:codebuild:{region}:{_owner.Options.AccountId}:build/{Id}";
        variables["CODEBUILD_BUILD_NUMBER"] = Number.ToString(CultureInfo.InvariantCulture);
        variables["CODEBUILD_BUILD_IMAGE"] = _input.ImageOverride ?? _project.Environment!.Image;
        variables["CODEBUILD_INITIATOR"] = "stepwise-local";
        variables["CODEBUILD_PROJECT_ARN"] = _owner.ProjectArn(_project.Name!);
        variables["CODEBUILD_START_TIME"] = _started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        variables["CODEBUILD_SOURCE_VERSION"] = _input.SourceVersion ?? _project.SourceVersion ?? "";
        if (_logs is { } logs)
        {
            variables["CODEBUILD_LOG_PATH"] = logs.StreamName!;
        }
        foreach (var (name, value) in _owner.Options.Environment) variables[name] = value;
        return variables;
    }

    private async Task DownloadSourceAsync(string src, CancellationToken ct)
    {
        var source = SourceOf();
        if (source.Type == SourceType.NoSource) return;
        var location = source.Location!;
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        var (bucket, key) = (location[..slash], location[(slash + 1)..]);
        var storage = _owner.Options.ObjectStorage;
        if (key.Length == 0 || key.EndsWith('/'))
        {
            var count = 0;
            await foreach (var item in storage.ListAllAsync(bucket, key, ct).ConfigureAwait(false))
            {
                var relative = item.Key[key.Length..];
                if (relative.Length == 0 || relative.EndsWith('/')) continue;
                var target = Path.GetFullPath(Path.Combine(src, relative));
                if (!target.StartsWith(Path.GetFullPath(src), StringComparison.Ordinal)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var content = await storage.GetObjectAsync(bucket, item.Key, cancellationToken: ct).ConfigureAwait(false);
                await using var file = File.Create(target);
                await content.Content.CopyToAsync(file, ct).ConfigureAwait(false);
                count++;
            }
            Log($"Downloaded {count} source files from s3://{bucket}/{key}");
            return;
        }
        await using (var content = await storage.GetObjectAsync(bucket, key, cancellationToken: ct).ConfigureAwait(false))
        {
            var zip = Path.Combine(_work, "source.zip");
            await using (var file = File.Create(zip))
                await content.Content.CopyToAsync(file, ct).ConfigureAwait(false);
            try
            {
                ZipFile.ExtractToDirectory(zip, src, overwriteFiles: true);
            }
            catch (InvalidDataException)
            {
                throw new S3Exception("InvalidSource", $"s3://{bucket}/{key} is not a zip file: an S3 source is a zip of the source, or a folder (bucket/prefix/)", 400);
            }
        }
        Log($"Downloaded and extracted the source s3://{bucket}/{key}");
    }

    private async Task<BuildSpec> ReadBuildSpecAsync(string src, CancellationToken ct)
    {
        var given = SourceOf().Buildspec;
        string text;
        if (string.IsNullOrWhiteSpace(given) || (!given.Contains('\n') && !given.Contains(':')))
        {
            var path = Path.GetFullPath(Path.Combine(src, string.IsNullOrWhiteSpace(given) ? "buildspec.yml" : given));
            if (!File.Exists(path))
                throw new BuildSpecException($"YAML file does not exist: {Path.GetRelativePath(src, path)} is not in the source");
            text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        else
            text = given;
        return BuildSpec.Parse(text);
    }

    private async Task UploadArtifactsAsync(BuildSpec spec, string src, CancellationToken ct)
    {
        var artifacts = _input.ArtifactsOverride ?? _project.Artifacts!;
        if (artifacts.Type != ArtifactsType.S3 || spec.Artifacts is null) return;
        var root = Path.GetFullPath(Path.Combine(src, spec.Artifacts.BaseDirectory ?? "."));
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in spec.Artifacts.Files) matcher.AddInclude(pattern);
        var files = Directory.Exists(root) ? matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
            throw new BuildSpecException($"no matching artifact paths found (artifacts/files {string.Join(", ", spec.Artifacts.Files)} under {spec.Artifacts.BaseDirectory ?? "the source root"})");
        var name = artifacts.Name ?? spec.Artifacts.Name ?? _project.Name!;
        var prefix = string.Join('/', new[] { artifacts.Path, artifacts.NamespaceType == "BUILD_ID" ? Uuid : null, name }.Where(p => !string.IsNullOrEmpty(p)));
        var storage = _owner.Options.ObjectStorage;
        if (artifacts.Packaging == ArtifactPackaging.Zip)
        {
            var zip = Path.Combine(_work, "artifacts.zip");
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
                foreach (var file in files)
                    archive.CreateEntryFromFile(file, spec.Artifacts.DiscardPaths ? Path.GetFileName(file) : Path.GetRelativePath(root, file).Replace('\\', '/'));
            await using var content = File.OpenRead(zip);
            await storage.PutObjectAsync(artifacts.Location!, prefix, content, cancellationToken: ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var file in files)
            {
                var relative = spec.Artifacts.DiscardPaths ? Path.GetFileName(file) : Path.GetRelativePath(root, file).Replace('\\', '/');
                await using var content = File.OpenRead(file);
                await storage.PutObjectAsync(artifacts.Location!, prefix + "/" + relative, content, cancellationToken: ct).ConfigureAwait(false);
            }
        }
        lock (_gate) _artifacts = new BuildArtifacts { Location = $"arn:aws:s3:::{artifacts.Location}/{prefix}" };
        Log($"Uploaded {files.Length} artifact file(s) to s3://{artifacts.Location}/{prefix}");
    }

    /// <summary>What <c>stepwise-image push</c> asks for: publish the project into local ECR under the repository and tag.</summary>
    private async Task<(int ExitCode, string Message)> PushAsync(ImagePush push, CancellationToken ct)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(push.Target);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // docker's words for a malformed (or empty: an unset variable) image name
            return (1, string.IsNullOrWhiteSpace(push.Target) ? "invalid reference format: the image name is empty" : $"invalid reference format: {e.Message}");
        }
        if (!_owner.Options.Ecr.Exists(reference.Repository))
            return (1, $"name unknown: The repository with name '{reference.Repository}' does not exist in the registry with id '{_owner.Options.AccountId}'");
        try
        {
            var image = await _owner.Options.Images.PublishAsync(push.Project, push.Target, new ImagePublishOptions
            {
                Progress = new Progress<string>(line => Log(line)),
            }, ct).ConfigureAwait(false);
            return (0, $"pushed {image.Uri} (digest {Ecr.LocalEcr.Digest(image)})");
        }
        catch (Exception e) when (e is ImagePublishException or FileNotFoundException or ArgumentException)
        {
            return (1, e.Message);
        }
    }

    private void Log(string message) =>
        _log?.Write(new LogLine(_owner.Options.Time.GetUtcNow(), $"[Container] {_owner.Options.Time.GetUtcNow():yyyy/MM/dd HH:mm:ss.ffffff} {message}"));

    private void Begin(string type)
    {
        lock (_gate)
        {
            _currentPhase = type;
            _phases.Add(new BuildPhase { PhaseType = type, StartTime = _owner.Options.Time.GetUtcNow() });
        }
        if (type is not (BuildPhaseType.Provisioning or BuildPhaseType.Finalizing)) Log($"Entering phase {type}");
        _owner.Saved(this, Snapshot(), ended: false);
    }

    private void End(string status, string? code = null, string? message = null)
    {
        string phase;
        lock (_gate)
        {
            var now = _owner.Options.Time.GetUtcNow();
            var last = _phases[^1];
            phase = last.PhaseType!;
            _phases[^1] = last with
            {
                PhaseStatus = status,
                EndTime = now,
                DurationInSeconds = (long)Math.Round((now - (last.StartTime ?? now)).TotalSeconds),
                Contexts = [new PhaseContext { StatusCode = code ?? "", Message = message ?? "" }],
            };
        }
        Log($"Phase complete: {phase} State: {status}");
        Log($"Phase context status code: {code} Message: {message}");
        _owner.Saved(this, Snapshot(), ended: false);
    }

    private void Finish(string status)
    {
        lock (_gate)
        {
            _status = status;
            _ended = _owner.Options.Time.GetUtcNow();
            _currentPhase = BuildPhaseType.Completed;
            _phases.Add(new BuildPhase { PhaseType = BuildPhaseType.Completed, StartTime = _ended });
        }
        _owner.Saved(this, Snapshot(), ended: true);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// Processing jobs: the container's <c>/opt/ml</c> is the job's folder <c>{data}/sagemaker/processing-jobs/{name}/opt/ml</c>
/// (given to the process as <c>STEPWISE_OPT_ML</c>, as for training); each ProcessingInput is copied from S3 to its
/// LocalPath (which must lie under <c>/opt/ml/processing/</c>, as on SageMaker), the AppSpecification runs as a process
/// from the image — ContainerEntrypoint's first word names one of the image's entry points (without one, the image's
/// <c>process</c> entry point runs), the rest and ContainerArguments follow as arguments — and once it exits 0 each
/// ProcessingOutput's LocalPath is uploaded to its S3Uri. <c>/opt/ml/config/processingjobconfig.json</c> and
/// <c>resourceconfig.json</c> are written as SageMaker writes them; <c>/opt/ml/output/message</c> becomes the ExitMessage.
/// Logs go to <c>/aws/sagemaker/ProcessingJobs</c>, stream <c>{job}/algo-1-{epoch seconds}</c>.
/// </summary>
internal sealed class ProcessingJobs : IAsyncDisposable
{
    public const string LogGroup = "/aws/sagemaker/ProcessingJobs";
    public const string ContainerRoot = "/opt/ml/";
    public const string ProcessingRoot = "/opt/ml/processing/";
    public const string DefaultEntryPoint = "process";
    private const int MaxRuntimeLimit = 777_600;

    private readonly LocalSageMakerOptions _options;
    private readonly CancellationToken _shutdown;
    private readonly ConcurrentDictionary<string, LocalJob<DescribeProcessingJobResponse>> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();

    public ProcessingJobs(LocalSageMakerOptions options, CancellationToken shutdown)
    {
        _options = options;
        _shutdown = shutdown;
        Directory = Path.Combine(options.DataDirectory, "sagemaker", "processing-jobs");
        foreach (var job in LocalJob<DescribeProcessingJobResponse>.LoadAll(Directory))
            _jobs[job.Description.ProcessingJobName] = Recover(job);
    }

    public string Directory { get; }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    public CreateProcessingJobResponse Create(CreateProcessingJobRequest input)
    {
        HostingErrors.ValidateName(input.ProcessingJobName, "processingJobName");
        var violations = new List<string>();
        var app = input.AppSpecification;
        if (app.ContainerEntrypoint is { Count: 0 or > 100 } entry)
            violations.Add(SageMakerErrors.Constraint(null, "appSpecification.containerEntrypoint", entry.Count == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 100"));
        if (app.ContainerArguments is { Count: > 256 })
            violations.Add(SageMakerErrors.Constraint(null, "appSpecification.containerArguments", "Member must have length less than or equal to 256"));
        if (input.ProcessingInputs is { Count: > 10 })
            violations.Add(SageMakerErrors.Constraint(null, "processingInputs", "Member must have length less than or equal to 10"));
        if (input.ProcessingOutputConfig?.Outputs is { Count: > 10 })
            violations.Add(SageMakerErrors.Constraint(null, "processingOutputConfig.outputs", "Member must have length less than or equal to 10"));
        if (input.StoppingCondition?.MaxRuntimeInSeconds is { } limit && limit is < 1 or > MaxRuntimeLimit)
            violations.Add(SageMakerErrors.Range(limit, "stoppingCondition.maxRuntimeInSeconds", 1, MaxRuntimeLimit));
        foreach (var (processingInput, i) in (input.ProcessingInputs ?? []).Select((p, i) => (p, i + 1)))
            if (processingInput.S3Input is { } s3)
            {
                if (S3Location.TryParse(s3.S3Uri) is null)
                    violations.Add(SageMakerErrors.Constraint(s3.S3Uri, $"processingInputs.{i}.member.s3Input.s3Uri", "Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)"));
                if (!ProcessingS3DataType.Values.Contains(s3.S3DataType))
                    violations.Add(SageMakerErrors.Enum(s3.S3DataType, $"processingInputs.{i}.member.s3Input.s3DataType", ProcessingS3DataType.Values));
                if (s3.S3InputMode is { } mode && !ProcessingS3InputMode.Values.Contains(mode))
                    violations.Add(SageMakerErrors.Enum(mode, $"processingInputs.{i}.member.s3Input.s3InputMode", ProcessingS3InputMode.Values));
            }
        foreach (var (output, i) in (input.ProcessingOutputConfig?.Outputs ?? []).Select((o, i) => (o, i + 1)))
            if (output.S3Output is { } s3)
            {
                if (S3Location.TryParse(s3.S3Uri) is null)
                    violations.Add(SageMakerErrors.Constraint(s3.S3Uri, $"processingOutputConfig.outputs.{i}.member.s3Output.s3Uri", "Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)"));
                if (!ProcessingS3UploadMode.Values.Contains(s3.S3UploadMode))
                    violations.Add(SageMakerErrors.Enum(s3.S3UploadMode, $"processingOutputConfig.outputs.{i}.member.s3Output.s3UploadMode", ProcessingS3UploadMode.Values));
            }
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);

        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var processingInput in input.ProcessingInputs ?? [])
        {
            if (!inputNames.Add(processingInput.InputName))
                throw SageMakerErrors.Validation($"Input names must be unique within a processing job: {processingInput.InputName} is given twice.");
            if (processingInput.DatasetDefinition is not null || processingInput.S3Input is null)
                throw SageMakerErrors.NotServedLocally($"ProcessingInput {processingInput.InputName}'s DatasetDefinition (only S3Input)");
            if (processingInput.S3Input.S3InputMode == ProcessingS3InputMode.Pipe)
                throw SageMakerErrors.NotServedLocally($"S3InputMode Pipe (processing input {processingInput.InputName})");
            CheckLocalPath(processingInput.S3Input.LocalPath, $"ProcessingInput {processingInput.InputName}");
        }
        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in input.ProcessingOutputConfig?.Outputs ?? [])
        {
            if (!outputNames.Add(output.OutputName))
                throw SageMakerErrors.Validation($"Output names must be unique within a processing job: {output.OutputName} is given twice.");
            if (output.FeatureStoreOutput is not null || output.S3Output is null)
                throw SageMakerErrors.NotServedLocally($"ProcessingOutput {output.OutputName}'s FeatureStoreOutput (only S3Output)");
            CheckLocalPath(output.S3Output.LocalPath, $"ProcessingOutput {output.OutputName}");
        }
        try
        {
            _options.Images.Resolve(app.ImageUri);
        }
        catch (ImageNotFoundException e)
        {
            throw SageMakerErrors.ImageNotFound(app.ImageUri, e.Message);
        }

        var arn = SageMakerArns.ProcessingJob(_options.Region, _options.AccountId, input.ProcessingJobName);
        if (!new ExecutionRoleChecks(_options.ExecutionRoles, _options.Region, _options.AccountId).CanAssume(input.RoleArn, arn))
            throw ExecutionRoleErrors.CannotAssume(input.RoleArn);
        var now = Now;
        var description = new DescribeProcessingJobResponse
        {
            ProcessingInputs = input.ProcessingInputs,
            ProcessingOutputConfig = input.ProcessingOutputConfig,
            ProcessingJobName = input.ProcessingJobName,
            ProcessingResources = input.ProcessingResources,
            StoppingCondition = input.StoppingCondition ?? new ProcessingStoppingCondition { MaxRuntimeInSeconds = LocalSageMaker.DefaultMaxRuntimeInSeconds },
            AppSpecification = app,
            Environment = input.Environment,
            NetworkConfig = input.NetworkConfig,
            RoleArn = input.RoleArn,
            ExperimentConfig = input.ExperimentConfig,
            ProcessingJobArn = arn,
            ProcessingJobStatus = ProcessingJobStatus.InProgress,
            CreationTime = now,
            LastModifiedTime = now,
        };
        LocalJob<DescribeProcessingJobResponse> job;
        lock (_creating)
        {
            if (_jobs.ContainsKey(input.ProcessingJobName)) throw SageMakerErrors.JobExists(arn);
            var folder = Path.Combine(Directory, input.ProcessingJobName);
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            System.IO.Directory.CreateDirectory(folder);
            job = new LocalJob<DescribeProcessingJobResponse>(folder, description);
            job.Save();
            _jobs[input.ProcessingJobName] = job;
        }
        job.Run = Task.Run(() => RunAsync(job), CancellationToken.None);
        return new CreateProcessingJobResponse { ProcessingJobArn = arn };
    }

    public DescribeProcessingJobResponse Describe(string name) => Find(name).Description;

    public void Stop(string name)
    {
        var job = Find(name);
        if (job.Description.ProcessingJobStatus == ProcessingJobStatus.Stopping) return;
        if (!RequestStop(job, null))
            throw SageMakerErrors.JobCannotStop("processing job", job.Description.ProcessingJobStatus);
    }

    public async Task<DescribeProcessingJobResponse> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var job = Find(name);
        await job.Run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return job.Description;
    }

    /// <summary>The folder a container path (<c>/opt/ml/processing/input</c>) is for this job.</summary>
    public static string HostPath(string jobFolder, string containerPath) =>
        Path.Combine(jobFolder, "opt", "ml", containerPath[ContainerRoot.Length..].TrimEnd('/').Replace('/', Path.DirectorySeparatorChar));

    private static void CheckLocalPath(string? path, string what)
    {
        if (path is null)
            throw SageMakerErrors.Validation($"LocalPath is required for {what} (AppManaged is not served locally).");
        if (!path.StartsWith(ProcessingRoot, StringComparison.Ordinal) || path.Length <= ProcessingRoot.Length || path.Split('/').Any(p => p == ".."))
            throw SageMakerErrors.Validation($"The LocalPath {path} of {what} is invalid: it must be an absolute path under {ProcessingRoot}.");
    }

    private LocalJob<DescribeProcessingJobResponse> Find(string name)
    {
        HostingErrors.ValidateName(name, "processingJobName");
        return _jobs.TryGetValue(name, out var job) ? job : throw SageMakerErrors.JobNotFound(name);
    }

    private bool RequestStop(LocalJob<DescribeProcessingJobResponse> job, string? reason)
    {
        lock (job.StopGate)
        {
            if (job.StopReason is not null || job.Description.ProcessingJobStatus != ProcessingJobStatus.InProgress) return false;
            job.StopReason = reason ?? "";
            job.Update(d => d with { ProcessingJobStatus = ProcessingJobStatus.Stopping, LastModifiedTime = Now });
        }
        job.Stop.Cancel();
        return true;
    }

    private async Task RunAsync(LocalJob<DescribeProcessingJobResponse> job)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(_shutdown, job.Stop.Token);
        var limit = job.Description.StoppingCondition?.MaxRuntimeInSeconds ?? LocalSageMaker.DefaultMaxRuntimeInSeconds;
        await using var maxRuntime = _options.Time.CreateTimer(_ => RequestStop(job,
            $"MaxRuntimeExceeded: Processing job exceeded MaxRuntimeInSeconds provided ({limit} seconds) and was stopped."), null, TimeSpan.FromSeconds(limit), Timeout.InfiniteTimeSpan);
        try
        {
            await Task.Yield();
            job.Update(d => d with { ProcessingStartTime = Now, LastModifiedTime = Now });
            var description = job.Description;
            var optMl = Path.Combine(job.Folder, "opt", "ml");
            WriteConfig(optMl, description);
            var roles = new ExecutionRoleChecks(_options.ExecutionRoles, _options.Region, _options.AccountId);
            foreach (var processingInput in description.ProcessingInputs ?? [])
            {
                var s3 = processingInput.S3Input!;
                var folder = HostPath(job.Folder, s3.LocalPath!);
                System.IO.Directory.CreateDirectory(folder);
                var source = S3Location.TryParse(s3.S3Uri)!;
                if (s3.S3DataType == S3DataType.S3Prefix && !roles.MayList(description.RoleArn, source.Bucket))
                {
                    Fail(job, ExecutionRoleErrors.ListDenied(s3.S3Uri));
                    return;
                }
                IReadOnlyList<S3Staging.Item> items;
                try
                {
                    items = await S3Staging.ListAsync(_options.ObjectStorage, s3.S3DataType, s3.S3Uri, work.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is S3.S3Exception or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
                {
                    Fail(job, $"ClientError: Failed to download data for input {processingInput.InputName} from {s3.S3Uri}: {e.Message}");
                    return;
                }
                if (items.Count == 0)
                {
                    Fail(job, $"ClientError: No S3 objects found under S3 URL \"{s3.S3Uri}\" given in input data source {processingInput.InputName}. Please ensure that the bucket exists in the selected region ({_options.Region}) and that objects exist under that S3 prefix.");
                    return;
                }
                if (items.FirstOrDefault(i => !roles.MayRead(description.RoleArn, i.Bucket, i.Key)) is { } unreadable)
                {
                    Fail(job, ExecutionRoleErrors.DownloadDenied(unreadable.ToString()));
                    return;
                }
                foreach (var item in items)
                    await S3Staging.CopyToAsync(_options.ObjectStorage, item, folder, work.Token).ConfigureAwait(false);
            }
            if (!roles.MayPull(description.RoleArn, description.AppSpecification.ImageUri))
            {
                Fail(job, ExecutionRoleErrors.CannotPullImage);
                return;
            }
            foreach (var output in description.ProcessingOutputConfig?.Outputs ?? [])
                System.IO.Directory.CreateDirectory(HostPath(job.Folder, output.S3Output!.LocalPath!));
            System.IO.Directory.CreateDirectory(Path.Combine(optMl, "output"));
            work.Token.ThrowIfCancellationRequested();

            var image = _options.Images.Resolve(description.AppSpecification.ImageUri);
            var entry = description.AppSpecification.ContainerEntrypoint ?? [DefaultEntryPoint];
            System.Diagnostics.ProcessStartInfo info;
            try
            {
                info = image.StartInfo(entry[0], entry.Skip(1).Concat(description.AppSpecification.ContainerArguments ?? []));
            }
            catch (InvalidOperationException e)
            {
                Fail(job, $"ClientError: Cannot start the container: {e.Message} ContainerEntrypoint's first word names the local image's entry point.");
                return;
            }
            info.Environment["STEPWISE_OPT_ML"] = optMl;
            foreach (var (name, value) in description.Environment ?? new Dictionary<string, string>())
                info.Environment[name] = value;
            var stream = $"{description.ProcessingJobName}/{OptMlLayout.Host}-{Now.ToUnixTimeSeconds()}";
            var writer = roles.MayLog(description.RoleArn, LogGroup, stream)
                ? await _options.Logs.WriterForAsync(LogGroup, stream, _shutdown).ConfigureAwait(false)
                : null; // a role that may not write CloudWatch Logs still runs; its output goes nowhere
            var exitCode = await ContainerProcess.RunAsync(info, writer, job.SetProcess, null, null, job.Stop.Token, _options.StopGracePeriod, _options.Time, _shutdown).ConfigureAwait(false);
            _shutdown.ThrowIfCancellationRequested();

            var messageFile = Path.Combine(optMl, "output", "message");
            var message = File.Exists(messageFile) ? JobText.FailureReason(File.ReadAllText(messageFile).Trim()) : null;
            if (message is { Length: 0 }) message = null;
            if (job.StopReason is { } stopReason)
            {
                job.Update(d => d with
                {
                    ProcessingJobStatus = ProcessingJobStatus.Stopped, ExitMessage = message, ProcessingEndTime = Now, LastModifiedTime = Now,
                    FailureReason = stopReason.Length > 0 ? stopReason : null,
                });
                return;
            }
            if (exitCode != 0)
            {
                job.Update(d => d with { ExitMessage = message });
                Fail(job, $"AlgorithmError: {message ?? "See job logs for more information"} (exit code {exitCode})");
                return;
            }
            foreach (var output in description.ProcessingOutputConfig?.Outputs ?? [])
            {
                var s3 = output.S3Output!;
                var target = S3Location.TryParse(s3.S3Uri)!;
                var local = HostPath(job.Folder, s3.LocalPath!);
                var keys = System.IO.Directory.Exists(local)
                    ? System.IO.Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories)
                        .Select(f => target.Child(Path.GetRelativePath(local, f).Replace(Path.DirectorySeparatorChar, '/')).Key)
                    : [];
                if (keys.Any(key => !roles.MayWrite(description.RoleArn, target.Bucket, key)))
                {
                    Fail(job, ExecutionRoleErrors.UploadDenied($"output {output.OutputName}", s3.S3Uri));
                    return;
                }
                try
                {
                    await S3Staging.UploadAsync(_options.ObjectStorage, HostPath(job.Folder, s3.LocalPath!), S3Location.TryParse(s3.S3Uri)!, _shutdown).ConfigureAwait(false);
                }
                catch (S3.S3Exception e)
                {
                    Fail(job, $"ClientError: Failed to upload output {output.OutputName} to {s3.S3Uri}: {e.ErrorCode}: {e.Message}");
                    return;
                }
            }
            job.Update(d => d with { ProcessingJobStatus = ProcessingJobStatus.Completed, ExitMessage = message, ProcessingEndTime = Now, LastModifiedTime = Now });
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Closing: the record stays InProgress and the next open marks it Failed.
        }
        catch (OperationCanceledException) when (job.Stop.IsCancellationRequested)
        {
            var reason = job.StopReason;
            job.Update(d => d with
            {
                ProcessingJobStatus = ProcessingJobStatus.Stopped, ProcessingEndTime = Now, LastModifiedTime = Now,
                FailureReason = reason is { Length: > 0 } ? reason : null,
            });
        }
        catch (Exception e)
        {
            Fail(job, $"ClientError: {e.Message}");
        }
    }

    private static void WriteConfig(string optMl, DescribeProcessingJobResponse description)
    {
        var config = Path.Combine(optMl, "config");
        System.IO.Directory.CreateDirectory(config);
        var job = HostingRecords.Node(description).AsObject();
        foreach (var member in new[] { "ProcessingJobStatus", "CreationTime", "LastModifiedTime", "ProcessingStartTime", "ProcessingJobArn" })
            job.Remove(member);
        var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(config, "processingjobconfig.json"), job.ToJsonString(indented));
        File.WriteAllText(Path.Combine(config, "resourceconfig.json"), new JsonObject
        {
            ["current_host"] = OptMlLayout.Host,
            ["hosts"] = new JsonArray(OptMlLayout.Host),
        }.ToJsonString(indented));
    }

    private void Fail(LocalJob<DescribeProcessingJobResponse> job, string reason) =>
        job.Update(d => d with { ProcessingJobStatus = ProcessingJobStatus.Failed, FailureReason = JobText.FailureReason(reason), ProcessingEndTime = Now, LastModifiedTime = Now });

    private LocalJob<DescribeProcessingJobResponse> Recover(LocalJob<DescribeProcessingJobResponse> job)
    {
        if (job.Description.ProcessingJobStatus is not (ProcessingJobStatus.InProgress or ProcessingJobStatus.Stopping)) return job;
        if (job.Process is { } process) ServingContainer.KillLeftover(process);
        job.SetProcess(null);
        Fail(job, "InternalServerError: The local cloud restarted while this processing job was running, and its container process was lost. Start a new processing job (a new name) to run it again.");
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        await LocalJob<DescribeProcessingJobResponse>.WaitForRunsAsync(_jobs.Values, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}

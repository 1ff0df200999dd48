using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>Runs one training job as SageMaker does: Starting (the /opt/ml layout) → Downloading (channels from S3) →
/// Training (the image's <c>train</c> as a process, its output to CloudWatch Logs and the metric definitions) →
/// Uploading (model.tar.gz, output.tar.gz) → Completed, Failed or Stopped.</summary>
internal sealed class TrainingJobRunner(LocalSageMakerOptions options, CancellationToken shutdown)
{
    public const string LogGroup = "/aws/sagemaker/TrainingJobs";
    private const int MaxFailureReasonLength = 1024;

    private DateTimeOffset Now => options.Time.GetUtcNow();

    public async Task RunAsync(TrainingJob job, LocalImage image)
    {
        var layout = new OptMlLayout(job.OptMl);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(shutdown, job.Stop.Token);
        ITimer? maxRuntime = null;
        try
        {
            await Task.Yield();
            layout.Create(job.Description);
            job.Update(d => d.Enter(SecondaryStatus.Downloading, "Downloading input data", Now) with { TrainingStartTime = Now });
            var limit = job.Description.StoppingCondition.MaxRuntimeInSeconds ?? LocalSageMaker.DefaultMaxRuntimeInSeconds;
            maxRuntime = options.Time.CreateTimer(_ => RequestStop(job, SecondaryStatus.MaxRuntimeExceeded,
                $"Stopping the training job: it exceeded MaxRuntimeInSeconds ({limit} seconds)"), null, TimeSpan.FromSeconds(limit), Timeout.InfiniteTimeSpan);

            await DownloadAsync(job, layout, work.Token).ConfigureAwait(false);
            work.Token.ThrowIfCancellationRequested();
            job.Update(d => d.Enter(SecondaryStatus.Training, "Training image download completed. Training in progress.", Now));
            var exitCode = await TrainAsync(job, layout, image).ConfigureAwait(false);
            await maxRuntime.DisposeAsync().ConfigureAwait(false);
            shutdown.ThrowIfCancellationRequested();

            if (job.StopStatus is null && exitCode != 0)
            {
                job.Update(d => d.End(TrainingJobStatus.Failed, SecondaryStatus.Failed, "Training job failed", Now, FailureReason(layout, exitCode)));
                return;
            }
            job.Update(d => d.Enter(SecondaryStatus.Uploading, "Uploading generated training model", Now));
            await UploadAsync(job, layout, shutdown).ConfigureAwait(false);
            Finish(job);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The cloud is closing: the record stays InProgress and the next open marks it Failed, as after a crash.
        }
        catch (OperationCanceledException) when (job.Stop.IsCancellationRequested)
        {
            Finish(job);
        }
        catch (Exception e)
        {
            var reason = e is ArtifactUploadException ? e.Message : $"ClientError: {e.Message}";
            job.Update(d => d.End(TrainingJobStatus.Failed, SecondaryStatus.Failed, "Training job failed", Now, Truncate(reason)));
        }
        finally
        {
            if (maxRuntime is not null) await maxRuntime.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the job (once): Stopping now, SIGTERM to the container; the run ends it Stopped.</summary>
    public bool RequestStop(TrainingJob job, string finalStatus, string message)
    {
        lock (job.StopGate)
        {
            if (job.StopStatus is not null || !job.IsActive) return false;
            job.StopStatus = finalStatus;
            job.Update(d => d.Enter(SecondaryStatus.Stopping, message, Now) with { TrainingJobStatus = TrainingJobStatus.Stopping });
        }
        job.Stop.Cancel();
        return true;
    }

    private void Finish(TrainingJob job)
    {
        var limit = job.Description.StoppingCondition.MaxRuntimeInSeconds ?? LocalSageMaker.DefaultMaxRuntimeInSeconds;
        if (job.StopStatus == SecondaryStatus.MaxRuntimeExceeded)
            job.Update(d => d.End(TrainingJobStatus.Stopped, SecondaryStatus.MaxRuntimeExceeded,
                $"Job stopped: it exceeded MaxRuntimeInSeconds ({limit} seconds)", Now,
                $"MaxRuntimeExceeded: Training job exceeded MaxRuntimeInSeconds provided ({limit} seconds) and was stopped."));
        else if (job.StopStatus is not null)
            job.Update(d => d.End(TrainingJobStatus.Stopped, SecondaryStatus.Stopped, "Training job stopped", Now));
        else
            job.Update(d => d.End(TrainingJobStatus.Completed, SecondaryStatus.Completed, "Training job completed", Now));
    }

    private async Task DownloadAsync(TrainingJob job, OptMlLayout layout, CancellationToken cancellationToken)
    {
        foreach (var channel in job.Description.InputDataConfig ?? [])
        {
            var source = channel.DataSource.S3DataSource!;
            var location = S3Location.TryParse(source.S3Uri)!;
            var folder = layout.Channel(channel.ChannelName);
            if (source.S3DataType == S3DataType.ManifestFile)
            {
                var manifest = JsonNode.Parse(await options.ObjectStorage.GetTextAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))?.AsArray()
                    ?? throw new InvalidDataException($"The manifest {source.S3Uri} is empty.");
                var prefix = S3Location.TryParse(manifest.FirstOrDefault()?["prefix"]?.GetValue<string>())
                    ?? throw new InvalidDataException($"The manifest {source.S3Uri} does not start with {{\"prefix\": \"s3://bucket/prefix/\"}}.");
                foreach (var entry in manifest.Skip(1))
                {
                    var relative = entry!.GetValue<string>();
                    await CopyAsync(prefix.Bucket, prefix.Key + relative, folder, relative, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            await foreach (var item in options.ObjectStorage.ListAllAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))
            {
                if (item.Key.EndsWith('/')) continue; // a console-made "folder"
                var relative = item.Key[location.Key.Length..].TrimStart('/');
                if (relative.Length == 0) relative = item.Key[(item.Key.LastIndexOf('/') + 1)..];
                await CopyAsync(location.Bucket, item.Key, folder, relative, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CopyAsync(string bucket, string key, string folder, string relative, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(folder, relative));
        if (!target.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException($"s3://{bucket}/{key} would land outside its channel folder ({relative}).");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var content = await options.ObjectStorage.GetObjectAsync(bucket, key, null, cancellationToken).ConfigureAwait(false);
        await using var file = File.Create(target);
        await content.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <c>train</c> until it exits, or until a stop: SIGTERM, the grace period, then SIGKILL.</summary>
    private async Task<int> TrainAsync(TrainingJob job, OptMlLayout layout, LocalImage image)
    {
        var description = job.Description;
        var info = image.StartInfo("train");
        info.Environment["STEPWISE_OPT_ML"] = layout.Root;
        info.Environment["TRAINING_JOB_NAME"] = description.TrainingJobName;
        info.Environment["TRAINING_JOB_ARN"] = description.TrainingJobArn;
        foreach (var (name, value) in description.Environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var stream = $"{description.TrainingJobName}/{OptMlLayout.Host}-{Now.ToUnixTimeSeconds()}";
        var writer = await options.Logs.WriterForAsync(LogGroup, stream, shutdown).ConfigureAwait(false);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        process.StandardInput.Close();
        job.Update(r => r with { LogStream = stream, ProcessId = process.Id, ProcessStartTime = process.StartTime.ToUniversalTime() });

        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                lines.Writer.TryWrite(line);
        }
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError))
            .ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        var logging = LogAsync(job, lines.Reader, writer);

        try
        {
            var exited = process.WaitForExitAsync(shutdown);
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, job.Stop.Token)).ConfigureAwait(false);
            if (!exited.IsCompleted)
            {
                ProcessSignals.Terminate(process);
                await Task.WhenAny(exited, Task.Delay(options.StopGracePeriod, options.Time, shutdown)).ConfigureAwait(false);
                if (!exited.IsCompleted)
                {
                    await writer.WriteLineAsync($"[stepwise] The container did not exit within {options.StopGracePeriod.TotalSeconds:0} s of SIGTERM; killing it.", shutdown).ConfigureAwait(false);
                    ProcessSignals.KillTree(process);
                }
            }
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            ProcessSignals.KillTree(process);
            throw;
        }
        await pumps.ConfigureAwait(false);
        await logging.ConfigureAwait(false);
        job.Update(r => r with { ProcessId = null, ProcessStartTime = null });
        return process.ExitCode;
    }

    /// <summary>Writes the container's lines to its log stream in batches and reads the metrics out of them.</summary>
    private async Task LogAsync(TrainingJob job, System.Threading.Channels.ChannelReader<string> lines, Logs.LogStreamWriter writer)
    {
        var metrics = new MetricScanner(job.Description.AlgorithmSpecification?.MetricDefinitions);
        var batch = new List<string>();
        while (await lines.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var matched = false;
            var now = Now;
            while (batch.Count < 1000 && lines.TryRead(out var line))
            {
                batch.Add(line);
                matched |= metrics.Scan(line, now);
            }
            try
            {
                await writer.WriteLinesAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return; // the cloud closed its logs under a job being abandoned
            }
            batch.Clear();
            if (matched)
            {
                var final = metrics.Final;
                job.Update(d => d with { FinalMetricDataList = final });
            }
        }
    }

    private async Task UploadAsync(TrainingJob job, OptMlLayout layout, CancellationToken cancellationToken)
    {
        var output = S3Location.TryParse(job.Description.OutputDataConfig!.S3OutputPath)!.Child($"{job.Name}/output");
        await PutAsync(layout.Model, output.Child("model.tar.gz"), "model artifacts").ConfigureAwait(false);
        if (Directory.Exists(layout.OutputData) && Directory.EnumerateFileSystemEntries(layout.OutputData).Any())
            await PutAsync(layout.OutputData, output.Child("output.tar.gz"), "output data").ConfigureAwait(false);

        async Task PutAsync(string folder, S3Location target, string what)
        {
            try
            {
                await using var archive = await TarGz.CreateAsync(folder, job.Folder, cancellationToken).ConfigureAwait(false);
                await options.ObjectStorage.PutObjectAsync(target.Bucket, target.Key, archive,
                    new PutObjectOptions { ContentType = "application/x-tar" }, cancellationToken).ConfigureAwait(false);
            }
            catch (S3Exception e)
            {
                throw new ArtifactUploadException($"ClientError: Failed to upload {what} to {target}: {e.ErrorCode}: {e.Message}.");
            }
        }
    }

    /// <summary>SageMaker's reason: <c>AlgorithmError: </c> and the container's <c>output/failure</c>, or its exit code.</summary>
    private static string FailureReason(OptMlLayout layout, int exitCode)
    {
        var failure = File.Exists(layout.Failure) ? File.ReadAllText(layout.Failure).Trim() : "";
        return Truncate(failure.Length > 0 ? $"AlgorithmError: {failure}" : $"AlgorithmError: , exit code: {exitCode}");
    }

    private static string Truncate(string reason) => reason.Length <= MaxFailureReasonLength ? reason : reason[..MaxFailureReasonLength];

    private sealed class ArtifactUploadException(string message) : Exception(message);
}

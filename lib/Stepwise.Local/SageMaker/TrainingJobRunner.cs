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

    private readonly ExecutionRoleChecks _roles = new(options.ExecutionRoles, options.Region, options.AccountId);

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
            if (!_roles.MayPull(job.Description.RoleArn, job.Description.AlgorithmSpecification!.TrainingImage!))
                throw new RoleDeniedException(ExecutionRoleErrors.CannotPullImage);
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
            var reason = e is ArtifactUploadException or RoleDeniedException ? e.Message : $"ClientError: {e.Message}";
            job.Update(d => d.End(TrainingJobStatus.Failed, SecondaryStatus.Failed, "Training job failed", Now, JobText.FailureReason(reason)));
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
            var folder = layout.Channel(channel.ChannelName);
            var role = job.Description.RoleArn;
            var location = S3Location.TryParse(source.S3Uri)!;
            if (source.S3DataType == S3DataType.ManifestFile ? !_roles.MayRead(role, location.Bucket, location.Key) : !_roles.MayList(role, location.Bucket))
                throw new RoleDeniedException(source.S3DataType == S3DataType.ManifestFile
                    ? ExecutionRoleErrors.DownloadDenied(source.S3Uri) : ExecutionRoleErrors.ListDenied(source.S3Uri));
            foreach (var item in await S3Staging.ListAsync(options.ObjectStorage, source.S3DataType, source.S3Uri, cancellationToken).ConfigureAwait(false))
            {
                if (!_roles.MayRead(role, item.Bucket, item.Key))
                    throw new RoleDeniedException(ExecutionRoleErrors.DownloadDenied(item.ToString()));
                await S3Staging.CopyToAsync(options.ObjectStorage, item, folder, cancellationToken).ConfigureAwait(false);
            }
        }
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
        // A role that may not write CloudWatch Logs still trains; its output just goes nowhere.
        var writer = _roles.MayLog(description.RoleArn, LogGroup, stream)
            ? await options.Logs.WriterForAsync(LogGroup, stream, shutdown).ConfigureAwait(false)
            : null;
        job.Update(r => r with { LogStream = stream });
        var metrics = new MetricScanner(description.AlgorithmSpecification?.MetricDefinitions);
        return await ContainerProcess.RunAsync(info, writer,
            process => job.Update(r => r with { ProcessId = process?.Id, ProcessStartTime = process?.StartTime }),
            line => metrics.Scan(line, Now),
            () =>
            {
                var final = metrics.Final;
                job.Update(d => d with { FinalMetricDataList = final });
            },
            job.Stop.Token, options.StopGracePeriod, options.Time, shutdown).ConfigureAwait(false);
    }

    private async Task UploadAsync(TrainingJob job, OptMlLayout layout, CancellationToken cancellationToken)
    {
        var output = S3Location.TryParse(job.Description.OutputDataConfig!.S3OutputPath)!.Child($"{job.Name}/output");
        await PutAsync(layout.Model, output.Child("model.tar.gz"), "model artifacts").ConfigureAwait(false);
        if (Directory.Exists(layout.OutputData) && Directory.EnumerateFileSystemEntries(layout.OutputData).Any())
            await PutAsync(layout.OutputData, output.Child("output.tar.gz"), "output data").ConfigureAwait(false);

        async Task PutAsync(string folder, S3Location target, string what)
        {
            if (!_roles.MayWrite(job.Description.RoleArn, target.Bucket, target.Key))
                throw new ArtifactUploadException(ExecutionRoleErrors.UploadDenied(what, target.ToString()));
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
        return JobText.FailureReason(failure.Length > 0 ? $"AlgorithmError: {failure}" : $"AlgorithmError: , exit code: {exitCode}");
    }


    private sealed class ArtifactUploadException(string message) : Exception(message);

    /// <summary>A call the job's execution role may not make; the message is the whole FailureReason.</summary>
    private sealed class RoleDeniedException(string reason) : Exception(reason);
}

using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// Batch transform jobs, on the endpoint machinery: the model's container runs <c>serve</c> on a free port under the
/// job's <c>opt/ml</c> (the model extracted into <c>model/</c>), and once <c>GET /ping</c> answers 200 each input object
/// (every object under an S3Prefix, or a ManifestFile's entries) is sent to <c>POST /invocations</c>: whole (SplitType
/// None), or split into lines (Line) sent one per request (SingleRecord) or as many as fit MaxPayloadInMB
/// (MultiRecord). The answers are written to <c>{S3OutputPath}/{input path}.out</c>, joined by newlines with AssembleWith
/// Line. Requests go one at a time (MaxConcurrentTransforms is recorded, not used). Logs go to
/// <c>/aws/sagemaker/TransformJobs</c>, stream <c>{job}/{instance id}-{epoch seconds}</c>.
/// </summary>
internal sealed class TransformJobs : IAsyncDisposable
{
    public const string LogGroup = "/aws/sagemaker/TransformJobs";
    private const int DefaultMaxPayloadInMB = 6;
    private const int DefaultInvocationsTimeout = 600;
    private const int DefaultInvocationsMaxRetries = 3;

    private readonly LocalSageMakerOptions _options;
    private readonly SageMakerHosting _hosting;
    private readonly CancellationToken _shutdown;
    private readonly ConcurrentDictionary<string, LocalJob<DescribeTransformJobResponse>> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public TransformJobs(LocalSageMakerOptions options, SageMakerHosting hosting, CancellationToken shutdown)
    {
        _options = options;
        _hosting = hosting;
        _shutdown = shutdown;
        Directory = Path.Combine(options.DataDirectory, "sagemaker", "transform-jobs");
        foreach (var job in LocalJob<DescribeTransformJobResponse>.LoadAll(Directory))
            _jobs[job.Description.TransformJobName] = Recover(job);
    }

    public string Directory { get; }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    public CreateTransformJobResponse Create(CreateTransformJobRequest input)
    {
        HostingErrors.ValidateName(input.TransformJobName, "transformJobName");
        HostingErrors.ValidateName(input.ModelName, "modelName");
        var violations = new List<string>();
        if (input.MaxPayloadInMB is < 0 or > 100)
            violations.Add(SageMakerErrors.Range(input.MaxPayloadInMB.Value, "maxPayloadInMB", 0, 100));
        if (input.MaxConcurrentTransforms is < 0)
            violations.Add(SageMakerErrors.Range(input.MaxConcurrentTransforms.Value, "maxConcurrentTransforms", 0, int.MaxValue));
        if (input.BatchStrategy is { } strategy && !BatchStrategy.Values.Contains(strategy))
            violations.Add(SageMakerErrors.Enum(strategy, "batchStrategy", BatchStrategy.Values));
        var source = input.TransformInput.DataSource.S3DataSource;
        if (!S3DataType.Values.Contains(source.S3DataType))
            violations.Add(SageMakerErrors.Enum(source.S3DataType, "transformInput.dataSource.s3DataSource.s3DataType", S3DataType.Values));
        if (S3Location.TryParse(source.S3Uri) is null)
            violations.Add(SageMakerErrors.Constraint(source.S3Uri, "transformInput.dataSource.s3DataSource.s3Uri", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$"));
        if (input.TransformInput.SplitType is { } split && !SplitType.Values.Contains(split))
            violations.Add(SageMakerErrors.Enum(split, "transformInput.splitType", SplitType.Values));
        if (input.TransformInput.CompressionType is { } compression && !CompressionType.Values.Contains(compression))
            violations.Add(SageMakerErrors.Enum(compression, "transformInput.compressionType", CompressionType.Values));
        if (S3Location.TryParse(input.TransformOutput.S3OutputPath) is null)
            violations.Add(SageMakerErrors.Constraint(input.TransformOutput.S3OutputPath, "transformOutput.s3OutputPath", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$"));
        if (input.TransformOutput.AssembleWith is { } assemble && !AssemblyType.Values.Contains(assemble))
            violations.Add(SageMakerErrors.Enum(assemble, "transformOutput.assembleWith", AssemblyType.Values));
        if (input.ModelClientConfig?.InvocationsTimeoutInSeconds is { } timeout && timeout is < 1 or > 3600)
            violations.Add(SageMakerErrors.Range(timeout, "modelClientConfig.invocationsTimeoutInSeconds", 1, 3600));
        if (input.ModelClientConfig?.InvocationsMaxRetries is { } retries && retries is < 0 or > 3)
            violations.Add(SageMakerErrors.Range(retries, "modelClientConfig.invocationsMaxRetries", 0, 3));
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);

        if (source.S3DataType is not (S3DataType.S3Prefix or S3DataType.ManifestFile))
            throw SageMakerErrors.NotServedLocally($"S3DataType {source.S3DataType} (transform input)");
        if (input.TransformInput.SplitType is SplitType.RecordIO or SplitType.TFRecord)
            throw SageMakerErrors.NotServedLocally($"SplitType {input.TransformInput.SplitType}");
        if (input.DataProcessing is { } processing && (processing.InputFilter is not (null or "$") || processing.OutputFilter is not (null or "$") || processing.JoinSource is not (null or JoinSource.None)))
            throw SageMakerErrors.NotServedLocally("DataProcessing (InputFilter, OutputFilter, JoinSource)");
        if (input.DataCaptureConfig is not null)
            throw SageMakerErrors.NotServedLocally("DataCaptureConfig");
        var model = _hosting.DescribeModel(input.ModelName);
        var container = model.PrimaryContainer ?? model.Containers![0];
        try
        {
            _options.Images.Resolve(container.Image!);
        }
        catch (ImageNotFoundException e)
        {
            throw SageMakerErrors.ImageNotFound(container.Image!, e.Message);
        }

        var arn = SageMakerArns.TransformJob(_options.Region, _options.AccountId, input.TransformJobName);
        var now = Now;
        var description = new DescribeTransformJobResponse
        {
            TransformJobName = input.TransformJobName,
            TransformJobArn = arn,
            TransformJobStatus = TransformJobStatus.InProgress,
            ModelName = input.ModelName,
            MaxConcurrentTransforms = input.MaxConcurrentTransforms ?? 1,
            ModelClientConfig = input.ModelClientConfig ?? new ModelClientConfig { InvocationsTimeoutInSeconds = DefaultInvocationsTimeout, InvocationsMaxRetries = DefaultInvocationsMaxRetries },
            MaxPayloadInMB = input.MaxPayloadInMB ?? DefaultMaxPayloadInMB,
            BatchStrategy = input.BatchStrategy ?? BatchStrategy.MultiRecord,
            Environment = input.Environment ?? new Dictionary<string, string>(),
            TransformInput = input.TransformInput with
            {
                SplitType = input.TransformInput.SplitType ?? SplitType.None,
                CompressionType = input.TransformInput.CompressionType ?? CompressionType.None,
            },
            TransformOutput = input.TransformOutput with { AssembleWith = input.TransformOutput.AssembleWith ?? AssemblyType.None },
            TransformResources = input.TransformResources,
            CreationTime = now,
            DataProcessing = input.DataProcessing,
            ExperimentConfig = input.ExperimentConfig,
        };
        LocalJob<DescribeTransformJobResponse> job;
        lock (_creating)
        {
            if (_jobs.ContainsKey(input.TransformJobName)) throw SageMakerErrors.JobExists(arn);
            var folder = Path.Combine(Directory, input.TransformJobName);
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            System.IO.Directory.CreateDirectory(folder);
            job = new LocalJob<DescribeTransformJobResponse>(folder, description);
            job.Save();
            _jobs[input.TransformJobName] = job;
        }
        job.Run = Task.Run(() => RunAsync(job, model), CancellationToken.None);
        return new CreateTransformJobResponse { TransformJobArn = arn };
    }

    public DescribeTransformJobResponse Describe(string name) => Find(name).Description;

    /// <summary>Stopping now; the container is stopped and the job ends Stopped (outputs written so far stay).</summary>
    public void Stop(string name)
    {
        var job = Find(name);
        lock (job.StopGate)
        {
            var status = job.Description.TransformJobStatus;
            if (status == TransformJobStatus.Stopping) return;
            if (status != TransformJobStatus.InProgress) throw SageMakerErrors.JobCannotStop("transform job", status);
            job.StopReason = "stopped";
            job.Update(d => d with { TransformJobStatus = TransformJobStatus.Stopping });
        }
        job.Stop.Cancel();
    }

    public async Task<DescribeTransformJobResponse> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var job = Find(name);
        await job.Run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return job.Description;
    }

    private LocalJob<DescribeTransformJobResponse> Find(string name)
    {
        HostingErrors.ValidateName(name, "transformJobName");
        return _jobs.TryGetValue(name, out var job) ? job : throw SageMakerErrors.JobNotFound(name);
    }

    private async Task RunAsync(LocalJob<DescribeTransformJobResponse> job, DescribeModelOutput model)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(_shutdown, job.Stop.Token);
        ServingContainer? serving = null;
        try
        {
            job.Update(d => d with { TransformStartTime = Now });
            var description = job.Description;
            var container = model.PrimaryContainer ?? model.Containers![0];
            var image = _options.Images.Resolve(container.Image!);
            var optMl = Path.Combine(job.Folder, "opt", "ml");
            var modelFolder = Path.Combine(optMl, "model");
            System.IO.Directory.CreateDirectory(modelFolder);
            if (container.ModelDataUrl is { } url && await ModelData.ExtractAsync(_options.ObjectStorage, url, modelFolder, work.Token).ConfigureAwait(false) is { } extractFailure)
            {
                Fail(job, $"ClientError: {extractFailure}");
                return;
            }
            var source = description.TransformInput.DataSource.S3DataSource;
            IReadOnlyList<S3Staging.Item> items;
            try
            {
                items = await S3Staging.ListAsync(_options.ObjectStorage, source.S3DataType, source.S3Uri, work.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is S3.S3Exception or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Fail(job, $"ClientError: Failed to read the transform input {source.S3Uri}: {e.Message}");
                return;
            }
            if (items.Count == 0)
            {
                Fail(job, $"ClientError: No S3 objects found under S3 URL \"{source.S3Uri}\" given in the transform input.");
                return;
            }
            // The job acts as its model's execution role: it lists and reads the input, pulls the image, writes the output.
            var roles = new ExecutionRoleChecks(_options.ExecutionRoles, _options.Region, _options.AccountId);
            var role = model.ExecutionRoleArn;
            var input = S3Location.TryParse(source.S3Uri)!;
            if (source.S3DataType == S3DataType.S3Prefix && !roles.MayList(role, input.Bucket))
            {
                Fail(job, ExecutionRoleErrors.ListDenied(source.S3Uri));
                return;
            }
            if (items.FirstOrDefault(i => !roles.MayRead(role, i.Bucket, i.Key)) is { } unreadable)
            {
                Fail(job, ExecutionRoleErrors.DownloadDenied(unreadable.ToString()));
                return;
            }
            if (!roles.MayPull(role, container.Image!))
            {
                Fail(job, ExecutionRoleErrors.CannotPullImage);
                return;
            }

            var environment = new Dictionary<string, string>(container.Environment ?? new Dictionary<string, string>());
            foreach (var (name, value) in description.Environment ?? new Dictionary<string, string>()) environment[name] = value;
            var maxPayload = (description.MaxPayloadInMB ?? DefaultMaxPayloadInMB) * 1024L * 1024L;
            environment["SAGEMAKER_MAX_PAYLOAD_IN_MB"] = (description.MaxPayloadInMB ?? DefaultMaxPayloadInMB).ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["SAGEMAKER_BATCH_STRATEGY"] = description.BatchStrategy == BatchStrategy.SingleRecord ? "SINGLE_RECORD" : "MULTI_RECORD";
            environment["SAGEMAKER_MAX_CONCURRENT_TRANSFORMS"] = (description.MaxConcurrentTransforms ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var instance = $"i-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(9))[..17]}";
            var stream = $"{description.TransformJobName}/{instance}-{Now.ToUnixTimeSeconds()}";
            serving = await ServingContainer.StartAsync(image, optMl, environment, "primary", _options.Logs, LogGroup, work.Token, stream).ConfigureAwait(false);
            job.SetProcess(serving.Process);
            if (await serving.WaitHealthyAsync(_http, _options.EndpointStartupTimeout, work.Token).ConfigureAwait(false) is { } unhealthy)
            {
                Fail(job, $"ClientError: {unhealthy.Replace("for production variant primary ", "", StringComparison.Ordinal).Replace("this endpoint", "this transform job", StringComparison.Ordinal)}");
                return;
            }

            var output = S3Location.TryParse(description.TransformOutput!.S3OutputPath)!;
            foreach (var item in items)
            {
                work.Token.ThrowIfCancellationRequested();
                if (output.Child(item.Relative + ".out") is var target && !roles.MayWrite(role, target.Bucket, target.Key))
                {
                    Fail(job, ExecutionRoleErrors.UploadDenied("transform output", target.ToString()));
                    return;
                }
                if (await TransformAsync(job, serving, item, output, maxPayload, work.Token).ConfigureAwait(false) is { } failure)
                {
                    Fail(job, failure);
                    return;
                }
            }
            job.Update(d => d with { TransformJobStatus = TransformJobStatus.Completed, TransformEndTime = Now });
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Closing: the record stays InProgress and the next open marks it Failed.
        }
        catch (OperationCanceledException) when (job.Stop.IsCancellationRequested)
        {
            job.Update(d => d with { TransformJobStatus = TransformJobStatus.Stopped, TransformEndTime = Now });
        }
        catch (Exception e)
        {
            Fail(job, $"ClientError: {e.Message}");
        }
        finally
        {
            if (serving is not null)
            {
                await serving.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                if (!_shutdown.IsCancellationRequested) job.SetProcess(null);
            }
        }
    }

    /// <summary>Sends one input object through the container and writes its <c>.out</c>; null, or why it failed.</summary>
    private async Task<string?> TransformAsync(LocalJob<DescribeTransformJobResponse> job, ServingContainer serving, S3Staging.Item item,
        S3Location output, long maxPayload, CancellationToken cancellationToken)
    {
        var description = job.Description;
        byte[] content;
        await using (var stored = await _options.ObjectStorage.GetObjectAsync(item.Bucket, item.Key, null, cancellationToken).ConfigureAwait(false))
        using (var buffer = new MemoryStream())
        {
            if (description.TransformInput.CompressionType == CompressionType.Gzip)
                try
                {
                    await using var gzip = new GZipStream(stored.Content, CompressionMode.Decompress);
                    await gzip.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    return $"ClientError: {item} is not gzip-compressed, as CompressionType Gzip says it is: {e.Message}";
                }
            else
                await stored.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            content = buffer.ToArray();
        }

        var payloads = new List<byte[]>();
        var split = description.TransformInput.SplitType == SplitType.Line;
        if (!split)
            payloads.Add(content);
        else
        {
            var records = Encoding.UTF8.GetString(content).Split('\n').Select(r => r.TrimEnd('\r')).Where(r => r.Length > 0).ToList();
            if (description.BatchStrategy == BatchStrategy.SingleRecord)
                payloads.AddRange(records.Select(r => Encoding.UTF8.GetBytes(r)));
            else
            {
                var batch = new StringBuilder();
                foreach (var record in records)
                {
                    if (batch.Length > 0 && maxPayload > 0 && Encoding.UTF8.GetByteCount(batch.ToString()) + Encoding.UTF8.GetByteCount(record) + 1 > maxPayload)
                    {
                        payloads.Add(Encoding.UTF8.GetBytes(batch.ToString()));
                        batch.Clear();
                    }
                    batch.Append(record).Append('\n');
                }
                if (batch.Length > 0) payloads.Add(Encoding.UTF8.GetBytes(batch.ToString()));
            }
        }
        for (var i = 0; i < payloads.Count; i++)
            if (maxPayload > 0 && payloads[i].Length > maxPayload)
                return $"ClientError: {(split ? $"Record {i + 1} of {item}" : item.ToString())} is {payloads[i].Length} bytes, more than MaxPayloadInMB ({description.MaxPayloadInMB} MB) allows: " +
                    (split ? "raise MaxPayloadInMB." : "split it (SplitType Line) or raise MaxPayloadInMB.");

        var answers = new List<byte[]>();
        for (var i = 0; i < payloads.Count; i++)
        {
            var (answer, failure) = await InvokeAsync(job, serving, payloads[i], cancellationToken).ConfigureAwait(false);
            if (failure is not null)
                return $"ClientError: {failure} for {item}{(payloads.Count > 1 ? $" (request {i + 1} of {payloads.Count})" : "")}. See job logs for more information.";
            answers.Add(answer!);
        }

        using var assembled = new MemoryStream();
        foreach (var answer in answers)
        {
            assembled.Write(answer);
            if (description.TransformOutput!.AssembleWith == AssemblyType.Line && (answer.Length == 0 || answer[^1] != (byte)'\n'))
                assembled.WriteByte((byte)'\n');
        }
        assembled.Position = 0;
        var target = output.Child(item.Relative + ".out");
        await _options.ObjectStorage.PutObjectAsync(target.Bucket, target.Key, assembled,
            new S3.PutObjectOptions { ContentType = description.TransformOutput!.Accept }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>POST /invocations with the job's ContentType and Accept, under ModelClientConfig's timeout, retrying a
    /// 5xx or a lost connection InvocationsMaxRetries times.</summary>
    private async Task<(byte[]? Answer, string? Failure)> InvokeAsync(LocalJob<DescribeTransformJobResponse> job, ServingContainer serving, byte[] payload, CancellationToken cancellationToken)
    {
        var description = job.Description;
        var timeout = TimeSpan.FromSeconds(description.ModelClientConfig?.InvocationsTimeoutInSeconds ?? DefaultInvocationsTimeout);
        var retries = description.ModelClientConfig?.InvocationsMaxRetries ?? DefaultInvocationsMaxRetries;
        string? failure = null;
        for (var attempt = 0; attempt <= retries; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(serving.BaseAddress, "invocations")) { Content = new ByteArrayContent(payload) };
            if (description.TransformInput.ContentType is { Length: > 0 } contentType)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            if (description.TransformOutput!.Accept is { Length: > 0 } accept)
                request.Headers.TryAddWithoutValidation("Accept", accept);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                using var response = await _http.SendAsync(request, limit.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 200 and <= 299) return (body, null);
                failure = $"The model container answered {status} with message \"{Encoding.UTF8.GetString(body)}\"";
                if (status < 500) break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"The model container did not answer within InvocationsTimeoutInSeconds ({timeout.TotalSeconds:0} seconds)";
            }
            catch (HttpRequestException e)
            {
                failure = $"The request to the model container failed: {e.Message}";
            }
        }
        return (null, failure);
    }

    private void Fail(LocalJob<DescribeTransformJobResponse> job, string reason) =>
        job.Update(d => d with
        {
            TransformJobStatus = TransformJobStatus.Failed,
            FailureReason = JobText.FailureReason(reason),
            TransformEndTime = Now,
        });

    private LocalJob<DescribeTransformJobResponse> Recover(LocalJob<DescribeTransformJobResponse> job)
    {
        if (job.Description.TransformJobStatus is not (TransformJobStatus.InProgress or TransformJobStatus.Stopping)) return job;
        if (job.Process is { } process) ServingContainer.KillLeftover(process);
        job.SetProcess(null);
        Fail(job, "InternalServerError: The local cloud restarted while this transform job was running, and its container process was lost. Start a new transform job (a new name) to transform again.");
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        await LocalJob<DescribeTransformJobResponse>.WaitForRunsAsync(_jobs.Values, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _http.Dispose();
    }
}

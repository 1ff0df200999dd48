using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// Models, endpoint configurations and endpoints. An endpoint's deployment runs each production variant's container
/// (<see cref="ServingContainer"/>) and is InService once every one answers <c>GET /ping</c> 200; Failed, with
/// SageMaker's reason, when one exits or the startup timeout passes. UpdateEndpoint deploys the new config beside the
/// old one and swaps once it is healthy (a failed update leaves the old one serving, with the FailureReason). After a
/// restart, endpoints that were InService (or Updating) start again (SystemUpdating → InService).
/// </summary>
internal sealed class SageMakerHosting : IAsyncDisposable
{
    public const string LogGroupPrefix = "/aws/sagemaker/Endpoints/";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly LocalSageMakerOptions _options;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HostingRecordSet<DescribeModelOutput> _models;
    private readonly HostingRecordSet<DescribeEndpointConfigOutput> _configs;
    private readonly ConcurrentDictionary<string, HostedEndpoint> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public SageMakerHosting(LocalSageMakerOptions options)
    {
        _options = options;
        var root = Path.Combine(options.DataDirectory, "sagemaker");
        _models = new HostingRecordSet<DescribeModelOutput>(Path.Combine(root, "models"));
        _configs = new HostingRecordSet<DescribeEndpointConfigOutput>(Path.Combine(root, "endpoint-configs"));
        EndpointsDirectory = Path.Combine(root, "endpoints");
        Directory.CreateDirectory(EndpointsDirectory);
        foreach (var folder in Directory.EnumerateDirectories(EndpointsDirectory))
            if (HostingRecords.Load(Path.Combine(folder, EndpointRecord.FileName)) is { } json)
                Recover(new HostedEndpoint(folder, EndpointRecord.FromJson(json)));
            else
                TryDelete(folder);
    }

    public string ModelsDirectory => _models.DirectoryPath;

    public string ConfigsDirectory => _configs.DirectoryPath;

    public string EndpointsDirectory { get; }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    private string Region => _options.Region;

    private string Account => _options.AccountId;

    // ---- Models ----

    public async Task<CreateModelOutput> CreateModelAsync(CreateModelInput input, CancellationToken cancellationToken)
    {
        HostingErrors.ValidateName(input.ModelName, "modelName");
        if (input.Containers is { Count: > 1 } || input.InferenceExecutionConfig is not null)
            throw SageMakerErrors.NotServedLocally("A multi-container model (Containers with more than one container, InferenceExecutionConfig)");
        var container = input.PrimaryContainer ?? input.Containers?.FirstOrDefault()
            ?? throw SageMakerErrors.Validation("Either PrimaryContainer or Containers must be specified.");
        if (container.Image is not { Length: > 0 } imageUri)
            throw SageMakerErrors.NotServedLocally(container.ModelPackageName is null ? "A container without Image" : $"ModelPackageName ({container.ModelPackageName})");
        if (container.ModelDataSource is not null || container.AdditionalModelDataSources is not null || container.MultiModelConfig is not null || container.Mode == ContainerMode.MultiModel)
            throw SageMakerErrors.NotServedLocally("ModelDataSource, AdditionalModelDataSources and multi-model containers (give ModelDataUrl, a model.tar.gz)");
        try
        {
            _options.Images.Resolve(imageUri);
        }
        catch (ImageNotFoundException e)
        {
            throw SageMakerErrors.ImageNotFound(imageUri, e.Message);
        }
        var arn = HostingErrors.ModelArn(Region, Account, input.ModelName);
        var roles = new ExecutionRoleChecks(_options.ExecutionRoles, Region, Account);
        if (container.ModelDataUrl is { } url)
        {
            var location = S3Location.TryParse(url)
                ?? throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(url, "primaryContainer.modelDataUrl", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")]);
            // SageMaker reads the model data with the role at create time: a role it cannot assume, or one without s3:GetObject, is refused.
            if (roles.Enforced && !(roles.CanAssume(input.ExecutionRoleArn, arn) && roles.MayRead(input.ExecutionRoleArn, location.Bucket, location.Key)))
                throw ExecutionRoleErrors.ModelData(url, input.ExecutionRoleArn ?? "", Region);
            if (!await ExistsAsync(location, cancellationToken).ConfigureAwait(false))
                throw HostingErrors.ModelDataNotFound(url);
        }
        else if (!roles.CanAssume(input.ExecutionRoleArn, arn))
            throw ExecutionRoleErrors.CannotAssume(input.ExecutionRoleArn ?? "");

        var description = new DescribeModelOutput
        {
            ModelName = input.ModelName,
            ModelArn = arn,
            PrimaryContainer = input.PrimaryContainer,
            Containers = input.Containers,
            ExecutionRoleArn = input.ExecutionRoleArn,
            VpcConfig = input.VpcConfig,
            EnableNetworkIsolation = input.EnableNetworkIsolation ?? false,
            CreationTime = Now,
        };
        if (!_models.TryAdd(input.ModelName, description))
            throw HostingErrors.ModelExists(arn);
        return new CreateModelOutput { ModelArn = arn };
    }

    public DescribeModelOutput DescribeModel(string name)
    {
        HostingErrors.ValidateName(name, "modelName");
        return _models.TryGetValue(name, out var model) ? model : throw HostingErrors.ModelNotFound(HostingErrors.ModelArn(Region, Account, name));
    }

    public void DeleteModel(string name)
    {
        _models.Remove(DescribeModel(name).ModelName);
    }

    public ListModelsOutput ListModels(ListModelsInput input)
    {
        var (items, next) = Page(_models.Values.Where(m =>
                (input.NameContains is null || m.ModelName.Contains(input.NameContains, StringComparison.OrdinalIgnoreCase)) &&
                (input.CreationTimeAfter is null || m.CreationTime > input.CreationTimeAfter) &&
                (input.CreationTimeBefore is null || m.CreationTime < input.CreationTimeBefore)),
            m => m.ModelName, m => m.CreationTime, null, input.SortBy, ModelSortKey.Values, input.SortOrder, input.MaxResults, input.NextToken);
        return new ListModelsOutput
        {
            Models = [.. items.Select(m => new ModelSummary { ModelName = m.ModelName, ModelArn = m.ModelArn, CreationTime = m.CreationTime })],
            NextToken = next,
        };
    }

    // ---- Endpoint configs ----

    public CreateEndpointConfigOutput CreateEndpointConfig(CreateEndpointConfigInput input)
    {
        HostingErrors.ValidateName(input.EndpointConfigName, "endpointConfigName");
        if (input.ProductionVariants is not { Count: > 0 } variants)
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(null, "productionVariants", input.ProductionVariants is null ? "Member must not be null" : "Member must have length greater than or equal to 1")]);
        if (variants.Count > 10)
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(null, "productionVariants", "Member must have length less than or equal to 10")]);
        if (input.AsyncInferenceConfig is not null || input.ShadowProductionVariants is { Count: > 0 } || input.ExplainerConfig is not null)
            throw SageMakerErrors.NotServedLocally("AsyncInferenceConfig, ShadowProductionVariants and ExplainerConfig");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var variant in variants)
        {
            HostingErrors.ValidateName(variant.VariantName, "productionVariants.member.variantName");
            if (!names.Add(variant.VariantName))
                throw SageMakerErrors.Validation($"The variant name(s) [{variant.VariantName}] is/are repeated in the endpoint config.");
            if (variant.ModelName is not { } model)
                throw SageMakerErrors.NotServedLocally($"Production variant {variant.VariantName} without ModelName (inference components)");
            if (!_models.Contains(model))
                throw HostingErrors.ModelNotFound(HostingErrors.ModelArn(Region, Account, model));
            if (variant.ContainerStartupHealthCheckTimeoutInSeconds is < 1 or > 3600)
                throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(variant.ContainerStartupHealthCheckTimeoutInSeconds!.Value.ToString(CultureInfo.InvariantCulture),
                    "productionVariants.member.containerStartupHealthCheckTimeoutInSeconds", "Member must have value between 1 and 3600 (locally; SageMaker's minimum is 60)")]);
        }

        var arn = HostingErrors.EndpointConfigArn(Region, Account, input.EndpointConfigName);
        var description = new DescribeEndpointConfigOutput
        {
            EndpointConfigName = input.EndpointConfigName,
            EndpointConfigArn = arn,
            ProductionVariants = variants,
            DataCaptureConfig = input.DataCaptureConfig,
            KmsKeyId = input.KmsKeyId,
            CreationTime = Now,
            ExecutionRoleArn = input.ExecutionRoleArn,
            VpcConfig = input.VpcConfig,
            EnableNetworkIsolation = input.EnableNetworkIsolation,
            MetricsConfig = input.MetricsConfig,
        };
        if (!_configs.TryAdd(input.EndpointConfigName, description))
            throw HostingErrors.EndpointConfigExists(arn);
        return new CreateEndpointConfigOutput { EndpointConfigArn = arn };
    }

    public DescribeEndpointConfigOutput DescribeEndpointConfig(string name)
    {
        HostingErrors.ValidateName(name, "endpointConfigName");
        return _configs.TryGetValue(name, out var config) ? config : throw HostingErrors.EndpointConfigNotFound(HostingErrors.EndpointConfigArn(Region, Account, name));
    }

    /// <summary>As on SageMaker, a config an endpoint uses may be deleted: the endpoint keeps serving what it deployed.</summary>
    public void DeleteEndpointConfig(string name)
    {
        _configs.Remove(DescribeEndpointConfig(name).EndpointConfigName);
    }

    public ListEndpointConfigsOutput ListEndpointConfigs(ListEndpointConfigsInput input)
    {
        var (items, next) = Page(_configs.Values.Where(c =>
                (input.NameContains is null || c.EndpointConfigName.Contains(input.NameContains, StringComparison.OrdinalIgnoreCase)) &&
                (input.CreationTimeAfter is null || c.CreationTime > input.CreationTimeAfter) &&
                (input.CreationTimeBefore is null || c.CreationTime < input.CreationTimeBefore)),
            c => c.EndpointConfigName, c => c.CreationTime, null, input.SortBy, EndpointConfigSortKey.Values, input.SortOrder, input.MaxResults, input.NextToken);
        return new ListEndpointConfigsOutput
        {
            EndpointConfigs = [.. items.Select(c => new EndpointConfigSummary { EndpointConfigName = c.EndpointConfigName, EndpointConfigArn = c.EndpointConfigArn, CreationTime = c.CreationTime })],
            NextToken = next,
        };
    }

    // ---- Endpoints ----

    public CreateEndpointOutput CreateEndpoint(CreateEndpointInput input)
    {
        HostingErrors.ValidateName(input.EndpointName, "endpointName");
        var deployment = NewDeployment(input.EndpointConfigName);
        var arn = HostingErrors.EndpointArn(Region, Account, input.EndpointName);
        var now = Now;
        HostedEndpoint endpoint;
        lock (_creating)
        {
            if (_endpoints.ContainsKey(input.EndpointName)) throw HostingErrors.EndpointExists(arn);
            var folder = Path.Combine(EndpointsDirectory, input.EndpointName);
            TryDelete(folder);
            endpoint = new HostedEndpoint(folder, new EndpointRecord
            {
                Description = new DescribeEndpointOutput
                {
                    EndpointName = input.EndpointName,
                    EndpointArn = arn,
                    EndpointConfigName = input.EndpointConfigName,
                    EndpointStatus = EndpointStatus.Creating,
                    CreationTime = now,
                    LastModifiedTime = now,
                    LastDeploymentConfig = input.DeploymentConfig,
                    DataCaptureConfig = null,
                },
            });
            endpoint.Save();
            _endpoints[input.EndpointName] = endpoint;
        }
        endpoint.Work = Task.Run(() => DeployAsync(endpoint, deployment, initial: true));
        return new CreateEndpointOutput { EndpointArn = arn };
    }

    public DescribeEndpointOutput DescribeEndpoint(string name) => Find(name).Record.Description;

    public UpdateEndpointOutput UpdateEndpoint(UpdateEndpointInput input)
    {
        if (input.RetainAllVariantProperties == true || input.ExcludeRetainedVariantProperties is { Count: > 0 })
            throw SageMakerErrors.NotServedLocally("RetainAllVariantProperties and ExcludeRetainedVariantProperties");
        var endpoint = Find(input.EndpointName);
        var deployment = NewDeployment(input.EndpointConfigName);
        lock (endpoint.Gate)
        {
            var description = endpoint.Record.Description;
            if (description.EndpointStatus == EndpointStatus.Failed)
                throw HostingErrors.CannotUpdateFailed(description.EndpointArn);
            if (description.EndpointStatus != EndpointStatus.InService)
                throw HostingErrors.InProgress(description.EndpointArn);
            endpoint.Update(r => r with { Description = r.Description with { EndpointStatus = EndpointStatus.Updating, FailureReason = null, LastModifiedTime = Now } });
            endpoint.Work = Task.Run(() => DeployAsync(endpoint, deployment, initial: false));
        }
        return new UpdateEndpointOutput { EndpointArn = endpoint.Record.Description.EndpointArn };
    }

    /// <summary>Stops the endpoint's containers (a deployment in progress is cancelled) and forgets it.</summary>
    public async Task DeleteEndpointAsync(string name)
    {
        var endpoint = Find(name);
        lock (_creating)
        {
            if (!_endpoints.TryRemove(name, out _)) throw HostingErrors.EndpointNotFound(endpoint.Record.Description.EndpointArn);
            endpoint.Update(r => r with { Description = r.Description with { EndpointStatus = EndpointStatus.Deleting, LastModifiedTime = Now } });
        }
        await endpoint.Cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await endpoint.Work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await StopAllAsync(endpoint.TakeContainers()).ConfigureAwait(false);
        TryDelete(endpoint.Folder);
    }

    public ListEndpointsOutput ListEndpoints(ListEndpointsInput input)
    {
        if (input.StatusEquals is { } status && !EndpointStatus.Values.Contains(status))
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(status, "statusEquals", $"Member must satisfy enum value set: [{string.Join(", ", EndpointStatus.Values)}]")]);
        var (items, next) = Page(_endpoints.Values.Select(e => e.Record.Description).Where(d =>
                (input.NameContains is null || d.EndpointName.Contains(input.NameContains, StringComparison.OrdinalIgnoreCase)) &&
                (input.StatusEquals is null || d.EndpointStatus == input.StatusEquals) &&
                (input.CreationTimeAfter is null || d.CreationTime > input.CreationTimeAfter) &&
                (input.CreationTimeBefore is null || d.CreationTime < input.CreationTimeBefore) &&
                (input.LastModifiedTimeAfter is null || d.LastModifiedTime > input.LastModifiedTimeAfter) &&
                (input.LastModifiedTimeBefore is null || d.LastModifiedTime < input.LastModifiedTimeBefore)),
            d => d.EndpointName, d => d.CreationTime, d => d.EndpointStatus, input.SortBy, EndpointSortKey.Values, input.SortOrder, input.MaxResults, input.NextToken);
        return new ListEndpointsOutput
        {
            Endpoints = [.. items.Select(d => new EndpointSummary
            {
                EndpointName = d.EndpointName, EndpointArn = d.EndpointArn, CreationTime = d.CreationTime,
                LastModifiedTime = d.LastModifiedTime, EndpointStatus = d.EndpointStatus,
            })],
            NextToken = next,
        };
    }

    /// <summary>Waits until the endpoint's deployment in progress (creation, update, restart) has ended.</summary>
    public async Task<DescribeEndpointOutput> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var endpoint = Find(name);
        while (true)
        {
            var work = endpoint.Work;
            try
            {
                await work.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (ReferenceEquals(work, endpoint.Work)) return endpoint.Record.Description;
        }
    }

    /// <summary>The container an invocation goes to: <paramref name="targetVariant"/>'s, else one by the variants'
    /// weights; null when the endpoint does not exist or is not serving.</summary>
    public (ServingContainer Container, DescribeEndpointOutput Endpoint)? Route(string name, string? targetVariant)
    {
        if (!_endpoints.TryGetValue(name, out var endpoint)) return null;
        var description = endpoint.Record.Description;
        if (description.EndpointStatus is not (EndpointStatus.InService or EndpointStatus.Updating)) return null;
        var containers = endpoint.Containers;
        if (containers.Count == 0) return null;
        if (targetVariant is not null)
            return containers.FirstOrDefault(c => c.Variant == targetVariant) is { } target ? (target, description) : null;
        var variants = endpoint.Record.Serving?.Config.ProductionVariants ?? [];
        var weights = containers.Select(c => Math.Max(0, variants.FirstOrDefault(v => v.VariantName == c.Variant)?.InitialVariantWeight ?? 1.0)).ToArray();
        var total = weights.Sum();
        if (total <= 0) return (containers[0], description);
        var pick = Random.Shared.NextDouble() * total;
        for (var i = 0; i < containers.Count; i++)
        {
            pick -= weights[i];
            if (pick < 0) return (containers[i], description);
        }
        return (containers[^1], description);
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var endpoint in _endpoints.Values)
        {
            try
            {
                await endpoint.Work.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
            }
            // The records stay as they are: InService endpoints start again at the next open.
            await StopAllAsync(endpoint.TakeContainers()).ConfigureAwait(false);
        }
        _http.Dispose();
        _shutdown.Dispose();
    }

    // ---- Deployments ----

    private Deployment NewDeployment(string configName)
    {
        HostingErrors.ValidateName(configName, "endpointConfigName");
        if (!_configs.TryGetValue(configName, out var config))
            throw HostingErrors.EndpointConfigNotFound(HostingErrors.EndpointConfigArn(Region, Account, configName));
        var models = new List<DescribeModelOutput>();
        foreach (var variant in config.ProductionVariants)
            if (!_models.TryGetValue(variant.ModelName!, out var model))
                throw HostingErrors.ModelNotFound(HostingErrors.ModelArn(Region, Account, variant.ModelName!));
            else if (!models.Contains(model))
                models.Add(model);
        return new Deployment(Guid.NewGuid().ToString("N")[..12], config, models);
    }

    /// <summary>Starts the deployment's containers and waits until all are healthy; then it serves (the previous one
    /// stopped), or the endpoint is Failed (a creation) or back InService on the previous one (an update).</summary>
    private async Task DeployAsync(HostedEndpoint endpoint, Deployment deployment, bool initial, string? restartNote = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, endpoint.Cancel.Token);
        var started = new List<ServingContainer>();
        string? failure;
        try
        {
            failure = await StartAsync(endpoint, deployment, started, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAllAsync(started).ConfigureAwait(false);
            if (_shutdown.IsCancellationRequested && !endpoint.Cancel.IsCancellationRequested)
                return; // closing: the record stays and the next open deals with it
            throw;
        }
        catch (Exception e)
        {
            failure = $"ClientError: {e.Message}";
        }

        if (failure is not null)
        {
            await StopAllAsync(started).ConfigureAwait(false);
            TryDelete(Path.Combine(endpoint.Folder, deployment.Id));
            var now = Now;
            lock (endpoint.Gate)
            {
                if (endpoint.Cancel.IsCancellationRequested) return;
                endpoint.Update(r => r with
                {
                    Description = r.Description with
                    {
                        EndpointStatus = initial || r.Serving is null ? EndpointStatus.Failed : EndpointStatus.InService,
                        FailureReason = JobText.FailureReason(failure),
                        LastModifiedTime = now,
                    },
                    Processes = [.. endpoint.Containers.Select(c => c.Process)],
                });
            }
            return;
        }

        IReadOnlyList<ServingContainer> old;
        string? oldDeployment;
        lock (endpoint.Gate)
        {
            if (endpoint.Cancel.IsCancellationRequested)
            {
                old = started;
                oldDeployment = null;
            }
            else
            {
                oldDeployment = endpoint.Record.Serving?.Id;
                old = endpoint.SwapContainers(started);
                var now = Now;
                endpoint.Update(r => r with
                {
                    Serving = deployment,
                    Processes = [.. started.Select(c => c.Process)],
                    Description = r.Description with
                    {
                        EndpointStatus = EndpointStatus.InService,
                        EndpointConfigName = deployment.Config.EndpointConfigName,
                        FailureReason = restartNote,
                        LastModifiedTime = now,
                        ProductionVariants = [.. deployment.Config.ProductionVariants.Select(v => Summary(v, deployment, now))],
                    },
                });
            }
        }
        await StopAllAsync(old).ConfigureAwait(false);
        if (oldDeployment is not null && oldDeployment != deployment.Id) TryDelete(Path.Combine(endpoint.Folder, oldDeployment));
    }

    private async Task<string?> StartAsync(HostedEndpoint endpoint, Deployment deployment, List<ServingContainer> started, CancellationToken cancellationToken)
    {
        var name = endpoint.Record.Description.EndpointName;
        var pending = new List<(ServingContainer Container, TimeSpan Timeout)>();
        foreach (var variant in deployment.Config.ProductionVariants)
        {
            var model = deployment.ModelOf(variant);
            var container = model.PrimaryContainer ?? model.Containers![0];
            LocalImage image;
            try
            {
                image = _options.Images.Resolve(container.Image!);
            }
            catch (ImageNotFoundException e)
            {
                return $"Requested image {container.Image} not found. {e.Message}";
            }
            if (!new ExecutionRoleChecks(_options.ExecutionRoles, Region, Account).MayPull(model.ExecutionRoleArn, container.Image!))
                return ExecutionRoleErrors.EndpointImages(variant.VariantName);
            var optMl = Path.Combine(endpoint.Folder, deployment.Id, variant.VariantName, "opt", "ml");
            var modelFolder = Path.Combine(optMl, "model");
            TryDelete(optMl);
            Directory.CreateDirectory(modelFolder);
            if (container.ModelDataUrl is { } url && await ModelData.ExtractAsync(_options.ObjectStorage, url, modelFolder, cancellationToken).ConfigureAwait(false) is { } extractFailure)
                return extractFailure;
            var serving = await ServingContainer.StartAsync(image, optMl, container.Environment, variant.VariantName, _options.Logs,
                LogGroupPrefix + name, cancellationToken).ConfigureAwait(false);
            started.Add(serving);
            endpoint.Update(r => r with { Processes = [.. r.Processes, serving.Process] });
            var timeout = variant.ContainerStartupHealthCheckTimeoutInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.EndpointStartupTimeout;
            pending.Add((serving, timeout));
        }
        var reasons = await Task.WhenAll(pending.Select(p => p.Container.WaitHealthyAsync(_http, p.Timeout, cancellationToken))).ConfigureAwait(false);
        return reasons.FirstOrDefault(r => r is not null);
    }

    private ProductionVariantSummary Summary(ProductionVariant variant, Deployment deployment, DateTimeOffset now)
    {
        var model = deployment.ModelOf(variant);
        var image = (model.PrimaryContainer ?? model.Containers![0]).Image;
        return new ProductionVariantSummary
        {
            VariantName = variant.VariantName,
            DeployedImages = [new DeployedImage { SpecifiedImage = image, ResolvedImage = _options.Images.TryResolve(image!)?.Uri ?? image, ResolutionTime = now }],
            CurrentWeight = variant.InitialVariantWeight ?? 1.0,
            DesiredWeight = variant.InitialVariantWeight ?? 1.0,
            CurrentInstanceCount = variant.InitialInstanceCount ?? 1,
            DesiredInstanceCount = variant.InitialInstanceCount ?? 1,
        };
    }

    /// <summary>An endpoint the last run left: its processes (if they outlived it) are killed; one that served starts
    /// again (SystemUpdating until healthy), one being created is Failed, one being deleted is gone.</summary>
    private void Recover(HostedEndpoint endpoint)
    {
        var record = endpoint.Record;
        foreach (var process in record.Processes)
            ServingContainer.KillLeftover(process);
        var description = record.Description;
        var name = description.EndpointName;
        if (description.EndpointStatus == EndpointStatus.Deleting)
        {
            TryDelete(endpoint.Folder);
            return;
        }
        _endpoints[name] = endpoint;
        if (description.EndpointStatus == EndpointStatus.Failed) return;
        if (record.Serving is not { } serving)
        {
            endpoint.Update(r => r with
            {
                Processes = [],
                Description = r.Description with
                {
                    EndpointStatus = EndpointStatus.Failed,
                    FailureReason = "InternalServerError: The local cloud restarted while this endpoint was being created, and its containers were lost. Delete it and create it again.",
                    LastModifiedTime = Now,
                },
            });
            return;
        }
        var note = description.EndpointStatus == EndpointStatus.Updating
            ? "The local cloud restarted while this endpoint was being updated; it serves its previous endpoint configuration. Update it again."
            : null;
        endpoint.Update(r => r with { Processes = [], Description = r.Description with { EndpointStatus = EndpointStatus.SystemUpdating, LastModifiedTime = Now } });
        endpoint.Work = Task.Run(() => DeployAsync(endpoint, serving, initial: true, restartNote: note));
    }

    private HostedEndpoint Find(string name)
    {
        HostingErrors.ValidateName(name, "endpointName");
        return _endpoints.TryGetValue(name, out var endpoint) ? endpoint : throw HostingErrors.EndpointNotFound(HostingErrors.EndpointArn(Region, Account, name));
    }

    private async Task<bool> ExistsAsync(S3Location location, CancellationToken cancellationToken)
    {
        try
        {
            var page = await _options.ObjectStorage.ListObjectsV2Async(new ListObjectsV2Request { Bucket = location.Bucket, Prefix = location.Key, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
            return page.Contents.Count > 0 && page.Contents[0].Key == location.Key;
        }
        catch (S3Exception)
        {
            return false;
        }
    }

    private static async Task StopAllAsync(IEnumerable<ServingContainer> containers) =>
        await Task.WhenAll(containers.Select(c => c.StopAsync(StopGrace))).ConfigureAwait(false);

    /// <summary>SageMaker's paging: MaxResults 1–100 (10), NextToken an offset here, SortBy CreationTime (default),
    /// Name or Status, SortOrder Descending by default.</summary>
    private static (List<T> Items, string? Next) Page<T>(IEnumerable<T> items, Func<T, string> name, Func<T, DateTimeOffset> created, Func<T, string>? status,
        string? sortBy, IReadOnlyList<string> sortKeys, string? sortOrder, int? maxResults, string? nextToken)
    {
        var max = maxResults ?? 10;
        if (max is < 1 or > 100)
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(max.ToString(CultureInfo.InvariantCulture), "maxResults",
                max < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 100")]);
        if (sortBy is not null && !sortKeys.Contains(sortBy))
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(sortBy, "sortBy", $"Member must satisfy enum value set: [{string.Join(", ", sortKeys)}]")]);
        if (sortOrder is not null && !OrderKey.Values.Contains(sortOrder))
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(sortOrder, "sortOrder", $"Member must satisfy enum value set: [{string.Join(", ", OrderKey.Values)}]")]);
        var offset = 0;
        if (nextToken is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
            throw SageMakerErrors.Validation($"Invalid pagination token: {token}");
        var sorted = sortBy switch
        {
            "Name" => items.OrderBy(name, StringComparer.Ordinal),
            "Status" when status is not null => items.OrderBy(status, StringComparer.Ordinal).ThenBy(created),
            _ => items.OrderBy(created).ThenBy(name, StringComparer.Ordinal),
        };
        var ordered = (sortOrder ?? OrderKey.Descending) == OrderKey.Descending ? sorted.Reverse().ToList() : sorted.ToList();
        return ([.. ordered.Skip(offset).Take(max)], offset + max < ordered.Count ? (offset + max).ToString(CultureInfo.InvariantCulture) : null);
    }


    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>One endpoint: its record (saved at every change), the containers serving it and its deployment in progress.</summary>
internal sealed class HostedEndpoint(string folder, EndpointRecord record)
{
    private EndpointRecord _record = record;
    private IReadOnlyList<ServingContainer> _containers = [];

    public string Folder { get; } = folder;

    public Lock Gate { get; } = new();

    public CancellationTokenSource Cancel { get; } = new();

    public Task Work { get; set; } = Task.CompletedTask;

    public EndpointRecord Record
    {
        get { lock (Gate) return _record; }
    }

    public IReadOnlyList<ServingContainer> Containers
    {
        get { lock (Gate) return _containers; }
    }

    public IReadOnlyList<ServingContainer> SwapContainers(IReadOnlyList<ServingContainer> next)
    {
        lock (Gate)
        {
            var old = _containers;
            _containers = next;
            return old;
        }
    }

    public IReadOnlyList<ServingContainer> TakeContainers() => SwapContainers([]);

    public void Update(Func<EndpointRecord, EndpointRecord> change)
    {
        lock (Gate)
        {
            _record = change(_record);
            HostingRecords.Save(Path.Combine(Folder, EndpointRecord.FileName), _record.ToJson());
        }
    }

    public void Save() => Update(r => r);
}

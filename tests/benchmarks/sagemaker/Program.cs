using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Local.Images;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

// The local SageMaker's phases — training job (staging data, container training, tarring/upload) → model → endpoint
// (startup to InService) → first invocation — against the same container run directly as processes on a prepared
// /opt/ml (the peer: what the container itself costs), in the same run. Local overhead = our total minus the container's
// own training, serve startup and first answer; the issue's budget for it is 5 s.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = Options.Parse(args);
if (options is null) return 2;

var root = Directory.CreateTempSubdirectory("stepwise-bench-sm-").FullName;
try
{
    Console.WriteLine($"Publishing {options.Container} as a local image…");
    var publishing = Stopwatch.StartNew();
    var image = await new LocalImages(Path.Combine(root, "published")).PublishAsync(options.Container, "bench:latest");
    Console.WriteLine($"  published in {publishing.Elapsed.TotalSeconds:F1} s (not timed below); {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    Console.WriteLine($"  {(options.Data is { } d ? d : $"{options.Files} input files of {options.FileKb} KB")}; hyperparameters: {string.Join(", ", options.Hyperparameters.Select(h => $"{h.Key}={h.Value}"))}");

    var ours = new List<Run>();
    var direct = new List<Direct>();
    for (var i = 0; i <= options.Runs; i++)
    {
        var run = await LocalRun.RunAsync(image, options, i);
        var peer = await Peer.RunAsync(image, run.OptMl, options, Path.Combine(root, $"direct-{i}"));
        if (i == 0)
        {
            Console.WriteLine($"  warm-up run: {run.TotalMs:F0} ms (not counted)");
            run.Dispose();
            continue;
        }
        ours.Add(run);
        direct.Add(peer);
        Console.WriteLine($"  run {i}: total {run.TotalMs:F0} ms, direct {peer.TrainMs + peer.StartupMs + peer.InvokeMs:F0} ms");
        run.Dispose();
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
    var rows = new (string Phase, double Ours, double? Direct)[]
    {
        ("staging data (CreateTrainingJob → Training: /opt/ml laid out, channels copied)", Median(ours.Select(r => r.StagingMs)), null),
        ("container training (Training → Uploading; the peer: `train` on a prepared /opt/ml)", Median(ours.Select(r => r.TrainingMs)), Median(direct.Select(d => d.TrainMs))),
        ("tarring/upload (Uploading → Completed: model.tar.gz, output.tar.gz to S3)", Median(ours.Select(r => r.UploadMs)), null),
        ("model + config + endpoint startup to InService (the peer: `serve` to /ping 200)", Median(ours.Select(r => r.EndpointMs)), Median(direct.Select(d => d.StartupMs))),
        ("first invocation (InvokeEndpoint; the peer: POST /invocations)", Median(ours.Select(r => r.InvokeMs)), Median(direct.Select(d => d.InvokeMs))),
        ("total", Median(ours.Select(r => r.TotalMs)), Median(direct.Select(d => d.TrainMs + d.StartupMs + d.InvokeMs))),
    };
    var width = rows.Max(r => r.Phase.Length);
    Console.WriteLine();
    Console.WriteLine($"| {("phase (median of " + options.Runs + " runs)").PadRight(width)} | Stepwise local ms | direct process ms |  ratio |");
    Console.WriteLine($"|{new string('-', width + 2)}|------------------:|------------------:|-------:|");
    foreach (var (phase, mine, theirs) in rows)
        Console.WriteLine($"| {phase.PadRight(width)} | {mine,17:F0} | {(theirs is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "—"),17} | {(theirs is { } peerMs && peerMs > 0 ? $"{mine / peerMs:F2}×" : "—"),6} |");
    var overheads = ours.Zip(direct, (r, d) => r.TotalMs - d.TrainMs - d.StartupMs - d.InvokeMs).ToList();
    var overhead = Median(overheads);
    Console.WriteLine();
    Console.WriteLine($"local overhead = total − the container's own training, serve startup and first answer (measured directly in the same run):");
    Console.WriteLine($"  median {overhead:F0} ms (runs: {string.Join(", ", overheads.Select(o => o.ToString("F0", CultureInfo.InvariantCulture)))}); budget 5000 ms: {(overhead <= 5000 ? "within" : "OVER")}");
    return overhead <= 5000 ? 0 : 1;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

/// <summary>The command line.</summary>
internal sealed record Options(string Container, int Runs, int Files, int FileKb, Dictionary<string, string> Hyperparameters, string? Data)
{
    public static Options? Parse(string[] args)
    {
        var container = Path.Combine(RepositoryRoot(), "tests", "fixtures", "TinyContainer", "TinyContainer.csproj");
        int runs = 5, files = 20, kb = 64;
        string? data = null;
        var hyperparameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["epochs"] = "1" };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--container": container = Path.GetFullPath(Next()); break;
                case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--files": files = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--file-kb": kb = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--data": data = Path.GetFullPath(Next()); break;
                case "--hyperparameter":
                    var pair = Next().Split('=', 2);
                    hyperparameters[pair[0]] = pair.Length > 1 ? pair[1] : "";
                    break;
                default:
                    Console.Error.WriteLine("""
                        usage: dotnet run -c Release --project tests/benchmarks/sagemaker -- [--container <project>] [--runs 5] [--files 20] [--file-kb 64] [--data <folder>] [--hyperparameter k=v]…
                          --container  the container project to publish as the image (default tests/fixtures/TinyContainer; e.g. lib/Stepwise.Container)
                          --data       a folder uploaded as the training channel instead of --files synthetic files (a real container's dataset)
                        """);
                    return null;
            }
        }
        return new Options(container, runs, files, kb, hyperparameters, data);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Notebooks.sln"))) folder = folder.Parent;
        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>One run on the local cloud: the phases in milliseconds, and the job's <c>opt/ml</c> (kept for the peer).</summary>
internal sealed record Run(double StagingMs, double TrainingMs, double UploadMs, double EndpointMs, double InvokeMs, double TotalMs, string OptMl, IAsyncDisposable Environment) : IDisposable
{
    public void Dispose() => Environment.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>The same container run directly: <c>train</c> to exit, <c>serve</c> to /ping 200, the first POST /invocations.</summary>
internal sealed record Direct(double TrainMs, double StartupMs, double InvokeMs);

internal static class LocalRun
{
    public static async Task<Run> RunAsync(LocalImage image, Options options, int index)
    {
        var environment = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { StartHost = false });
        var cloud = environment.Cloud;
        var target = Path.Combine(cloud.Images.Root, "bench", "latest");
        foreach (var file in Directory.EnumerateFiles(image.Directory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(image.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
        var uri = cloud.Images.Resolve("bench:latest").Uri;
        await cloud.S3.CreateBucketAsync("bench");
        if (options.Data is { } data)
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
            {
                await using var stream = File.OpenRead(file);
                await cloud.S3.PutObjectAsync("bench", "data/train/" + Path.GetRelativePath(data, file).Replace('\\', '/'), stream);
            }
        else
        {
            var content = new string('x', options.FileKb * 1024);
            for (var f = 0; f < options.Files; f++)
                await cloud.S3.PutTextAsync("bench", $"data/train/part-{f:000}.txt", content);
        }

        var name = $"bench-{index}";
        var total = Stopwatch.StartNew();
        await cloud.SageMaker.CreateTrainingJobAsync(new CreateTrainingJobRequest
        {
            TrainingJobName = name,
            RoleArn = "arn:aws:iam::123456789012:role/SageMakerRole",
            AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = uri, TrainingInputMode = TrainingInputMode.File },
            HyperParameters = options.Hyperparameters,
            InputDataConfig = [new Channel { ChannelName = "training", DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = "s3://bench/data/train" } } }],
            OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://bench/output" },
            ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 1 },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
        });
        var job = await cloud.SageMaker.WaitForTrainingJobAsync(name);
        if (job.TrainingJobStatus != TrainingJobStatus.Completed)
            throw new InvalidOperationException($"The training job ended {job.TrainingJobStatus}: {job.FailureReason}");
        var trainingAt = job.SecondaryStatusTransitions!.First(t => t.Status == SecondaryStatus.Training).StartTime;
        var uploadingAt = job.SecondaryStatusTransitions!.First(t => t.Status == SecondaryStatus.Uploading).StartTime;
        var staging = (trainingAt - job.CreationTime).TotalMilliseconds;
        var training = (uploadingAt - trainingAt).TotalMilliseconds;
        var upload = (job.TrainingEndTime!.Value - uploadingAt).TotalMilliseconds;

        var endpointClock = Stopwatch.StartNew();
        await cloud.SageMaker.CreateModelAsync(new CreateModelInput
        {
            ModelName = name, ExecutionRoleArn = "arn:aws:iam::123456789012:role/SageMakerRole",
            PrimaryContainer = new ContainerDefinition { Image = uri, ModelDataUrl = job.ModelArtifacts.S3ModelArtifacts },
        });
        await cloud.SageMaker.CreateEndpointConfigAsync(new CreateEndpointConfigInput
        {
            EndpointConfigName = name,
            ProductionVariants = [new ProductionVariant { VariantName = "AllTraffic", ModelName = name, InitialInstanceCount = 1, InstanceType = "ml.m5.large" }],
        });
        await cloud.SageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = name, EndpointConfigName = name });
        var endpoint = await cloud.SageMaker.WaitForEndpointAsync(name);
        if (endpoint.EndpointStatus != EndpointStatus.InService)
            throw new InvalidOperationException($"The endpoint ended {endpoint.EndpointStatus}: {endpoint.FailureReason}");
        var endpointMs = endpointClock.Elapsed.TotalMilliseconds;

        var invoke = Stopwatch.StartNew();
        await cloud.SageMakerRuntime.InvokeEndpointAsync(new InvokeEndpointInput { EndpointName = name, Body = Encoding.UTF8.GetBytes("1,2,3"), ContentType = "text/csv" });
        var invokeMs = invoke.Elapsed.TotalMilliseconds;
        var totalMs = total.Elapsed.TotalMilliseconds;
        return new Run(staging, training, upload, endpointMs, invokeMs, totalMs,
            Path.Combine(cloud.DataDirectory, "sagemaker", "training-jobs", name, "opt", "ml"), environment);
    }
}

internal static class Peer
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The container on a copy of the job's prepared <c>/opt/ml</c> (its config and channels), as processes.</summary>
    public static async Task<Direct> RunAsync(LocalImage image, string jobOptMl, Options options, string folder)
    {
        var optMl = Path.Combine(folder, "opt", "ml");
        CopyTree(Path.Combine(jobOptMl, "input"), Path.Combine(optMl, "input"));
        Directory.CreateDirectory(Path.Combine(optMl, "model"));
        Directory.CreateDirectory(Path.Combine(optMl, "output", "data"));

        var train = image.StartInfo("train");
        train.Environment["STEPWISE_OPT_ML"] = optMl;
        var clock = Stopwatch.StartNew();
        using (var process = Process.Start(train)!)
        {
            process.StandardInput.Close();
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            await process.WaitForExitAsync();
            await drain;
            if (process.ExitCode != 0) throw new InvalidOperationException($"train exited {process.ExitCode}");
        }
        var trainMs = clock.Elapsed.TotalMilliseconds;

        var port = FreePort();
        var serve = image.StartInfo("serve");
        serve.Environment["STEPWISE_OPT_ML"] = optMl;
        serve.Environment["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        clock.Restart();
        using var server = Process.Start(serve)!;
        server.StandardInput.Close();
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            while (true)
            {
                if (server.HasExited) throw new InvalidOperationException($"serve exited {server.ExitCode}");
                try
                {
                    using var ping = await Http.GetAsync(new Uri(baseUri, "ping"));
                    if (ping.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(10);
            }
            var startupMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            using (var answer = await Http.PostAsync(new Uri(baseUri, "invocations"), new StringContent("1,2,3", Encoding.UTF8, "text/csv")))
                await answer.Content.ReadAsByteArrayAsync();
            return new Direct(trainMs, startupMs, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using Stepwise.Aws.SageMaker;
using Stepwise.Local;
using Stepwise.Local.Images;
using Stepwise.Local.Testing;

namespace Stepwise.EndToEnd.Tests;

/// <summary>Once per test run: a temporary local cloud, lib/Stepwise.Container published into it as
/// <c>stepwise-maskrcnn:latest</c>, and a synthetic dataset made by the container's own <c>make-dataset</c> verb,
/// uploaded to the pipeline's bucket under <c>data/e2e/</c> in the PennFudan layout; the last image is held out.</summary>
public sealed class MaskRCnnCloudFixture : IAsyncLifetime
{
    public const string Tag = "stepwise-maskrcnn:latest";
    public const string DataPrefix = "data/e2e";

    /// <summary>Images uploaded for training; one more is made and held out.</summary>
    public const int TrainingImages = 12;

    private readonly string _scratch = Directory.CreateTempSubdirectory("stepwise-e2e-").FullName;

    public LocalCloudEnvironment Environment { get; private set; } = null!;

    public LocalCloud Cloud => Environment.Cloud;

    public LocalImage Image { get; private set; } = null!;

    /// <summary>A PNG of the same generator that training never saw.</summary>
    public byte[] HeldOutPng { get; private set; } = [];

    /// <summary>Phase timings of the setup, for the test output.</summary>
    public List<string> Timings { get; } = [];

    public List<string> PublishOutput { get; } = [];

    public async Task InitializeAsync()
    {
        Environment = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { StartHost = false });

        var clock = Stopwatch.StartNew();
        var project = Path.Combine(RepositoryRoot(), "lib", "Stepwise.Container", "Stepwise.Container.csproj");
        using (var publish = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
            Image = await Cloud.Images.PublishAsync(project, Tag, new ImagePublishOptions { Progress = new ListProgress(PublishOutput) }, publish.Token);
        var program = Path.Combine(Image.Directory, LocalImages.ProgramFolder);
        Timings.Add($"publish: {clock.Elapsed.TotalSeconds:F1} s ({FolderMegabytes(program):F0} MB)");

        clock.Restart();
        var dataset = Path.Combine(_scratch, "dataset");
        await RunProgramAsync(program, "make-dataset", "--out", dataset, "--count", (TrainingImages + 1).ToString(), "--seed", "1");
        var images = Directory.GetFiles(Path.Combine(dataset, "PNGImages"), "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(TrainingImages + 1, images.Length);
        var heldOut = images[^1];
        HeldOutPng = await File.ReadAllBytesAsync(heldOut);
        var heldOutMask = Path.GetFileNameWithoutExtension(heldOut) + "_mask.png";

        var bucket = new Uri(Resources.Bucket).Host;
        await Cloud.S3.CreateBucketAsync(bucket);
        var uploaded = 0;
        foreach (var file in Directory.EnumerateFiles(dataset, "*", SearchOption.AllDirectories))
        {
            if (file == heldOut || Path.GetFileName(file) == heldOutMask) continue;
            var key = $"{DataPrefix}/{Path.GetRelativePath(dataset, file).Replace(Path.DirectorySeparatorChar, '/')}";
            await using var content = File.OpenRead(file);
            await Cloud.S3.PutObjectAsync(bucket, key, content);
            uploaded++;
        }
        Timings.Add($"dataset: {clock.Elapsed.TotalSeconds:F1} s (make-dataset --count {TrainingImages + 1}, {uploaded} objects uploaded)");

        Cloud.Lambda.Register("stepwise-build-container", _ => new System.Text.Json.Nodes.JsonObject
        {
            ["ImageUri"] = Image.Uri,
            ["Status"] = "SUCCEEDED",
        });
    }

    public Workbook.PipelineResources Resources => new(Cloud.AccountId, Cloud.Region);

    /// <summary>Deletes every endpoint (no <c>serve</c> process outlives the tests), then the cloud.</summary>
    public async Task DisposeAsync()
    {
        if (Environment is not null)
        {
            try
            {
                var endpoints = await Cloud.SageMaker.ListEndpointsAsync(new ListEndpointsInput());
                foreach (var endpoint in endpoints.Endpoints ?? [])
                    await Cloud.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = endpoint.EndpointName });
            }
            finally
            {
                await Environment.DisposeAsync();
            }
        }
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunProgramAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(program, "Stepwise.Container.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"Stepwise.Container {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
    }

    private static double FolderMegabytes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Notebooks.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("Notebooks.sln not found above the test assembly.");
    }

    private sealed class ListProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines) lines.Add(value);
        }
    }
}

using System.Diagnostics;
using Stepwise.Local;
using Stepwise.Local.Images;
using Stepwise.Local.S3;

namespace Stepwise.Workbook;

/// <summary>What the pipeline needs before it runs, made on the local cloud: the container image (on AWS, notebook 02
/// builds it into ECR) and a training dataset in the bucket (on AWS, uploaded by you).</summary>
/// <param name="Image">The published container, addressed by its ECR URI.</param>
/// <param name="SampleImage">A PNG of the same generator that training never saw, to send to the endpoint.</param>
public sealed record LocalPipelineData(LocalImage Image, byte[] SampleImage)
{
    /// <summary>Where the held-out images (<c>PNGImages/</c>) and their masks (<c>PedMasks/</c>) go in the bucket:
    /// never trained on, read by notebook 05 (<see cref="HeldOutSet"/>) and the input folder of its batch transform.</summary>
    public const string HeldOutPrefix = "data/heldout";

    /// <summary>The repository and tag the container is published under.</summary>
    public const string Tag = "stepwise-maskrcnn:latest";

    /// <summary>Publishes <c>lib/Stepwise.Container</c> as <see cref="Tag"/> and uploads a synthetic dataset made by the
    /// container's own <c>make-dataset</c> to <c>{bucket}/data/pennfudan/</c> (the PennFudan layout the pipeline trains on).</summary>
    /// <remarks>The pipeline's first state invokes the builder function, which notebook 02 deploys: when it is not
    /// deployed yet, this deploys it as notebook 02 does (<see cref="Build.ContainerBuild.DeployBuilderAsync"/>).</remarks>
    public static async Task<LocalPipelineData> PrepareAsync(ICloud cloud, PipelineResources resources, TextWriter? log = null,
        int images = 12, int heldOut = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        if (cloud.Kind != BackendKind.Local)
            throw new InvalidOperationException("LocalPipelineData.PrepareAsync prepares the local cloud; on AWS, notebook 02 builds the image and the data goes to S3 yourself.");
        log ??= Console.Out;
        await Iam.LocalRoles.EnsureAsync(cloud, log, cancellationToken).ConfigureAwait(false);
        var prepared = await PrepareAsync(cloud.Local, resources, log, images, heldOut: heldOut, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await cloud.Lambda.GetFunctionAsync(new Stepwise.Aws.Lambda.GetFunctionRequest { FunctionName = PipelineResources.BuilderFunction }, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"The builder function {PipelineResources.BuilderFunction} is deployed (notebook 02).");
        }
        catch (Stepwise.Aws.Lambda.LambdaException e) when (e.ErrorCode == Stepwise.Aws.Lambda.LambdaErrorCodes.ResourceNotFoundException)
        {
            log.WriteLine($"The builder function {PipelineResources.BuilderFunction} is not deployed yet (notebook 02 does it): deploying it now.");
            await Build.ContainerBuild.DeployBuilderAsync(cloud, resources, log, cancellationToken).ConfigureAwait(false);
        }
        return prepared;
    }

    /// <summary>As <see cref="PrepareAsync(ICloud, PipelineResources, TextWriter?, int, int, CancellationToken)"/>, on a local
    /// cloud itself, with the dataset under <paramref name="dataPrefix"/> of the bucket and <paramref name="heldOut"/>
    /// more images, with their masks, under <see cref="HeldOutPrefix"/>.</summary>
    public static async Task<LocalPipelineData> PrepareAsync(LocalCloud local, PipelineResources resources, TextWriter? log = null,
        int images = 12, string dataPrefix = "data/pennfudan", int heldOut = 4, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heldOut, 1);
        log ??= Console.Out;
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(WorkbookRepository.Root(), "lib", "Stepwise.Container", "Stepwise.Container.csproj");
        log.WriteLine($"Publishing {Path.GetFileName(project)} as the local image {Tag} (dotnet publish) …");
        var image = await local.Images.PublishAsync(project, Tag, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"  {image.Uri} in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var scratch = Directory.CreateTempSubdirectory("stepwise-dataset-").FullName;
        try
        {
            var dataset = Path.Combine(scratch, "dataset");
            await RunAsync(image, cancellationToken, "make-dataset", "--out", dataset, "--count", (images + heldOut).ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "1").ConfigureAwait(false);
            var pngs = Directory.GetFiles(Path.Combine(dataset, "PNGImages"), "*.png").Order(StringComparer.Ordinal).ToArray();
            var held = pngs[^heldOut..].Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
            var bucket = new Uri(resources.Bucket).Host;
            try
            {
                await local.S3.CreateBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
            }
            catch (S3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
            {
            }
            var uploaded = 0;
            foreach (var file in Directory.EnumerateFiles(dataset, "*", SearchOption.AllDirectories))
            {
                var stem = Path.GetFileNameWithoutExtension(file);
                var isHeldOut = held.Contains(stem.EndsWith("_mask", StringComparison.Ordinal) ? stem[..^"_mask".Length] : stem);
                var key = (isHeldOut ? HeldOutPrefix : dataPrefix.TrimEnd('/')) + "/" + Path.GetRelativePath(dataset, file).Replace(Path.DirectorySeparatorChar, '/');
                await using var content = File.OpenRead(file);
                await local.S3.PutObjectAsync(bucket, key, content, cancellationToken: cancellationToken).ConfigureAwait(false);
                uploaded++;
            }
            log.WriteLine($"Dataset: {images} synthetic images and their masks in {resources.Bucket}/{dataPrefix.TrimEnd('/')}/, {heldOut} held out in {resources.Bucket}/{HeldOutPrefix}/ ({uploaded} objects), in {clock.Elapsed.TotalSeconds:F1} s");
            return new LocalPipelineData(image, await File.ReadAllBytesAsync(pngs[^heldOut], cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task RunAsync(LocalImage image, CancellationToken cancellationToken, params string[] args)
    {
        var program = Path.Combine(image.Directory, LocalImages.ProgramFolder, "Stepwise.Container.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(program);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Stepwise.Container {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
    }
}

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
    public const string DataPrefix = "data/e2e";

    /// <summary>Images uploaded for training; one more is made and held out.</summary>
    public const int TrainingImages = 12;

    public LocalCloudEnvironment Environment { get; private set; } = null!;

    public LocalCloud Cloud => Environment.Cloud;

    public LocalImage Image { get; private set; } = null!;

    /// <summary>A PNG of the same generator that training never saw.</summary>
    public byte[] HeldOutPng { get; private set; } = [];

    /// <summary>Phase timings of the setup, for the test output.</summary>
    public List<string> Timings { get; } = [];

    public async Task InitializeAsync()
    {
        Environment = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { StartHost = false });

        // What notebook 04 does: publish the container as a local image, upload a synthetic dataset, hold one image out.
        var log = new StringWriter();
        using (var setup = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            var prepared = await Workbook.LocalPipelineData.PrepareAsync(Cloud, Resources, log, TrainingImages, DataPrefix, heldOut: 1, cancellationToken: setup.Token);
            Image = prepared.Image;
            HeldOutPng = prepared.SampleImage;
        }
        Timings.AddRange(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
        if (Environment is null)
            return;
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
}

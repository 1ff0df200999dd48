using Amazon.S3.Model;
using Stepwise.Local.Testing;
using Stepwise.Vision.Data;

namespace Stepwise.Workbook.Tests;

/// <summary>Notebook 05's library side: finding the pipeline's endpoint, and reading the held-out images with their ground truth.</summary>
public sealed class PipelineRunTests : IAsyncLifetime
{
    private LocalCloudEnvironment _environment = null!;

    public async Task InitializeAsync() => _environment = await LocalCloudEnvironment.StartTemporaryAsync();

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    private BackendOptions AwsAtLocal() => new()
    {
        Log = TextWriter.Null,
        Environment = new Dictionary<string, string>
        {
            ["STEPWISE_BACKEND"] = "aws",
            ["AWS_ENDPOINT_URL"] = _environment.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "local-test-secret",
        },
    };

    [Fact]
    public async Task On_AWS_without_an_endpoint_EnsureEndpoint_says_to_run_notebook_04_and_starts_nothing()
    {
        await using var cloud = await Backend.ConnectAsync(AwsAtLocal());

        Assert.Null(await PipelineRun.FindEndpointAsync(cloud));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PipelineRun.EnsureEndpointAsync(cloud, PipelineResources.For(cloud), TextWriter.Null));
        Assert.Contains("run notebook 04", error.Message);
        Assert.Contains(PipelineResources.RunPrefix + "*", error.Message);
    }

    [Fact]
    public async Task HeldOutSet_reads_each_image_with_one_ground_truth_object_per_mask_instance()
    {
        await using var cloud = await Backend.ConnectAsync(AwsAtLocal());
        var resources = PipelineResources.For(cloud);
        var bucket = new Uri(resources.Bucket).Host;
        await cloud.S3.PutBucketAsync(bucket);
        var labels = new byte[8 * 6];
        labels[1 * 8 + 1] = labels[1 * 8 + 2] = 1; // instance 1: row 1, columns 1–2
        labels[4 * 8 + 6] = 2;                     // instance 2: row 4, column 6
        var png = PngCodec.EncodeRgb(RgbImage.Blank(8, 6));
        await cloud.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "data/heldout/PNGImages/Img01.png", InputStream = new MemoryStream(png) });
        await cloud.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "data/heldout/PedMasks/Img01_mask.png", InputStream = new MemoryStream(PngCodec.EncodeGray(new LabelImage(8, 6, labels))) });

        var heldOut = Assert.Single(await HeldOutSet.LoadAsync(cloud, resources));

        Assert.Equal("Img01", heldOut.Name);
        Assert.Equal(png, heldOut.Png);
        Assert.Equal([2, 1], heldOut.Truth.Select(t => t.Mask!.Area()));
        Assert.All(heldOut.Truth, t => Assert.Equal(1, t.Label));
        Assert.Equal($"{resources.Bucket}/data/heldout/PNGImages/", HeldOutSet.ImagesUri(resources));
    }
}

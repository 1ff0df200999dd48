using Amazon.S3;
using Amazon.S3.Model;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Workbook;

/// <summary>One held-out image (PNG bytes) and its ground truth, read from its PedMasks-format mask.</summary>
public sealed record HeldOutImage(string Name, byte[] Png, IReadOnlyList<GroundTruthObject> Truth);

/// <summary>The images training never saw, with their masks, under <c>{bucket}/{prefix}/PNGImages/</c> and <c>PedMasks/</c>
/// (<see cref="LocalPipelineData.HeldOutPrefix"/>; on AWS, put yours there in the PennFudan layout).</summary>
public static class HeldOutSet
{
    /// <summary>The folder of the held-out images, as an <c>s3://</c> URI (the input of notebook 05's batch transform).</summary>
    public static string ImagesUri(PipelineResources resources, string prefix = LocalPipelineData.HeldOutPrefix) =>
        $"{resources.Bucket}/{prefix.TrimEnd('/')}/PNGImages/";

    /// <summary>Reads every held-out image and its mask (label 1, pedestrian, for each instance of the mask).</summary>
    public static async Task<IReadOnlyList<HeldOutImage>> LoadAsync(ICloud cloud, PipelineResources resources, string prefix = LocalPipelineData.HeldOutPrefix,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(resources);
        var bucket = new Uri(resources.Bucket).Host;
        var folder = prefix.TrimEnd('/');
        var listed = await cloud.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = folder + "/PNGImages/" }, cancellationToken).ConfigureAwait(false);
        var images = new List<HeldOutImage>();
        foreach (var key in (listed.S3Objects ?? []).Select(o => o.Key).Where(k => k.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(key);
            var png = await ReadAsync(cloud.S3, bucket, key, cancellationToken).ConfigureAwait(false);
            var labels = PngCodec.DecodeLabels(await ReadAsync(cloud.S3, bucket, $"{folder}/PedMasks/{name}_mask.png", cancellationToken).ConfigureAwait(false));
            var truth = new List<GroundTruthObject>();
            foreach (var id in labels.InstanceIds())
            {
                var mask = labels.MaskOf(id);
                if (mask.BoundingBox() is { } box)
                    truth.Add(new GroundTruthObject(1, box, mask));
            }
            images.Add(new HeldOutImage(name, png, truth));
        }
        return images;
    }

    private static async Task<byte[]> ReadAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

using System.Formats.Tar;
using System.IO.Compression;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>A model's ModelDataUrl (a model.tar.gz) extracted into the <c>opt/ml/model</c> of the container serving it.</summary>
internal static class ModelData
{
    /// <summary>Null once extracted; else SageMaker's reason.</summary>
    public static async Task<string?> ExtractAsync(IObjectStorage storage, string url, string folder, CancellationToken cancellationToken)
    {
        var location = S3Location.TryParse(url)!;
        try
        {
            await using var content = await storage.GetObjectAsync(location.Bucket, location.Key, null, cancellationToken).ConfigureAwait(false);
            await using var gzip = new GZipStream(content.Content, CompressionMode.Decompress);
            await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (S3Exception e)
        {
            return $"Failed to download model data from URL \"{url}\": {e.ErrorCode}: {e.Message}";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            return $"Failed to extract model data archive from URL \"{url}\". Please ensure that the object located at the URL is a valid tar.gz archive. ({e.Message})";
        }
    }
}

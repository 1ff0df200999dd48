using System.Runtime.CompilerServices;
using System.Text;

namespace Stepwise.Local.S3;

/// <summary>Text and listing conveniences over <see cref="IObjectStorage"/>.</summary>
public static class ObjectStorageExtensions
{
    /// <summary>The object's bytes as UTF-8 text.</summary>
    public static async Task<string> GetTextAsync(this IObjectStorage storage, string bucket, string key, CancellationToken cancellationToken = default)
    {
        await using var content = await storage.GetObjectAsync(bucket, key, null, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores <paramref name="text"/> as UTF-8.</summary>
    public static Task<S3ObjectInfo> PutTextAsync(this IObjectStorage storage, string bucket, string key, string text,
        string contentType = "text/plain; charset=utf-8", CancellationToken cancellationToken = default) =>
        storage.PutObjectAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), new PutObjectOptions { ContentType = contentType }, cancellationToken);

    /// <summary>Every object under <paramref name="prefix"/>, following continuation tokens.</summary>
    public static async IAsyncEnumerable<S3ObjectInfo> ListAllAsync(this IObjectStorage storage, string bucket, string prefix = "",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await storage.ListObjectsV2Async(new ListObjectsV2Request { Bucket = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Contents) yield return entry;
            token = page.NextContinuationToken;
        }
        while (token is not null);
    }
}

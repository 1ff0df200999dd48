namespace Stepwise.Local.S3;

/// <summary>The slice of S3 that other local services need (Step Functions' distributed Map, SageMaker's channels):
/// read, write and list objects. <see cref="LocalS3"/> implements it; failures are <see cref="S3Exception"/>s with S3's
/// codes, which each caller translates into its own service's error names.</summary>
public interface IObjectStorage
{
    /// <summary>Opens an object (or a range of it); NoSuchBucket, NoSuchKey, InvalidRange.</summary>
    Task<S3ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Stores an object atomically, replacing any with that key; NoSuchBucket.</summary>
    Task<S3ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, PutObjectOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>One page of keys; NoSuchBucket, InvalidArgument.</summary>
    Task<ListObjectsV2Result> ListObjectsV2Async(ListObjectsV2Request request, CancellationToken cancellationToken = default);
}

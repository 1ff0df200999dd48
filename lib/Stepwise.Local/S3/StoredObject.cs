using System.Text.Json.Serialization;

namespace Stepwise.Local.S3;

/// <summary>The metadata footer of an object file (see <see cref="ObjectFile"/>).</summary>
internal sealed record StoredObject(
    string Key,
    string ETag,
    DateTimeOffset LastModified,
    string ContentType,
    Dictionary<string, string> Headers,
    Dictionary<string, string> Metadata,
    int? PartsCount = null);

[JsonSerializable(typeof(StoredObject))]
[JsonSerializable(typeof(StoredUpload))]
[JsonSerializable(typeof(StoredBucket))]
internal sealed partial class S3StorageJsonContext : JsonSerializerContext;

/// <summary>An open multipart upload: <c>uploads/{id}/upload.json</c>.</summary>
internal sealed record StoredUpload(string Key, DateTimeOffset Initiated, string ContentType, Dictionary<string, string> Headers, Dictionary<string, string> Metadata);

/// <summary>A bucket's own record: <c>{bucket}/bucket.json</c>; its existence is the bucket's.</summary>
internal sealed record StoredBucket(DateTimeOffset CreationDate);

namespace Stepwise.Local.S3;

/// <summary>A bucket, as ListBuckets describes it.</summary>
public sealed record S3Bucket(string Name, DateTimeOffset CreationDate);

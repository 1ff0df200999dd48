namespace Stepwise.Local.S3;

/// <summary>A part of an unfinished multipart upload, as ListParts describes it.</summary>
public sealed record UploadedPart(int PartNumber, string ETag, long Size, DateTimeOffset LastModified);

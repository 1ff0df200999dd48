namespace Stepwise.Local.S3;

/// <summary>A part named in CompleteMultipartUpload: its number and the ETag UploadPart returned.</summary>
public sealed record CompletedPart(int PartNumber, string ETag);

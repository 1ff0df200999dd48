namespace Stepwise.Local.S3;

/// <summary>The outcome of a multi-object delete: keys deleted, and per-key errors.</summary>
public sealed record DeleteObjectsResult(IReadOnlyList<string> Deleted, IReadOnlyList<DeleteObjectsError> Errors);

/// <summary>A key DeleteObjects could not delete, with S3's code and message.</summary>
public sealed record DeleteObjectsError(string Key, string Code, string Message);

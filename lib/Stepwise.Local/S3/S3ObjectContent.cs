namespace Stepwise.Local.S3;

/// <summary>An object being read (GetObject): its description and a stream over the requested bytes. Dispose it.</summary>
public sealed class S3ObjectContent(S3ObjectInfo info, Stream content, ByteRange? range) : IAsyncDisposable, IDisposable
{
    public S3ObjectInfo Info { get; } = info;

    /// <summary>The object's bytes, or those of <see cref="Range"/>.</summary>
    public Stream Content { get; } = content;

    /// <summary>The satisfied range (inclusive, resolved against the size); null when the whole object is read.</summary>
    public ByteRange? Range { get; } = range;

    /// <summary>How many bytes <see cref="Content"/> yields.</summary>
    public long Length => Range is { } r ? r.Last - r.First + 1 : Info.Size;

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

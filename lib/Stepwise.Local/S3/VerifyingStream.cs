namespace Stepwise.Local.S3;

/// <summary>Passes a request body through and, when it ends, checks what the client declared about it: the decoded length
/// (<c>x-amz-decoded-content-length</c>, else IncompleteBody) and a flexible checksum (header or trailer, else BadDigest).
/// Failing at the end of the stream makes the store discard the upload before it becomes visible.</summary>
internal sealed class VerifyingStream(Stream inner, long? expectedLength, Checksum? checksum, Func<string?> expectedChecksum) : Stream
{
    private long _count;
    private bool _verified;

    /// <summary>The checksum of the body (base64), once read to the end; null without a checksum algorithm.</summary>
    public string? ComputedChecksum { get; private set; }

    /// <summary>The header that names the checksum (<c>x-amz-checksum-crc32</c>…), or null.</summary>
    public string? ChecksumHeader => checksum is null ? null : "x-amz-checksum-" + checksum.Name;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Account(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    private int Account(ReadOnlySpan<byte> read)
    {
        if (read.Length > 0)
        {
            _count += read.Length;
            checksum?.Append(read);
            return read.Length;
        }
        if (!_verified)
        {
            _verified = true;
            if (expectedLength is { } length && length != _count) throw S3Errors.IncompleteBody();
            if (checksum is not null)
            {
                ComputedChecksum = checksum.Finish();
                if (expectedChecksum() is { } expected && expected != ComputedChecksum) throw S3Errors.BadDigest(checksum.Name.ToUpperInvariant());
            }
        }
        return 0;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

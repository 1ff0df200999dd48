using System.Globalization;
using System.Text;

namespace Stepwise.Local.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body, the framing of SigV4 streaming uploads
/// (<c>x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>, <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>, …):
/// <c>hex-size[;chunk-signature=…]\r\n data \r\n</c> repeated, a zero-size chunk, then optional trailer lines
/// (<c>x-amz-checksum-crc32:…</c>) and an empty line. Chunk signatures are not checked. Bad framing is S3's InvalidRequest.
/// </summary>
internal sealed class AwsChunkedStream(Stream inner) : Stream
{
    private const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[16384];
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private int _start;
    private int _end;
    private long _chunkLeft;
    private bool _done;

    /// <summary>The trailing headers, once the body has been read to its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_done || destination.Length == 0) return 0;
        if (_chunkLeft == 0)
        {
            var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw S3Errors.InvalidChunkedEncoding();
            var sizeText = header.Split(';')[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw S3Errors.InvalidChunkedEncoding();
            if (size == 0)
            {
                await ReadTrailersAsync(cancellationToken).ConfigureAwait(false);
                _done = true;
                return 0;
            }
            _chunkLeft = size;
        }
        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) throw S3Errors.IncompleteBody();
        var n = (int)Math.Min(Math.Min(destination.Length, _end - _start), _chunkLeft);
        _buffer.AsMemory(_start, n).CopyTo(destination);
        _start += n;
        _chunkLeft -= n;
        if (_chunkLeft == 0 && await ReadLineAsync(cancellationToken).ConfigureAwait(false) is not "")
            throw S3Errors.InvalidChunkedEncoding();
        return n;
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw S3Errors.InvalidChunkedEncoding();
            _trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>The next CRLF-terminated line without its terminator; null at the end of the body.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                return line.Count == 0 ? null : Encoding.ASCII.GetString([.. line]);
            var b = _buffer[_start++];
            if (b == '\n')
            {
                if (line.Count > 0 && line[^1] == '\r') line.RemoveAt(line.Count - 1);
                return Encoding.ASCII.GetString([.. line]);
            }
            line.Add(b);
            if (line.Count > MaxLine) throw S3Errors.InvalidChunkedEncoding();
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

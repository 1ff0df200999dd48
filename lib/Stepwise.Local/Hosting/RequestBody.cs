using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Stepwise.Local.Hosting;

/// <summary>A request body read whole into a pooled buffer (dispose to return it), refused past a size limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(RequestBody))).AsMemory(0, Length);

    /// <summary>Reads the body; <paramref name="tooLarge"/> makes the service's error for a body over <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, Func<long, Exception> tooLarge, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
            throw tooLarge(declared);
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var n ? (int)n + 1 : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return new RequestBody(buffer, length);
                length += read;
                if (length > limit)
                    throw tooLarge(length);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}

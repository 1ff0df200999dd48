using System.Globalization;

namespace Stepwise.Local.S3;

/// <summary>A byte range of an object: <c>First</c>..<c>Last</c> inclusive, as in HTTP; a suffix range (the last N bytes)
/// has <see cref="SuffixLength"/> set until it is resolved against an object's size.</summary>
public readonly record struct ByteRange(long First, long Last, long? SuffixLength = null)
{
    /// <summary>The last <paramref name="length"/> bytes.</summary>
    public static ByteRange Suffix(long length) => new(-1, -1, length);

    /// <summary>From <paramref name="first"/> to the end.</summary>
    public static ByteRange From(long first) => new(first, long.MaxValue);

    /// <summary>Parses one <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> range; null for anything else, which S3
    /// (like HTTP) answers by sending the whole object.</summary>
    public static ByteRange? ParseHeader(string? header)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.Ordinal)) return null;
        var spec = header["bytes=".Length..].Trim();
        if (spec.Contains(',')) return null; // S3 serves no multi-range requests
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var (left, right) = (spec[..dash].Trim(), spec[(dash + 1)..].Trim());
        static bool Number(string s, out long n) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);
        if (left.Length == 0)
            return Number(right, out var suffix) ? Suffix(suffix) : null;
        if (!Number(left, out var first)) return null;
        if (right.Length == 0) return From(first);
        return Number(right, out var last) && last >= first ? new ByteRange(first, last) : null;
    }

    /// <summary>The range within an object of <paramref name="size"/> bytes, or null when it is not satisfiable.</summary>
    public ByteRange? Resolve(long size)
    {
        if (SuffixLength is { } n)
            return n <= 0 || size == 0 ? null : new ByteRange(Math.Max(0, size - n), size - 1);
        if (First >= size) return null;
        return new ByteRange(First, Math.Min(Last, size - 1));
    }

    public override string ToString() => SuffixLength is { } n ? $"bytes=-{n}"
        : Last == long.MaxValue ? $"bytes={First}-" : $"bytes={First}-{Last}";
}

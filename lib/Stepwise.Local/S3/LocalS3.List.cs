using System.Text;

namespace Stepwise.Local.S3;

public sealed partial class LocalS3
{
    /// <summary>S3's cap on a page.</summary>
    public const int MaxKeysLimit = 1000;

    public Task<ListObjectsV2Result> ListObjectsV2Async(ListObjectsV2Request request, CancellationToken cancellationToken = default)
    {
        RequireBucket(request.Bucket);
        if (request.MaxKeys < 0) throw S3Errors.InvalidMaxKeys(request.MaxKeys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var maxKeys = Math.Min(request.MaxKeys, MaxKeysLimit);
        var prefix = request.Prefix ?? "";
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? null : request.Delimiter;
        ListingToken? after = request.ContinuationToken is { } token ? ListingToken.Parse(token) : request.StartAfter is { Length: > 0 } startAfter ? new ListingToken(startAfter, false) : null;
        var afterHex = after is null ? null : ObjectPaths.Hex(after.Value.Position);

        var hexNames = ObjectPaths.HexNames(ObjectsFolder(request.Bucket), ObjectPaths.Hex(prefix)).ToList();
        hexNames.Sort(StringComparer.Ordinal);
        var contents = new List<S3ObjectInfo>();
        var prefixes = new List<string>();
        string? lastPrefix = after is { IsPrefix: true } p ? p.Position : null;
        ListingToken? last = null;
        var truncated = false;
        foreach (var hex in hexNames)
        {
            if (afterHex is not null && string.CompareOrdinal(hex, afterHex) <= 0) continue;
            var key = ObjectPaths.KeyOfHex(hex);
            string? common = null;
            if (delimiter is not null)
            {
                var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0) common = key[..(at + delimiter.Length)];
            }
            // A common prefix at or before the start was listed already (or lies before StartAfter / a V1 marker).
            if (common is not null && (common == lastPrefix || (afterHex is not null && string.CompareOrdinal(ObjectPaths.Hex(common), afterHex) <= 0))) continue;
            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = maxKeys > 0;
                break;
            }
            if (common is not null)
            {
                prefixes.Add(common);
                lastPrefix = common;
                last = new ListingToken(common, true);
                continue;
            }
            var info = TryInfo(request.Bucket, key);
            if (info is null) continue; // deleted while listing
            contents.Add(info);
            last = new ListingToken(key, false);
        }
        return Task.FromResult(new ListObjectsV2Result
        {
            Contents = contents,
            CommonPrefixes = prefixes,
            IsTruncated = truncated,
            NextContinuationToken = truncated ? last!.Value.Format() : null,
        });
    }

    private S3ObjectInfo? TryInfo(string bucket, string key)
    {
        using var file = ObjectFile.TryOpen(ObjectPaths.PathOf(ObjectsFolder(bucket), key));
        if (file is null) return null;
        var (stored, size) = ObjectFile.ReadFooter(file);
        return Info(stored, size);
    }

    /// <summary>Where a page ended: after a key, or after every key under a common prefix. Opaque to clients (base64url).</summary>
    private readonly record struct ListingToken(string Position, bool IsPrefix)
    {
        public string Format() => Base64Url(Encoding.UTF8.GetBytes((IsPrefix ? "P" : "K") + Position));

        public static ListingToken Parse(string token)
        {
            try
            {
                var text = S3Names.StrictUtf8.GetString(FromBase64Url(token));
                if (text.Length >= 2 && text[0] is 'K' or 'P') return new ListingToken(text[1..], text[0] == 'P');
            }
            catch (Exception e) when (e is FormatException or DecoderFallbackException)
            {
            }
            throw S3Errors.InvalidContinuationToken(token);
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] FromBase64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
        }
    }
}

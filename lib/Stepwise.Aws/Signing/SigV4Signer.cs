using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace Stepwise.Aws.Signing;

/// <summary>
/// Signature Version 4 over plain strings. The canonical request is built here (AWSSDK.Core's canonicalizer needs its own
/// <c>IRequest</c>); hashing, the signing key and the signature come from AWSSDK.Core's <see cref="AWS4Signer"/>, and
/// percent-encoding from <see cref="AWSSDKUtils.UrlEncode(string, bool)"/> in its RFC 3986 mode.
/// </summary>
public static class SigV4Signer
{
    /// <summary>The algorithm name of the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>X-Amz-Date</c> format.</summary>
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "expect", "x-amzn-trace-id", "content-length", "connection", "transfer-encoding",
    };

    /// <summary>Signs a request given as it travels: <paramref name="path"/> and <paramref name="query"/> as on the wire
    /// (already percent-encoded once), headers with their values in order, and the hex SHA-256 of the body.</summary>
    public static SigV4Signature Sign(string method, string path, string query, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers,
        string payloadHash, ImmutableCredentials credentials, SigningScope scope, DateTime signedAt)
    {
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join('\n', method.ToUpperInvariant(), CanonicalUri(path, scope.NormalizePath),
            CanonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash);
        var utc = signedAt.ToUniversalTime();
        var result = AWS4Signer.ComputeSignature(credentials, scope.Region, utc, scope.Service, signedHeaders, canonicalRequest);
        return new SigV4Signature(canonicalRequest, StringToSign(utc, scope, canonicalRequest), result.ForAuthorizationHeader);
    }

    /// <summary>The lower-case hex SHA-256 of a body.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> body) => AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body.ToArray()), true);

    /// <summary>The string to sign: algorithm, date, scope and the hash of the canonical request.</summary>
    public static string StringToSign(DateTime signedAt, SigningScope scope, string canonicalRequest)
    {
        var date = signedAt.ToUniversalTime();
        return string.Join('\n', Algorithm, date.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
            $"{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{scope.Region}/{scope.Service}/aws4_request",
            AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(canonicalRequest), true));
    }

    /// <summary>The canonical URI: the wire path normalized and each segment encoded again (RFC 3986); for S3 (<paramref name="normalize"/>
    /// false), the wire path as it is.</summary>
    public static string CanonicalUri(string path, bool normalize = true)
    {
        if (string.IsNullOrEmpty(path))
            return "/";
        if (normalize)
        {
            var stack = new List<string>();
            foreach (var segment in path.Split('/'))
            {
                if (segment is "" or ".")
                    continue;
                if (segment == "..")
                {
                    if (stack.Count > 0)
                        stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                stack.Add(segment);
            }
            var trailing = path.EndsWith('/') && stack.Count > 0;
            return "/" + string.Join('/', stack.Select(Encode)) + (trailing ? "/" : "");
        }
        // S3: the wire path is already its keys encoded once, which is what S3 signs.
        return path;
    }

    /// <summary>The canonical query string: each name and value decoded then RFC 3986-encoded, sorted by name then value.</summary>
    public static string CanonicalQuery(string query)
    {
        if (query.StartsWith('?'))
            query = query[1..];
        if (query.Length == 0)
            return "";
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
                continue;
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }
        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>The canonical headers block (each <c>name:value\n</c>) and the signed header names.</summary>
    public static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            if (UnsignedHeaders.Contains(name))
                continue;
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var list))
                byName[key] = list = [];
            list.AddRange(values.Select(TrimValue));
        }
        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
            canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    private static string Encode(string text) => AWSSDKUtils.UrlEncode(text, false);

    /// <summary>Trims a value and collapses runs of spaces to one, as SigV4 canonicalizes header values.</summary>
    private static string TrimValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c is ' ' or '\t' or '\n' or '\r';
            if (isSpace && space)
                continue;
            builder.Append(isSpace ? ' ' : c);
            space = isSpace;
        }
        return builder.ToString();
    }
}

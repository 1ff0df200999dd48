using System.Net;
using System.Text;

namespace Stepwise.Local.S3;

/// <summary>S3's naming rules for buckets and keys.</summary>
public static class S3Names
{
    /// <summary>S3's limit on a key: 1024 bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Whether <paramref name="name"/> follows S3's general-purpose bucket rules: 3–63 characters of lower-case
    /// letters, digits, dots and hyphens, starting and ending with a letter or digit, no <c>..</c>, not an IP address.</summary>
    public static bool IsValidBucketName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63) return false;
        foreach (var c in name)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')) return false;
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return false;
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal)) return false;
        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.EndsWith("-s3alias", StringComparison.Ordinal)) return false;
        return !IPAddress.TryParse(name, out _) || name.Count(c => c == '.') != 3;
    }

    /// <summary>Throws InvalidBucketName unless <paramref name="name"/> is a valid bucket name.</summary>
    public static void ValidateBucket(string? name)
    {
        if (!IsValidBucketName(name)) throw S3Errors.InvalidBucketName(name ?? "");
    }

    /// <summary>Throws unless <paramref name="key"/> is a key S3 accepts: 1–1024 bytes of UTF-8 (any characters, <c>/</c>,
    /// <c>..</c> and a trailing slash included).</summary>
    public static void ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) throw S3Errors.InvalidKey(key ?? "");
        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw S3Errors.InvalidKey(key);
        }
        if (bytes > MaxKeyBytes) throw S3Errors.KeyTooLong(key);
    }

    /// <summary>UTF-8 that throws on lone surrogates and invalid bytes instead of substituting.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}

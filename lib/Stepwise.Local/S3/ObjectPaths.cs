using System.Text;

namespace Stepwise.Local.S3;

/// <summary>
/// Where a key's file lies: the lower-case hex of the key's UTF-8 bytes, cut into 200-character folder names (file names
/// stay under the 255-byte limit for 1024-byte keys), ending in <c>.obj</c>. Hex cannot spell <c>/</c>, <c>..</c> or a
/// case-folding collision, so no key escapes or aliases another, and ordinal order of the hex is UTF-8 binary order of
/// the keys, which is ListObjectsV2's order.
/// </summary>
internal static class ObjectPaths
{
    private const int SegmentLength = 200;
    public const string Extension = ".obj";

    public static string Hex(string key) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(key));

    public static string KeyOfHex(string hex) => S3Names.StrictUtf8.GetString(Convert.FromHexString(hex));

    /// <summary>The file of <paramref name="key"/> under a bucket's <c>objects</c> folder.</summary>
    public static string PathOf(string objectsFolder, string key)
    {
        var hex = Hex(key);
        var parts = new List<string> { objectsFolder };
        for (var i = 0; i < hex.Length; i += SegmentLength)
            parts.Add(hex.Substring(i, Math.Min(SegmentLength, hex.Length - i)));
        parts[^1] += Extension;
        return Path.Combine([.. parts]);
    }

    /// <summary>The hex names of the objects under <paramref name="objectsFolder"/> whose keys start with the key whose
    /// hex is <paramref name="hexPrefix"/>, unsorted.</summary>
    public static IEnumerable<string> HexNames(string objectsFolder, string hexPrefix)
    {
        if (!Directory.Exists(objectsFolder)) yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(objectsFolder, "*" + Extension, options))
        {
            var relative = Path.GetRelativePath(objectsFolder, file);
            var hex = relative[..^Extension.Length].Replace(Path.DirectorySeparatorChar.ToString(), "", StringComparison.Ordinal);
            if (hex.StartsWith(hexPrefix, StringComparison.Ordinal) && IsHex(hex)) yield return hex;
        }
    }

    private static bool IsHex(string s) => s.Length % 2 == 0 && s.All(char.IsAsciiHexDigitLower);
}

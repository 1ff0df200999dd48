using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Local.Iam;

/// <summary>IAM's unique ids: a four-letter prefix (<c>AROA</c> role, <c>ANPA</c> policy, <c>ASIA</c> temporary access
/// key) and 17 upper-case letters and digits, 21 characters in all as AWS's are.</summary>
internal static class IamIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A random id with <paramref name="prefix"/>.</summary>
    public static string New(string prefix, int length = 17) =>
        prefix + new string(RandomNumberGenerator.GetItems<char>(Alphabet, length));

    /// <summary>A random secret of <paramref name="length"/> base64-ish characters (secret keys, session tokens).</summary>
    public static string Secret(int length) =>
        new(RandomNumberGenerator.GetItems<char>("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", length));

    /// <summary>17 characters derived from <paramref name="seed"/>: the same on every machine.</summary>
    public static string Stable(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return new string([.. hash.Take(17).Select(b => Alphabet[b % Alphabet.Length])]);
    }
}

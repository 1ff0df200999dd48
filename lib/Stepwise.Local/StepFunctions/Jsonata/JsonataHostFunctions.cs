using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>The C# side of AWS's added JSONata functions (<c>$hash</c>, <c>$uuid</c>, <c>$random</c>), exposed to the
/// prelude as the global <c>__stepwiseHost</c>. .NET does these natively and exactly; JavaScript in Jint has no crypto.</summary>
internal sealed class JsonataHostFunctions
{
    /// <summary>Hex digest (lowercase) of the UTF-8 bytes of <paramref name="data"/>, or null for an unknown algorithm.
    /// Algorithm names are AWS's: MD5, SHA-1, SHA-256, SHA-384, SHA-512.</summary>
    public string? Hash(string data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        byte[]? digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => null,
        };
        return digest is null ? null : Convert.ToHexStringLower(digest);
    }

    /// <summary>A random version-4 UUID, lowercase with hyphens.</summary>
    public string Uuid() => Guid.NewGuid().ToString("D");

    /// <summary>A random number in [0, 1).</summary>
    public double Random() => System.Random.Shared.NextDouble();

    /// <summary>A number in [0, 1) fixed by <paramref name="seed"/>: the same seed gives the same number.</summary>
    public double SeededRandom(double seed) => new System.Random(unchecked((int)(long)seed ^ (int)((long)seed >> 32))).NextDouble();
}

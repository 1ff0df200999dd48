using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Stepwise.Local.StepFunctions.Jsonata;

namespace Stepwise.Local.Tests.Jsonata;

/// <summary>The vendored jsonata.js is exactly the npm release the README names.</summary>
public sealed class JsonataVendorTests
{
    static string VendorDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "lib", "Stepwise.Local", "StepFunctions", "Jsonata", "vendor");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("lib/Stepwise.Local/StepFunctions/Jsonata/vendor not found above " + AppContext.BaseDirectory);
    }

    static string RecordedHash()
    {
        var readme = File.ReadAllText(Path.Combine(VendorDirectory(), "README.md"));
        return Regex.Match(readme, "SHA-256 of `jsonata.js`: `([0-9a-f]{64})`").Groups[1].Value;
    }

    [Fact]
    public void Vendored_file_matches_the_hash_in_the_vendor_README()
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(VendorDirectory(), "jsonata.js"))));
        Assert.Equal(RecordedHash(), actual);
    }

    [Fact]
    public void Embedded_resource_is_the_vendored_file()
    {
        using var stream = typeof(JsonataEvaluator).Assembly.GetManifestResourceStream(JsonataLibrary.ResourceName);
        Assert.NotNull(stream);
        Assert.Equal(RecordedHash(), Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    [Fact]
    public void License_is_vendored_beside_it() =>
        Assert.Contains("MIT", File.ReadAllText(Path.Combine(VendorDirectory(), "LICENSE")));
}

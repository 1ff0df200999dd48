using System.IO.Compression;
using System.Security.Cryptography;

namespace Stepwise.Local.Lambda;

/// <summary>A .zip deployment package as Lambda checks it: a readable archive whose unzipped size is within Lambda's
/// limit, identified by <c>CodeSha256</c> (base64 of its SHA-256) and <c>CodeSize</c>.</summary>
internal sealed class FunctionPackage
{
    /// <summary>Lambda's limit of an unzipped package (250 MB).</summary>
    public const long MaxUnzippedBytes = 262_144_000;

    private FunctionPackage(byte[] zip)
    {
        Zip = zip;
        CodeSha256 = Convert.ToBase64String(SHA256.HashData(zip));
    }

    public byte[] Zip { get; }

    public string CodeSha256 { get; }

    public long CodeSize => Zip.LongLength;

    /// <summary>Checks <paramref name="zip"/>; <c>InvalidParameterValueException</c> in Lambda's words when it is not a package.</summary>
    public static FunctionPackage Open(byte[] zip)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in archive.Entries)
                total += entry.Length;
            if (total >= MaxUnzippedBytes)
                throw LambdaErrors.UnzippedTooLarge(MaxUnzippedBytes);
        }
        catch (InvalidDataException)
        {
            throw LambdaErrors.CouldNotUnzip();
        }
        return new FunctionPackage(zip);
    }

    /// <summary>Extracts the package into <paramref name="directory"/> (which must not exist), keeping the files' Unix modes.</summary>
    public void ExtractTo(string directory)
    {
        Directory.CreateDirectory(directory);
        try
        {
            ZipFile.ExtractToDirectory(new MemoryStream(Zip, writable: false), directory);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Directory.Delete(directory, recursive: true);
            throw LambdaErrors.CouldNotUnzip();
        }
    }
}

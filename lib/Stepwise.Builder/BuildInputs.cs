using System.IO.Compression;

namespace Stepwise.Builder;

/// <summary>The build inputs as the zip CodeBuild's S3 source expects: the container source, its Dockerfile and
/// <c>buildspec.yml</c> at the root. Made from a folder, a .zip file, or base64 zip bytes; a buildspec is required.</summary>
public static class BuildInputs
{
    /// <summary>The zip of <paramref name="request"/>'s inputs; <see cref="BuildFailedException"/> (<c>BuildInputsInvalid</c>) when there are none.</summary>
    public static byte[] Pack(BuildRequest request)
    {
        byte[] zip;
        if (request.SourceZipBase64 is { Length: > 0 } base64)
        {
            try
            {
                zip = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw Invalid("SourceZipBase64 is not base64.");
            }
        }
        else if (request.Source is { Length: > 0 } source)
        {
            if (Directory.Exists(source))
                zip = ZipFolder(source);
            else if (File.Exists(source))
                zip = File.ReadAllBytes(source);
            else
                throw Invalid($"Source {source} is neither a folder nor a file.");
        }
        else
            throw Invalid("No build inputs: give Source (a folder or a .zip) or SourceZipBase64 in the event, or set STEPWISE_BUILD_SOURCE.");
        Check(zip, request.Buildspec);
        return zip;
    }

    private static byte[] ZipFolder(string folder)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj" or ".git")) continue;
                archive.CreateEntryFromFile(file, relative, CompressionLevel.Fastest);
            }
        return buffer.ToArray();
    }

    /// <summary>The inputs are a zip holding the buildspec the project will read: <paramref name="buildspec"/> when it
    /// names a file, else <c>buildspec.yml</c> at the root (an inline buildspec needs no file).</summary>
    private static void Check(byte[] zip, string? buildspec)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            var inline = buildspec is not null && buildspec.Contains('\n', StringComparison.Ordinal);
            if (inline)
                return;
            if (buildspec is { Length: > 0 } path)
            {
                if (!archive.Entries.Any(e => e.FullName == path.TrimStart('/')))
                    throw Invalid($"The build inputs have no {path} (the buildspec the project is to read).");
            }
            else if (!archive.Entries.Any(e => e.FullName is "buildspec.yml" or "buildspec.yaml"))
                throw Invalid("The build inputs have no buildspec.yml at their root.");
        }
        catch (InvalidDataException)
        {
            throw Invalid("The build inputs are not a zip.");
        }
    }

    private static BuildFailedException Invalid(string message) => new("BuildInputsInvalid", message);
}

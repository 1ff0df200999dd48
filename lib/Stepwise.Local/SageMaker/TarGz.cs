using System.Formats.Tar;
using System.IO.Compression;

namespace Stepwise.Local.SageMaker;

/// <summary>A folder's contents as a gzipped tar (entries relative to the folder, as SageMaker's model.tar.gz has them).</summary>
internal static class TarGz
{
    /// <summary>Writes the archive to a temporary file beside <paramref name="scratch"/> and returns it open for reading
    /// (deleted when closed).</summary>
    public static async Task<FileStream> CreateAsync(string folder, string scratch, CancellationToken cancellationToken)
    {
        var path = Path.Combine(scratch, $".{Guid.NewGuid():N}.tar.gz");
        await using (var file = File.Create(path))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(folder, entry).Replace(Path.DirectorySeparatorChar, '/');
                if (Directory.Exists(entry))
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/"), cancellationToken).ConfigureAwait(false);
                else
                    await tar.WriteEntryAsync(entry, name, cancellationToken).ConfigureAwait(false);
            }
        }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }
}

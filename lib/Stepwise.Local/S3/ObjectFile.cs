using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Stepwise.Local.S3;

/// <summary>
/// One object is one file: its bytes, then a UTF-8 JSON footer (<see cref="StoredObject"/>), then the footer's length
/// (8 bytes, little-endian) and a magic tag. Bytes and metadata thus travel in a single file that is written under a temporary
/// name and renamed into place, so a reader sees the old object or the new one, never a mix; the footer comes last
/// because the ETag (the MD5) is known only once the bytes have streamed through.
/// </summary>
internal static class ObjectFile
{
    private static ReadOnlySpan<byte> Magic => "SWS3OBJ1"u8;
    private const int TrailerLength = 16;

    /// <summary>Streams <paramref name="content"/> into <paramref name="temporary"/>, hashing as it goes; returns the byte
    /// count and the MD5. The footer is written by <see cref="FinishAsync"/>.</summary>
    public static async Task<(long Size, byte[] Md5)> CopyHashingAsync(Stream content, FileStream target, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        long size = 0;
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, n);
            await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            size += n;
        }
        return (size, md5.GetHashAndReset());
    }

    /// <summary>Appends the footer, flushes to disk and moves the file to <paramref name="path"/> (replacing any object there).</summary>
    public static async Task FinishAsync(FileStream target, StoredObject metadata, string path, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata, S3StorageJsonContext.Default.StoredObject);
        var trailer = new byte[TrailerLength];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, json.Length);
        Magic.CopyTo(trailer.AsSpan(8));
        await target.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        await target.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        var temporary = target.Name;
        await target.DisposeAsync().ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the footer of an open object file; returns the metadata and the size of the bytes before it.</summary>
    public static (StoredObject Metadata, long Size) ReadFooter(FileStream file)
    {
        var length = file.Length;
        Span<byte> trailer = stackalloc byte[TrailerLength];
        if (length < TrailerLength) throw new InvalidDataException($"{file.Name} is not an object file.");
        file.Seek(length - TrailerLength, SeekOrigin.Begin);
        file.ReadExactly(trailer);
        var jsonLength = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        if (!trailer[8..].SequenceEqual(Magic) || jsonLength < 0 || jsonLength > length - TrailerLength)
            throw new InvalidDataException($"{file.Name} is not an object file.");
        var json = new byte[jsonLength];
        file.Seek(length - TrailerLength - jsonLength, SeekOrigin.Begin);
        file.ReadExactly(json);
        var metadata = JsonSerializer.Deserialize(json, S3StorageJsonContext.Default.StoredObject)
                       ?? throw new InvalidDataException($"{file.Name} has no metadata.");
        return (metadata, length - TrailerLength - jsonLength);
    }

    /// <summary>Opens an object file for reading, or returns null when there is none.</summary>
    public static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A new temporary file in <paramref name="folder"/> (same file system as the objects, so the final move is a rename).</summary>
    public static FileStream CreateTemporary(string folder)
    {
        Directory.CreateDirectory(folder);
        return new FileStream(Path.Combine(folder, Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
    }

    public static string ETagOf(byte[] md5) => "\"" + Convert.ToHexStringLower(md5) + "\"";
}

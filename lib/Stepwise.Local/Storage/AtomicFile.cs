namespace Stepwise.Local.Storage;

/// <summary>Writes a record file whole or not at all: the text goes to a temporary file beside it, which then replaces the
/// record in one rename, so a reader (or a restart after kill -9) sees the old record or the new one, never half of one.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Unique per write: two threads saving the same record never share a temporary file.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Local.Images;

/// <summary>A machine-wide lock per .NET project (an exclusively opened file under the temp folder), so that only one
/// process at a time runs <c>dotnet publish</c> on it. The OS releases it if the holder dies.</summary>
internal sealed class ProjectBuildLock : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);
    private readonly FileStream _file;

    private ProjectBuildLock(FileStream file) => _file = file;

    public static async Task<ProjectBuildLock> AcquireAsync(string project, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(project))))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"stepwise-publish-{hash}.lock");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new ProjectBuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false); // another process is publishing it
            }
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

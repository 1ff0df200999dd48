using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Interop;

/// <summary>The real <see cref="LocalStepFunctions"/> over a fresh data directory, removed afterwards.</summary>
internal sealed class InteropService : IAsyncDisposable
{
    private readonly LocalStepFunctions local;
    private readonly string dataDirectory;

    private InteropService(string dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        local = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = dataDirectory, ResumeRunningExecutions = false });
    }

    public IStepFunctions StepFunctions => local;

    public static InteropService Create() =>
        new(Directory.CreateTempSubdirectory("stepwise-interop-").FullName);

    public async ValueTask DisposeAsync()
    {
        await local.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is the OS's to clean up with the temp folder.
        }
    }
}

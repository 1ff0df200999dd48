using Stepwise.Local.Images;

namespace Stepwise.Local.Tests.SageMaker;

/// <summary>tests/fixtures/TinyContainer published once per test run with <see cref="LocalImages.PublishAsync(string, string, CancellationToken)"/>;
/// each test's cloud gets a copy of the image folder.</summary>
public sealed class TinyContainerFixture : IAsyncLifetime
{
    public const string Tag = "tiny:latest";
    private readonly string _root = Directory.CreateTempSubdirectory("stepwise-images-").FullName;

    public LocalImage Image { get; private set; } = null!;

    public List<string> PublishOutput { get; } = [];

    public async Task InitializeAsync()
    {
        var images = new LocalImages(_root, buildCache: new ImageBuildCache(Path.Combine(_root, "build-cache"))); // empty: a real publish
        var project = Path.Combine(TestRepository.Root, "tests", "fixtures", "TinyContainer", "TinyContainer.csproj");
        using var publish = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Image = await images.PublishAsync(project, Tag, new ImagePublishOptions
        {
            Progress = new SynchronousProgress(PublishOutput),
            EntryPoints = new Dictionary<string, ImageEntryPoint>(StringComparer.Ordinal)
            {
                ["train"] = new("dotnet", ["TinyContainer.dll", "train"]),
                ["serve"] = new("dotnet", ["TinyContainer.dll", "serve"]),
                ["process"] = new("dotnet", ["TinyContainer.dll", "process"]),
            },
        }, publish.Token);
    }

    /// <summary>Copies the image into <paramref name="cloud"/>'s images and returns its URI there.</summary>
    public string InstallIn(LocalCloud cloud)
    {
        var target = Path.Combine(cloud.Images.Root, "tiny", "latest");
        foreach (var file in Directory.EnumerateFiles(Image.Directory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Image.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
        return cloud.Images.Resolve(Tag).Uri;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }


    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines) lines.Add(value);
        }
    }
}

using System.Diagnostics;
using System.IO.Compression;

namespace Stepwise.Local.Tests.Lambda;

/// <summary>tests/fixtures/TinyFunction published once per test run (framework-dependent; its executable is named
/// <c>bootstrap</c>) and zipped as a Lambda deployment package.</summary>
public sealed class TinyFunctionFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("stepwise-tiny-function-").FullName;

    /// <summary>The .zip package: the publish output at its root, <c>bootstrap</c> executable.</summary>
    public byte[] Zip { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var project = Path.Combine(TestRepository.Root, "tests", "fixtures", "TinyFunction", "TinyFunction.csproj");
        var output = Path.Combine(_root, "publish");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", output, "-nologo" })
            info.ArgumentList.Add(arg);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish TinyFunction failed:\n{await stdout}\n{await stderr}");
        var zip = Path.Combine(_root, "function.zip");
        ZipFile.CreateFromDirectory(output, zip);
        Zip = await File.ReadAllBytesAsync(zip);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

}

[CollectionDefinition(Name)]
public sealed class TinyFunctionCollection : ICollectionFixture<TinyFunctionFixture>
{
    public const string Name = "tiny function";
}

using System.Diagnostics;
using Stepwise.Local.Tests.Reliability;

namespace Stepwise.Local.Tests.Mocks;

/// <summary><c>stepwise local --mock-config FILE</c> refuses a malformed file before it listens.</summary>
public sealed class MockConfigCliTests
{
    [Fact]
    public async Task Stepwise_local_refuses_a_malformed_mock_config_with_the_path_of_the_problem()
    {
        var cli = LocalProcess.FindCli();
        Assert.True(cli is not null, "lib/Stepwise.Cli (stepwise.dll) is not built beside this test assembly's configuration; build the solution first.");
        var file = Path.Combine(Path.GetTempPath(), $"mock-{Guid.NewGuid():N}.json");
        var data = Path.Combine(Path.GetTempPath(), $"stepwise-cli-mock-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, """{"MockedResponses":{"Build":{"0":{"Return":{},"Throw":{"Error":"E"}}}}}""");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { cli!, "local", "--port", "0", "--data", data, "--mock-config", file }) info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, process.ExitCode);
            Assert.Equal($"{file}: $.MockedResponses.Build.0: a mocked response has Return or Throw, not both", (await stderr).Trim());
            Assert.DoesNotContain("listening", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Environment.Tests;

/// <summary>environment/notebook-instance/lifecycle.sh (OnCreate and OnStart): valid bash, the kernel version the
/// repository pins, and the install script it writes is valid bash too. (It runs for real only on a notebook instance.)</summary>
public sealed class LifecycleScriptTests
{
    private static readonly string Script = RepositoryPaths.Of("environment", "notebook-instance", "lifecycle.sh");

    private static (int ExitCode, string Output) Bash(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(1));
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void The_script_is_valid_bash()
    {
        var (code, printed) = Bash("-n", Script);

        Assert.True(code == 0, printed);
    }

    [Fact]
    public void It_installs_the_dotnet_interactive_version_the_repository_pins()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of(".config", "dotnet-tools.json")))!;
        var pinned = (string)manifest["tools"]!["microsoft.dotnet-interactive"]!["version"]!;

        Assert.Contains($"INTERACTIVE_VERSION=\"{pinned}\"", File.ReadAllText(Script));
    }

    [Fact]
    public void The_install_script_it_writes_is_valid_bash_and_every_step_is_guarded()
    {
        // Run the lifecycle script with its paths moved into a temporary folder and without sudo/chown/nohup.
        var folder = Directory.CreateTempSubdirectory("stepwise-lifecycle-").FullName;
        var text = File.ReadAllText(Script)
            .Replace("/home/ec2-user/SageMaker/.stepwise", Path.Combine(folder, "persistent"), StringComparison.Ordinal)
            .Replace("/etc/profile.d/stepwise-dotnet.sh", Path.Combine(folder, "profile.sh"), StringComparison.Ordinal)
            .Replace("chown ", ": chown ", StringComparison.Ordinal)
            .Replace("nohup sudo", ": nohup sudo", StringComparison.Ordinal);
        var copy = Path.Combine(folder, "lifecycle.sh");
        File.WriteAllText(copy, text);

        var (code, printed) = Bash(copy);

        Assert.True(code == 0, printed);
        var install = Path.Combine(folder, "persistent", "install.sh");
        var (syntax, problems) = Bash("-n", install);
        Assert.True(syntax == 0, problems);
        var written = File.ReadAllText(install);
        Assert.Contains("--list-sdks 2>/dev/null | grep -q \"^10.0\\.\"", written); // the SDK is installed once
        Assert.Contains("grep -qi \"microsoft.dotnet-interactive *1.0.712001\"", written); // the tool once
        Assert.Contains("grep -q \"\\.net-csharp\"", written); // the kernel once
        Assert.Contains("dotnet-interactive jupyter install", written);
        Assert.Contains($"export DOTNET_ROOT=\"{Path.Combine(folder, "persistent", "dotnet")}\"", File.ReadAllText(Path.Combine(folder, "profile.sh")));
    }
}

using Stepwise.Local.Tests.Interop;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>The machine image's pyenv Python (boto3/botocore 1.43) and AWS CLI 1.45, which the interop tests of the
/// query and restJson endpoints drive; Debian's boto3 is the fallback for Python.</summary>
internal static class ImageTools
{
    private static readonly string Shims = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims");

    /// <summary><c>$STEPWISE_PYTHON</c> or the pyenv shim when it imports boto3, else Debian's (installed when missing).</summary>
    public static async Task<string> PythonWithBoto3Async()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("STEPWISE_PYTHON"), Path.Combine(Shims, "python3") })
        {
            if (candidate is not { Length: > 0 } || !File.Exists(candidate)) continue;
            var probe = await InteropProcess.RunAsync(candidate, ["-c", "import boto3"], TimeSpan.FromMinutes(1), workingDirectory: "/");
            if (probe.ExitCode == 0) return candidate;
        }
        await InteropClients.EnsureBoto3Async();
        return InteropClients.Python;
    }

    /// <summary><c>$STEPWISE_AWS_CLI</c>, the pyenv shim, or <c>aws</c> on PATH; fails the test saying what is missing.</summary>
    public static async Task<string> AwsCliAsync()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("STEPWISE_AWS_CLI"), Path.Combine(Shims, "aws"), "aws" })
        {
            if (candidate is not { Length: > 0 }) continue;
            try
            {
                var probe = await InteropProcess.RunAsync(candidate, ["--version"], TimeSpan.FromMinutes(1), workingDirectory: "/");
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed there
            }
        }
        Assert.Fail("The AWS CLI is missing: the machine image has AWS CLI 1.45 under pyenv (pip install awscli), or set STEPWISE_AWS_CLI.");
        return "";
    }
}

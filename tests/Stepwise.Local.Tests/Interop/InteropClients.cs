namespace Stepwise.Local.Tests.Interop;

/// <summary>Installs the AWS clients the interop tests drive, when missing: Debian's boto3 (as root, with apt) and the
/// AWS SDK for JavaScript v3 (npm, into <c>$STEPWISE_CACHE/npm-interop</c>).</summary>
internal static class InteropClients
{
    /// <summary>Debian's Python, not a pyenv shim that may come first on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The pinned @aws-sdk/client-sfn version.</summary>
    public const string ClientSfnVersion = "3.1162.0";

    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Makes <c>import boto3</c> work for <see cref="Python"/>; fails the test saying what to install otherwise.</summary>
    public static async Task EnsureBoto3Async()
    {
        await Gate.WaitAsync();
        try
        {
            if (await HasBoto3Async())
                return;
            const string install = "apt-get -o DPkg::Lock::Timeout=300 update && apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends python3-boto3";
            if (Environment.UserName != "root")
                Assert.Fail($"boto3 is missing for {Python}. Install it: sudo sh -c '{install}'");
            var result = await InteropProcess.RunAsync("/bin/sh", ["-c", install], Generous,
                new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }, "/");
            if (result.ExitCode != 0 || !await HasBoto3Async())
                Assert.Fail($"Could not install boto3; install it yourself: {install}\n{result}");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The <c>node_modules</c> folder holding @aws-sdk/client-sfn (for NODE_PATH), installed on first use.</summary>
    public static async Task<string> EnsureClientSfnAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var folder = Path.Combine(InteropProcess.Cache, "npm-interop");
            var modules = Path.Combine(folder, "node_modules");
            var package = Path.Combine(modules, "@aws-sdk", "client-sfn", "package.json");
            if (File.Exists(package) && File.ReadAllText(package).Contains($"\"version\": \"{ClientSfnVersion}\"", StringComparison.Ordinal))
                return modules;
            Directory.CreateDirectory(folder);
            var result = await InteropProcess.RunAsync("npm",
                ["install", "--prefix", folder, $"@aws-sdk/client-sfn@{ClientSfnVersion}", "--no-audit", "--no-fund", "--loglevel=error"],
                Generous, workingDirectory: folder);
            Assert.True(result.ExitCode == 0 && File.Exists(package), $"npm install @aws-sdk/client-sfn@{ClientSfnVersion} failed (needs Node.js, npm and the registry):\n{result}");
            return modules;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<bool> HasBoto3Async() =>
        File.Exists(Python) && (await InteropProcess.RunAsync(Python, ["-c", "import boto3"], TimeSpan.FromMinutes(1), workingDirectory: "/")).ExitCode == 0;
}

using System.Diagnostics;
using Stepwise.Vision.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Model;

public class OneDnnBackwardTests(ITestOutputHelper output)
{
    static string TempCache() => Path.Combine(Path.GetTempPath(), "stepwise-onednn-test-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("on", true)]
    [InlineData("OFF", false)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    public void The_variable_decides_without_a_probe(string setting, bool enabled)
    {
        var dir = TempCache();
        var verdict = OneDnnBackward.Decide(dir, 2, setting);
        Assert.Equal(enabled, verdict.Enabled);
        Assert.Contains(OneDnnBackward.Variable, verdict.Reason);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_probe_runs_in_a_child_process_once_and_its_verdict_is_cached()
    {
        var dir = TempCache();
        try
        {
            var clock = Stopwatch.StartNew();
            var first = OneDnnBackward.Decide(dir, get_num_threads(), null);
            output.WriteLine($"{first.Reason} — {clock.Elapsed.TotalSeconds:F1} s");
            // This machine's AMD EPYC passes (2026-12); a CPU where oneDNN's backward crashes gets "probe crashed with SIGFPE".
            Assert.True(first.Reason.StartsWith("oneDNN backward enabled: probe passed on " + OneDnnBackward.CpuModel(), StringComparison.Ordinal)
                || first.Reason.StartsWith("oneDNN backward disabled: probe crashed with ", StringComparison.Ordinal), first.Reason);
            clock.Restart();
            var second = OneDnnBackward.Decide(dir, get_num_threads(), null);
            Assert.Equal(first.Enabled, second.Enabled);
            Assert.Contains("cached in " + dir, second.Reason);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_probe_killed_by_SIGFPE_turns_oneDNN_backward_off_names_the_CPU_and_is_cached()
    {
        var dir = TempCache();
        try
        {
            var verdict = OneDnnBackward.Decide(dir, 1, null, "selftest-sigfpe");
            output.WriteLine(verdict.Reason);
            Assert.False(verdict.Enabled);
            Assert.Equal($"oneDNN backward disabled: probe crashed with SIGFPE on {OneDnnBackward.CpuModel()} (1 threads)", verdict.Reason);
            var again = OneDnnBackward.Decide(dir, 1, null);
            Assert.False(again.Enabled);
            Assert.Contains("cached in", again.Reason);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

using System.Diagnostics;
using Stepwise.Interactive.Diagrams;
using Xunit.Abstractions;

namespace Stepwise.Interactive.Tests.Diagrams;

public class LayoutPerformanceTests(ITestOutputHelper output)
{
    // A guard against a pathological (super-quadratic) layout, not a benchmark: the bound is wide because the test
    // machine is shared (unloaded, 500 states take well under a second).
    [Fact]
    public void Rendering_500_states_does_not_blow_up()
    {
        SvgRenderer.Render(SampleDiagrams.Large(20));
        foreach (var states in new[] { 60, 300, 500 })
        {
            var diagram = SampleDiagrams.Large(states);
            var clock = Stopwatch.StartNew();
            var svg = SvgRenderer.Render(diagram);
            clock.Stop();
            output.WriteLine($"{states} states ({diagram.Nodes.Count} nodes, {diagram.Edges.Count} edges): {clock.ElapsedMilliseconds} ms, {svg.Length / 1024} KiB");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{states} states took {clock.Elapsed}");
        }
    }
}

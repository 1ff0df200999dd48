using System.Diagnostics;
using Stepwise.Interactive.Diagrams;
using Xunit.Abstractions;

namespace Stepwise.Interactive.Tests.Diagrams;

public class LayoutPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Rendering_500_states_finishes_well_within_five_seconds()
    {
        SvgRenderer.Render(SampleDiagrams.Large(20));
        foreach (var states in new[] { 60, 300, 500 })
        {
            var diagram = SampleDiagrams.Large(states);
            var clock = Stopwatch.StartNew();
            var svg = SvgRenderer.Render(diagram);
            clock.Stop();
            output.WriteLine($"{states} states ({diagram.Nodes.Count} nodes, {diagram.Edges.Count} edges): {clock.ElapsedMilliseconds} ms, {svg.Length / 1024} KiB");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{states} states took {clock.Elapsed}");
        }
    }
}

using Stepwise.Interactive.Diagrams;

namespace Stepwise.Interactive.Tests.Diagrams;

/// <summary>
/// Writes the sample diagrams as SVG files for a person to look at (convert with rsvg-convert) when
/// STEPWISE_SVG_SAMPLES names a folder; otherwise does nothing.
/// </summary>
public class SampleRenders
{
    [Fact]
    public void Samples_are_written_when_a_folder_is_given()
    {
        var folder = Environment.GetEnvironmentVariable("STEPWISE_SVG_SAMPLES");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var samples = new Dictionary<string, Diagram>
        {
            ["ml-pipeline"] = SampleDiagrams.MlPipeline(),
            ["ml-pipeline-status"] = SampleDiagrams.MlPipeline(withStatus: true),
            ["parallel-map"] = SampleDiagrams.ParallelAndMap(),
            ["parallel-map-status"] = SampleDiagrams.ParallelAndMap(withStatus: true),
            ["polling-loop"] = SampleDiagrams.PollingLoop(),
            ["large-60"] = SampleDiagrams.Large(60),
            ["large-300"] = SampleDiagrams.Large(300),
        };
        foreach (var (name, diagram) in samples)
        {
            File.WriteAllText(Path.Combine(folder, name + ".svg"), SvgRenderer.Render(diagram));
        }
    }
}

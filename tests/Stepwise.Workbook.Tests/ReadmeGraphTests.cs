using Stepwise.Interactive.Graphs;

namespace Stepwise.Workbook.Tests;

/// <summary>README.md's front-page graph is the pipeline's own drawing (docs/pipeline.svg), made by the library from
/// <see cref="MaskRCnnPipeline"/>: when the pipeline or the renderer changes, this test rewrites the file and fails
/// once, so the new drawing is seen and committed.</summary>
public sealed class ReadmeGraphTests
{
    [Fact]
    public void Docs_pipeline_svg_is_the_drawing_of_the_pipeline_and_README_shows_it()
    {
        var root = Root();
        var path = Path.Combine(root, "docs", "pipeline.svg");
        var drawn = StateGraph.ToSvg(MaskRCnnPipeline.Create(new PipelineResources("123456789012", "us-east-1")).Definition, title: MaskRCnnPipeline.Name);
        var committed = File.Exists(path) ? File.ReadAllText(path) : null;
        if (committed != drawn)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, drawn);
        }

        Assert.True(committed == drawn, $"{path} was out of date with MaskRCnnPipeline's drawing: rewritten now, commit it.");
        Assert.DoesNotContain("<script", drawn, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("](docs/pipeline.svg)", File.ReadAllText(Path.Combine(root, "README.md")));
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Notebooks.sln")))
                return folder.FullName;
        throw new InvalidOperationException("Notebooks.sln not found above the test's folder.");
    }
}

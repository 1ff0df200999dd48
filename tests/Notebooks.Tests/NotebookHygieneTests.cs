using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Committed notebooks are sources: every cell has a unique id, the kernel is .NET Interactive's C#, and
/// nothing an execution produces (outputs, execution counts) is committed.</summary>
public sealed class NotebookHygieneTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TestPaths.Walkthrough, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    private static JsonObject Load(string notebook) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Walkthrough, notebook)))!.AsObject();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_cell_has_a_unique_id(string notebook)
    {
        var ids = Load(notebook)["cells"]!.AsArray().Select(c => (string?)c!["id"]).ToArray();

        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id), $"{notebook}: a cell has no id"));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_kernel_is_dotnet_interactive_csharp(string notebook)
    {
        var metadata = Load(notebook)["metadata"]!;

        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]?["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        Assert.All(CodeCells(notebook), c => Assert.Equal("csharp", (string?)c["metadata"]?["polyglot_notebook"]?["kernelName"]));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void No_outputs_or_execution_counts_are_committed(string notebook)
    {
        Assert.All(CodeCells(notebook), c =>
        {
            Assert.Empty(c["outputs"]!.AsArray());
            Assert.Null(c["execution_count"]);
        });
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_workbook_is_loaded_with_one_reference_after_a_cell_that_says_how_to_build_it(string notebook)
    {
        var sources = CodeCells(notebook).Select(c => ExecutedNotebook.Text(c["source"])).ToArray();
        var references = sources.SelectMany(s => s.Split('\n')).Where(l => l.TrimStart().StartsWith("#r ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(["#r \"../lib/Stepwise.Workbook/bin/Debug/net10.0/Stepwise.Workbook.dll\""], references.Select(r => r.Trim()));
        Assert.Contains("dotnet build lib/Stepwise.Workbook", sources[0]);
        Assert.Contains("Backend.Connect()", sources[1]);
    }

    private static IEnumerable<JsonObject> CodeCells(string notebook) =>
        Load(notebook)["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code");
}

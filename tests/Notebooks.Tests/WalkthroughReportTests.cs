using Stepwise.Notebooks;

namespace Notebooks.Tests;

/// <summary>The lines the walkthrough prints.</summary>
public sealed class WalkthroughReportTests
{
    private static NotebookRunResult Result(string name, int cells, double seconds, NotebookCellFailure? failure = null) =>
        new($"/repo/notebooks/{name}.ipynb", null, cells, cells, TimeSpan.FromSeconds(seconds), failure);

    [Fact]
    public void A_notebook_that_ran_prints_its_name_cells_seconds_and_OK()
    {
        var line = WalkthroughReport.Line(Result("03-workflow-authoring", 12, 8.14), "03-workflow-authoring".Length);

        Assert.Equal("03-workflow-authoring   12 cells    8.1 s  OK", line);
    }

    [Fact]
    public void Names_are_padded_so_the_columns_line_up()
    {
        var width = "03-workflow-authoring".Length;

        var lines = new[] { Result("03-workflow-authoring", 12, 8.1), Result("04-execution", 9, 31.25) }
            .Select(r => WalkthroughReport.Line(r, width)).ToArray();

        Assert.Equal("04-execution".PadRight(width) + "    9 cells   31.3 s  OK", lines[1]);
        Assert.Equal(lines[0].IndexOf(" cells", StringComparison.Ordinal), lines[1].IndexOf(" cells", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failure_names_the_cell_and_the_first_line_of_the_error()
    {
        var failure = new NotebookCellFailure(7, "train", "InvalidOperationException", "Training failed: AlgorithmError\n   at Submission#7.<Main>\n   at more");

        var line = WalkthroughReport.Line(Result("04-execution", 5, 2.0, failure), 12);

        Assert.Equal("04-execution    5 cells    2.0 s  FAILED at cell 7: InvalidOperationException: Training failed: AlgorithmError", line);
    }

    [Fact]
    public void A_notebook_that_could_not_be_read_has_no_cell_number()
    {
        var failure = new NotebookCellFailure(0, null, "InvalidDataException", "x.ipynb: not a Jupyter notebook (no \"cells\" array).");

        Assert.Equal("FAILED: InvalidDataException: x.ipynb: not a Jupyter notebook (no \"cells\" array).", WalkthroughReport.Status(Result("x", 0, 0, failure)));
    }

    [Fact]
    public void The_total_counts_notebooks_cells_seconds_and_failures()
    {
        var failure = new NotebookCellFailure(2, null, "Exception", "boom");

        Assert.Equal("Total: 2 notebooks, 21 cells, 39.4 s, all OK", WalkthroughReport.Total([Result("a", 12, 8.1), Result("b", 9, 31.3)]));
        Assert.Equal("Total: 2 notebooks, 14 cells, 10.1 s, 1 FAILED", WalkthroughReport.Total([Result("a", 12, 8.1), Result("b", 2, 2.0, failure)]));
    }

    [Fact]
    public void The_index_page_links_each_notebook_with_its_time_and_status_and_has_no_script()
    {
        var failure = new NotebookCellFailure(2, null, "Exception", "<boom>");

        var html = WalkthroughReport.IndexHtml([Result("03-a", 12, 8.1), Result("04-b", 2, 2.0, failure)],
            ["notebooks/03-a.html", null], new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Contains("<a href=\"notebooks/03-a.html\">03-a</a></td><td class=\"n\">12</td><td class=\"n\">8.1 s</td><td class=\"ok\">OK</td>", html);
        Assert.Contains("<td>04-b</td>", html);
        Assert.Contains("FAILED at cell 2: Exception: &lt;boom&gt;", html);
        Assert.Contains("2026-12-01 12:00:00 UTC", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(NotebookHtmlWriterTests.ExternalResources(html));
    }
}

using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Tables;

namespace Stepwise.Interactive.Graphs;

/// <summary>The tables notebooks used before Stepwise.Interactive.Tables: kept as thin forwarders to it.</summary>
public static class Tables
{
    /// <summary>An execution's history as a table (<see cref="AwsTables.ToTable(IEnumerable{HistoryEvent})"/>).</summary>
    public static HtmlTable ToEventTable(this IEnumerable<HistoryEvent> events) => events.ToTable();

    /// <summary>The detail worth showing for an event.</summary>
    public static string Detail(HistoryEvent e) => AwsTables.Detail(e);

    /// <summary>Renders rows of text cells under a header (<see cref="HtmlTableBuilder"/> for numbers, statuses and formats).</summary>
    public static HtmlTable Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        new HtmlTableBuilder(header.Select(h => new TableColumn(h)).ToArray()).Rows(rows, r => r.ToArray<object?>()).Build();
}

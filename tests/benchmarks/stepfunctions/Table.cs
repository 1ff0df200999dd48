using System.Text.Json.Nodes;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>The results side by side: each of our rows with its ratio to the peer's row of the same scenario.</summary>
public static class Table
{
    public static void Print(IReadOnlyList<Measurement> results, TextWriter output)
    {
        var header = new[] { "scenario", "engine", "transitions/run", "runs", "best ms", "median ms", "median transitions/s", "best transitions/s", "ratio (median)", "ratio (best)" };
        var rows = results.Select(m =>
        {
            var peer = PeerOf(results, m);
            return new[]
            {
                m.Scenario, m.Engine + (m.Note is null ? "" : $" [{m.Note}]"), m.Transitions.ToString("N0"), m.RunsMs.Count.ToString(),
                m.BestMs.ToString("F1"), m.MedianMs.ToString("F1"), m.MedianRate.ToString("N0"), m.BestRate.ToString("N0"),
                m.IsPeer || peer is null ? "1.00×" : $"{m.MedianRate / peer.MedianRate:F2}×",
                m.IsPeer || peer is null ? "1.00×" : $"{m.BestRate / peer.BestRate:F2}×",
            };
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i >= 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))) + " |";
        output.WriteLine();
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i >= 2 ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
        foreach (var row in rows) output.WriteLine(Line(row));
        output.WriteLine();
        output.WriteLine("ratio = our transitions/s ÷ aws-local-stepfunctions' transitions/s in the same scenario (> 1: ours is faster).");
    }

    public static JsonArray ToJson(IReadOnlyList<Measurement> results) => new([.. results.Select(m => (JsonNode)new JsonObject
    {
        ["scenario"] = m.Scenario,
        ["engine"] = m.Engine,
        ["note"] = m.Note,
        ["transitionsPerRun"] = m.Transitions,
        ["runsMs"] = new JsonArray([.. m.RunsMs.Select(r => (JsonNode)Math.Round(r, 3))]),
        ["medianTransitionsPerSecond"] = Math.Round(m.MedianRate),
        ["bestTransitionsPerSecond"] = Math.Round(m.BestRate),
        ["ratioMedian"] = PeerOf(results, m) is { } peer && !m.IsPeer ? Math.Round(m.MedianRate / peer.MedianRate, 3) : null,
    })]);

    private static Measurement? PeerOf(IReadOnlyList<Measurement> results, Measurement m) =>
        results.FirstOrDefault(r => r.Scenario == m.Scenario && r.IsPeer);
}

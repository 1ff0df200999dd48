using System.Text.Json;
using Stepwise.Interactive.Diagrams;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Graphs;

/// <summary>Turns a state machine definition into a <see cref="Diagram"/>: Start and End markers, one node per state,
/// Choice rules as labelled edges, Default and Catch edges styled apart, Parallel and Map as nested diagrams.</summary>
public static class StateGraph
{
    private const string StartId = "__start__";
    private const string EndId = "__end__";

    /// <summary>The diagram of a definition, optionally coloured by each state's status (keys are state names).</summary>
    public static Diagram ToDiagram(StateMachine machine, IReadOnlyDictionary<string, NodeStatus>? statuses = null, string? title = null)
    {
        var diagram = Build(machine, statuses, markers: true);
        return diagram with { Title = title ?? machine.Comment };
    }

    /// <summary>The diagram of a definition coloured by an execution's trace: statuses, the transitions taken drawn
    /// darker, a retrying state's note in its tooltip.</summary>
    public static Diagram ToDiagram(StateMachine machine, ProgressTrace trace, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var diagram = Build(machine, trace.Statuses, markers: true, trace);
        return diagram with { Title = title ?? machine.Comment };
    }

    /// <summary>The SVG of a definition coloured by an execution's trace.</summary>
    public static string ToSvg(StateMachine machine, ProgressTrace trace, string? title = null) =>
        SvgRenderer.Render(ToDiagram(machine, trace, title));

    /// <summary>The SVG of a definition, as the notebook shows it.</summary>
    public static string ToSvg(StateMachine machine, IReadOnlyDictionary<string, NodeStatus>? statuses = null, string? title = null) =>
        SvgRenderer.Render(ToDiagram(machine, statuses, title));

    private static Diagram Build(StateMachine machine, IReadOnlyDictionary<string, NodeStatus>? statuses, bool markers, ProgressTrace? trace = null)
    {
        bool Taken(string from, string to) => trace is not null && trace.Taken.Contains((from, to));
        var nodes = new List<DiagramNode>();
        var edges = new List<DiagramEdge>();
        if (markers) nodes.Add(new DiagramNode(StartId, "Start", NodeKind.Start));
        foreach (var state in machine.States)
        {
            nodes.Add(new DiagramNode(state.Name, state.Name, Kind(state))
            {
                Children = [.. state.Children().Select(c => Build(c, statuses, markers: false, trace))],
                Status = statuses is not null && statuses.TryGetValue(state.Name, out var s) ? s : statuses is null ? null : NodeStatus.NotStarted,
                Tooltip = trace is not null && trace.Notes.TryGetValue(state.Name, out var note) ? Tooltip(state) + "\n" + note : Tooltip(state),
            });
        }

        if (markers)
        {
            nodes.Add(new DiagramNode(EndId, "End", NodeKind.End));
            edges.Add(new DiagramEdge(StartId, machine.StartAt) { Taken = Taken(ExecutionProgress.Start, machine.StartAt) });
        }

        foreach (var state in machine.States)
        {
            foreach (var t in state.Transitions())
            {
                var edge = t.Kind switch
                {
                    TransitionKind.Choice => new DiagramEdge(state.Name, t.Target, Describe(((Choice)t.Source!).Rule)),
                    TransitionKind.Default => new DiagramEdge(state.Name, t.Target, "Default", EdgeStyle.Default),
                    TransitionKind.Catch => new DiagramEdge(state.Name, t.Target, "Catch: " + string.Join(", ", ((Catcher)t.Source!).ErrorEquals), EdgeStyle.Catch),
                    _ => new DiagramEdge(state.Name, t.Target),
                };
                edges.Add(edge with { Taken = Taken(state.Name, t.Target) });
            }

            if (markers && (state.End || state.IsTerminalType))
                edges.Add(new DiagramEdge(state.Name, EndId) { Taken = Taken(state.Name, ExecutionProgress.End) });
        }

        return new Diagram(nodes, edges);
    }

    private static NodeKind Kind(State state) => state switch
    {
        PassState => NodeKind.Pass,
        TaskState => NodeKind.Task,
        ChoiceState => NodeKind.Choice,
        WaitState => NodeKind.Wait,
        SucceedState => NodeKind.Succeed,
        FailState => NodeKind.Fail,
        ParallelState => NodeKind.Parallel,
        MapState => NodeKind.Map,
        _ => NodeKind.Generic,
    };

    private static string Tooltip(State state)
    {
        var text = state switch
        {
            TaskState t => $"{state.Name} (Task)\n{t.Resource}",
            FailState f => $"{state.Name} (Fail)\n{f.Error ?? f.ErrorPath}",
            _ => $"{state.Name} ({state.Type})",
        };
        foreach (var retry in state.Retriers())
            text += string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"\nRetry {string.Join(", ", retry.ErrorEquals)}: {retry.MaxAttempts ?? 3} attempts, every {retry.IntervalSeconds ?? 1} s, backoff {retry.BackoffRate ?? 2.0}{(retry.MaxDelaySeconds is { } max ? $", at most {max} s" : "")}");
        foreach (var c in state.Catchers())
            text += $"\nCatch {string.Join(", ", c.ErrorEquals)} → {c.Next}";
        return text;
    }

    /// <summary>A short readable form of a choice rule, used as an edge label.</summary>
    public static string Describe(ChoiceRule rule) => rule switch
    {
        ComparisonRule { Operator: ['I', 's', ..] } c =>
            $"{c.Variable} is {(c.Value?.GetValueKind() == JsonValueKind.False ? "not " : "")}{c.Operator[2..].ToLowerInvariant()}",
        ComparisonRule c => $"{c.Variable} {Symbol(c.Operator)} {Operand(c)}",
        AndRule a => string.Join(" and ", a.Rules.Select(r => Wrap(r))),
        OrRule o => string.Join(" or ", o.Rules.Select(r => Wrap(r))),
        NotRule n => "not " + Wrap(n.Rule),
        ConditionRule c => c.Expression.Trim().TrimStart('{').TrimStart('%').TrimEnd('}').TrimEnd('%').Trim(),
        _ => rule.ToString() ?? "",
    };

    private static string Wrap(ChoiceRule rule) => rule is AndRule or OrRule ? $"({Describe(rule)})" : Describe(rule);

    private static string Symbol(string op)
    {
        var bare = op.EndsWith("Path", StringComparison.Ordinal) ? op[..^4] : op;
        foreach (var family in new[] { "String", "Numeric", "Boolean", "Timestamp" })
            if (bare.StartsWith(family, StringComparison.Ordinal)) bare = bare[family.Length..];
        return bare switch
        {
            "Equals" => "==", "LessThan" => "<", "GreaterThan" => ">", "LessThanEquals" => "<=", "GreaterThanEquals" => ">=",
            "Matches" => "matches", _ => op,
        };
    }

    private static string Operand(ComparisonRule c) =>
        c.Value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
}

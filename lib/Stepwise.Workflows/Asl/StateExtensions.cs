using System.Collections.Immutable;

namespace Stepwise.Workflows.Asl;

/// <summary>Navigation helpers over states.</summary>
public static class StateExtensions
{
    /// <summary>The nested state machines: a Parallel's branches or a Map's item processor.</summary>
    public static IEnumerable<StateMachine> Children(this State state) => state switch
    {
        ParallelState p => p.Branches,
        MapState m => [m.ItemProcessor],
        _ => [],
    };

    /// <summary>The catchers of a Task, Parallel or Map state.</summary>
    public static ImmutableArray<Catcher> Catchers(this State state) => state switch
    {
        TaskState t => t.Catch,
        ParallelState p => p.Catch,
        MapState m => m.Catch,
        _ => [],
    };

    /// <summary>The retriers of a Task, Parallel or Map state.</summary>
    public static ImmutableArray<Retry> Retriers(this State state) => state switch
    {
        TaskState t => t.Retry,
        ParallelState p => p.Retry,
        MapState m => m.Retry,
        _ => [],
    };

    /// <summary>Every transition out of the state: Next, choices, Default, catchers.</summary>
    public static IEnumerable<Transition> Transitions(this State state)
    {
        if (state.Next is { } next) yield return new(next, TransitionKind.Next, null);
        if (state is ChoiceState choice)
        {
            foreach (var c in choice.Choices) yield return new(c.Next, TransitionKind.Choice, c);
            if (choice.Default is { } d) yield return new(d, TransitionKind.Default, null);
        }
        foreach (var c in state.Catchers()) yield return new(c.Next, TransitionKind.Catch, c);
    }

    /// <summary>The state's JSONPath-only fields, by ASL name: paths (<see cref="JsonPath"/> or <c>string</c>) and
    /// payload templates (<see cref="System.Text.Json.Nodes.JsonNode"/>); unset ones are null.</summary>
    public static IReadOnlyList<(string Name, object? Value)> JsonPathFields(this State state)
    {
        List<(string Name, object? Value)> fields = [("InputPath", state.InputPath), ("OutputPath", state.OutputPath)];
        switch (state)
        {
            case PassState p:
                fields.AddRange([("Parameters", p.Parameters), ("ResultPath", p.ResultPath)]);
                break;
            case TaskState t:
                fields.AddRange([("Parameters", t.Parameters), ("ResultSelector", t.ResultSelector), ("ResultPath", t.ResultPath),
                    ("TimeoutSecondsPath", t.TimeoutSecondsPath), ("HeartbeatSecondsPath", t.HeartbeatSecondsPath)]);
                break;
            case ParallelState p:
                fields.AddRange([("Parameters", p.Parameters), ("ResultSelector", p.ResultSelector), ("ResultPath", p.ResultPath)]);
                break;
            case MapState m:
                fields.AddRange([("Parameters", m.Parameters), ("ResultSelector", m.ResultSelector), ("ResultPath", m.ResultPath),
                    ("ItemsPath", m.ItemsPath), ("MaxConcurrencyPath", m.MaxConcurrencyPath)]);
                break;
            case WaitState w:
                fields.AddRange([("SecondsPath", w.SecondsPath), ("TimestampPath", w.TimestampPath)]);
                break;
            case FailState f:
                fields.AddRange([("ErrorPath", f.ErrorPath), ("CausePath", f.CausePath)]);
                break;
        }
        return fields;
    }

    /// <summary>The state's JSONata-only fields, by ASL name; unset ones are null.</summary>
    public static IReadOnlyList<(string Name, System.Text.Json.Nodes.JsonNode? Value)> JsonataFields(this State state) => state switch
    {
        TaskState t => [("Output", state.Output), ("Arguments", t.Arguments)],
        ParallelState p => [("Output", state.Output), ("Arguments", p.Arguments)],
        MapState m => [("Output", state.Output), ("Items", m.Items)],
        _ => [("Output", state.Output)],
    };
}

/// <summary>How a transition arises.</summary>
public enum TransitionKind
{
    /// <summary>The state's <c>Next</c>.</summary>
    Next,

    /// <summary>A Choice rule's <c>Next</c>.</summary>
    Choice,

    /// <summary>A Choice state's <c>Default</c>.</summary>
    Default,

    /// <summary>A catcher's <c>Next</c>.</summary>
    Catch,
}

/// <summary>A transition to the state named <paramref name="Target"/>.</summary>
/// <param name="Target">The target state's name.</param>
/// <param name="Kind">Next, Choice, Default or Catch.</param>
/// <param name="Source">The <see cref="Choice"/> or <see cref="Catcher"/> it comes from, if any.</param>
public sealed record Transition(string Target, TransitionKind Kind, object? Source);

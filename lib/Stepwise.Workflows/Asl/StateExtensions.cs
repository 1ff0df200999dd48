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

using System.Collections.Immutable;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>Turns linked steps into a state machine definition: collects every step reachable from the start
/// (the Next chain first, then Choice defaults and rules, then catchers), checks names and placeholders, and writes ASL.</summary>
public sealed class Graph(IChainable start)
{
    /// <summary>The first step.</summary>
    public IChainable Start { get; } = start;

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    /// <summary>ASL version, e.g. "1.0".</summary>
    public string? Version { get; init; }

    /// <summary>Execution timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Default query language.</summary>
    public QueryLanguage? QueryLanguage { get; init; }

    /// <summary>The steps of this graph (not of nested branches), in definition order.</summary>
    /// <exception cref="ArgumentException">Two different steps share a name.</exception>
    public IReadOnlyList<Step> Steps()
    {
        var ordered = new List<Step>();
        var byName = new Dictionary<string, Step>();
        var pending = new Queue<Step>();
        pending.Enqueue(Start.First);
        while (pending.Count > 0)
        {
            for (var step = pending.Dequeue(); step is not null; step = step.NextStep)
            {
                if (byName.TryGetValue(step.Name, out var known))
                {
                    if (!ReferenceEquals(known, step))
                        throw new ArgumentException($"Duplicate state name '{step.Name}': two different steps ({known} and {step}) share it; state names must be unique.");
                    break;
                }

                byName[step.Name] = step;
                ordered.Add(step);
                foreach (var other in step.OtherTargets) pending.Enqueue(other);
            }
        }

        return ordered;
    }

    /// <summary>The state machine definition.</summary>
    /// <exception cref="ArgumentException">Duplicate names, an illegal placeholder, or an invalid step.</exception>
    public StateMachine Build()
    {
        var steps = Steps();
        CheckPlaceholders(steps);
        return new StateMachine(Start.First.Name, [.. steps.Select(s => s.ToState())])
        {
            Comment = Comment,
            Version = Version,
            TimeoutSeconds = TimeoutSeconds,
            QueryLanguage = QueryLanguage,
        };
    }

    /// <summary>The ASL JSON text.</summary>
    public string ToJson(bool indented = true) => Build().ToJson(indented);

    /// <summary>A step may use another step's <c>Output()</c> only when that step directly precedes it.</summary>
    private static void CheckPlaceholders(IReadOnlyList<Step> steps)
    {
        foreach (var step in steps)
            foreach (var (_, value) in step.TemplateFields)
                foreach (var (key, placeholder) in ParameterValues.Placeholders(value))
                    if (placeholder.Root is StepInput { Owner: { } owner } && !ReferenceEquals(owner.NextStep, step))
                        throw new ArgumentException($"State '{step.Name}' is using an illegal placeholder for the '{key}' parameter: " +
                                                    $"it refers to the output of '{owner.Name}', which does not directly precede it.");
    }
}

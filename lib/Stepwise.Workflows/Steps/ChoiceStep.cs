using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Choice state: <see cref="AddChoice"/> rules with their next steps and an optional <see cref="Default"/>.
/// Chaining after a Choice (<c>Next</c>, or a <see cref="Chain"/>) sets its default, as in the Python SDK.</summary>
public sealed class ChoiceStep(string name) : Step(name)
{
    private readonly List<(ChoiceRule Rule, Step Next, object? Assign)> _choices = [];

    /// <inheritdoc />
    public override string Type => "Choice";

    /// <summary>The step taken when no rule matches.</summary>
    public Step? DefaultStep { get; private set; }

    /// <summary>The rules and their next steps, in order.</summary>
    public IReadOnlyList<(ChoiceRule Rule, Step Next)> Choices => [.. _choices.Select(c => (c.Rule, c.Next))];

    /// <summary>Adds a rule and the step to go to when it holds; returns this step.</summary>
    public ChoiceStep AddChoice(ChoiceRule rule, IChainable next, object? assign = null)
    {
        _choices.Add((rule, next.First, assign));
        return this;
    }

    /// <summary>Sets the default step; returns this step.</summary>
    public ChoiceStep Default(IChainable next)
    {
        DefaultStep = next.First;
        return this;
    }

    /// <summary>Sets the default (a Choice has no Next).</summary>
    public override IChainable Next(IChainable next)
    {
        Default(next);
        return next;
    }

    /// <inheritdoc />
    public override IEnumerable<Step> OtherTargets => (DefaultStep is null ? [] : new[] { DefaultStep }).Concat(_choices.Select(c => c.Next));

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The Choice has no rules.</exception>
    public override State ToState()
    {
        if (_choices.Count == 0) throw new ArgumentException($"Choice state '{Name}': at least one choice rule is required ('Choices' is empty).");
        return WithCommon(new ChoiceState(Name)
        {
            Choices = [.. _choices.Select(c => new Choice(c.Rule, c.Next.Name) { Assign = Template(c.Assign, "Assign") })],
            Default = DefaultStep?.Name,
        });
    }
}

using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Parallel state: <see cref="AddBranch"/> sub-workflows that run at once on the same input.</summary>
public sealed class ParallelStep(string name) : RetryableStep(name)
{
    private readonly List<IChainable> _branches = [];

    /// <inheritdoc />
    public override string Type => "Parallel";

    /// <summary>Payload template given to every branch.</summary>
    public object? Parameters { get; init; }

    /// <summary>JSONata arguments.</summary>
    public object? Arguments { get; init; }

    /// <summary>Template applied to the array of results.</summary>
    public object? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input.</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>The branches, in order.</summary>
    public IReadOnlyList<IChainable> Branches => _branches;

    /// <summary>Adds a branch (a step or a chain); returns this step.</summary>
    public ParallelStep AddBranch(IChainable branch)
    {
        _branches.Add(branch);
        return this;
    }

    /// <inheritdoc />
    public override IEnumerable<IChainable> Children => _branches;

    internal override IEnumerable<(string Field, object? Value)> TemplateFields => [("Parameters", Parameters)];

    /// <inheritdoc />
    public override State ToState() => WithCommon(new ParallelState(Name)
    {
        Branches = [.. _branches.Select(b => new Graph(b).Build())],
        Parameters = Template(Parameters, "Parameters"),
        Arguments = Template(Arguments, "Arguments"),
        ResultSelector = Template(ResultSelector, "ResultSelector"),
        ResultPath = ResultPath,
        Retry = Retriers,
        Catch = Catchers,
    });
}

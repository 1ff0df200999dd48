using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>Something that can be chained: a step, or a <see cref="Chain"/> of steps.</summary>
public interface IChainable
{
    /// <summary>The step a transition into this goes to.</summary>
    Step First { get; }

    /// <summary>The step a transition out of this leaves from.</summary>
    Step Last { get; }
}

/// <summary>A named step of a workflow, as in the Python Step Functions Data Science SDK: set its fields, link it with
/// <see cref="Next(IChainable)"/> (or a <see cref="Chain"/>), and a <see cref="Graph"/> turns the linked steps into ASL.</summary>
public abstract class Step : IChainable
{
    private StepInput? _output;

    /// <summary>A step with a state name (1–80 characters, unique in the workflow).</summary>
    protected Step(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > Validation.DefinitionValidator.MaxStateNameLength)
            throw new ArgumentException($"State name '{name[..40]}...' is {name.Length} characters; the maximum is {Validation.DefinitionValidator.MaxStateNameLength}.", nameof(name));
        Name = name;
    }

    /// <summary>The state name.</summary>
    public string Name { get; }

    /// <summary>The ASL type name.</summary>
    public abstract string Type { get; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    /// <summary>The step's own query language.</summary>
    public QueryLanguage? QueryLanguage { get; init; }

    /// <summary>Selects part of the input (JSONPath); <see cref="JsonPath.Discard"/> writes null.</summary>
    public JsonPath? InputPath { get; init; }

    /// <summary>Selects part of the output (JSONPath).</summary>
    public JsonPath? OutputPath { get; init; }

    /// <summary>The JSONata <c>Output</c> field.</summary>
    public object? OutputExpression { get; init; }

    /// <summary>Variables to assign (<c>Assign</c>), e.g. <c>new { count = "{% $states.result.n %}" }</c>.</summary>
    public object? Assign { get; init; }

    /// <summary>The step this one transitions to, once linked.</summary>
    public Step? NextStep { get; private set; }

    Step IChainable.First => this;

    Step IChainable.Last => this;

    /// <summary>Links this step to the next and returns the next, so calls chain: <c>a.Next(b).Next(c)</c>.</summary>
    /// <exception cref="InvalidOperationException">This step type never transitions (Succeed, Fail).</exception>
    public virtual IChainable Next(IChainable next)
    {
        NextStep = next.First;
        return next;
    }

    /// <summary>This step's output as a placeholder for the next step's parameters: <c>training.Output()["ModelArtifacts"]</c>.</summary>
    public StepInput Output() => _output ??= new StepInput(this);

    /// <summary>The ASL state for this step, with transitions named by the linked steps.</summary>
    public abstract State ToState();

    /// <summary>The ASL JSON of this state alone.</summary>
    public string ToJson() => Serialization.AslWriter.Write(ToState()).ToJsonString(Serialization.AslWriter.Options(indented: true));

    /// <summary>The steps this one can transition to besides <see cref="NextStep"/> (choices, default, catchers).</summary>
    public virtual IEnumerable<Step> OtherTargets => [];

    /// <summary>The nested step graphs (Parallel branches, Map processor).</summary>
    public virtual IEnumerable<IChainable> Children => [];

    /// <summary>The values that may hold placeholders, by field name.</summary>
    internal virtual IEnumerable<(string Field, object? Value)> TemplateFields => [];

    /// <summary>Fills the fields every state type shares.</summary>
    protected T WithCommon<T>(T state) where T : State => state with
    {
        Comment = Comment,
        QueryLanguage = QueryLanguage,
        InputPath = InputPath,
        OutputPath = OutputPath,
        Output = ParameterValues.ToJson(OutputExpression, "Output"),
        Assign = ParameterValues.ToJson(Assign, "Assign"),
        Next = state.HasNoTransition ? null : NextStep?.Name,
        End = !state.HasNoTransition && NextStep is null,
    };

    /// <summary>The JSON of a template field, with placeholders written as <c>Key.$</c> paths.</summary>
    protected static JsonNode? Template(object? value, string field) => ParameterValues.ToJson(value, field);

    /// <inheritdoc />
    public override string ToString() => $"{Type} '{Name}'";
}

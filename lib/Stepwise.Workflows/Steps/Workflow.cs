using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Export;
using Stepwise.Workflows.Validation;

namespace Stepwise.Workflows;

/// <summary>A named state machine with the IAM role Step Functions assumes to run it, as in the Python SDK's <c>Workflow</c>.</summary>
public sealed partial class Workflow
{
    private readonly Func<StateMachine> _build;

    /// <summary>A workflow from linked steps (a step or a <see cref="Chain"/>).</summary>
    public Workflow(string name, IChainable definition, string roleArn)
    {
        Name = CheckName(name);
        RoleArn = roleArn;
        Steps = definition;
        _build = () => new Graph(definition) { Comment = Comment, Version = Version, TimeoutSeconds = TimeoutSeconds, QueryLanguage = QueryLanguage }.Build();
    }

    /// <summary>A workflow from an existing definition (e.g. read with <see cref="StateMachine.FromJson"/>).</summary>
    public Workflow(string name, StateMachine definition, string roleArn)
    {
        Name = CheckName(name);
        RoleArn = roleArn;
        _build = () => definition;
    }

    /// <summary>The state machine name (1–80 characters: letters, digits, - and _).</summary>
    public string Name { get; }

    /// <summary>The role Step Functions assumes.</summary>
    public string RoleArn { get; }

    /// <summary>The steps it was built from, when it was built from steps.</summary>
    public IChainable? Steps { get; }

    /// <summary>Comment of the definition.</summary>
    public string? Comment { get; init; }

    /// <summary>ASL version of the definition.</summary>
    public string? Version { get; init; }

    /// <summary>Execution timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Default query language.</summary>
    public QueryLanguage? QueryLanguage { get; init; }

    /// <summary>The execution input placeholder whose schema <c>execute</c> input is checked against.</summary>
    public ExecutionInput? ExecutionInput { get; init; }

    /// <summary>The state machine definition, built from the steps now.</summary>
    public StateMachine Definition => _build();

    /// <summary>The ASL JSON text.</summary>
    public string ToJson(bool indented = true) => Definition.ToJson(indented);

    /// <summary>Checks the definition as Step Functions would.</summary>
    public ValidationReport Validate() => Definition.Validate();

    /// <summary>A CloudFormation template (YAML) with an <c>AWS::StepFunctions::StateMachine</c> resource.</summary>
    public string GetCloudFormationTemplate(string? description = null) =>
        CloudFormationTemplate.ForStateMachine(Name, Definition, RoleArn, description);

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Invalid state machine name '{name}': use 1–80 characters from letters, digits, '-' and '_'.", nameof(name));
        return name;
    }
}

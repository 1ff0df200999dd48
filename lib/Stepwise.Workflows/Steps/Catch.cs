namespace Stepwise.Workflows;

/// <summary>A catcher while authoring: errors to catch and the step to go to.</summary>
/// <param name="ErrorEquals">Error names, e.g. <c>["States.ALL"]</c>.</param>
/// <param name="NextStep">The fallback step.</param>
public sealed record Catch(IReadOnlyList<string> ErrorEquals, Step NextStep)
{
    /// <summary>Where the error output goes in the input.</summary>
    public Asl.JsonPath? ResultPath { get; init; }

    /// <summary>Variables to assign.</summary>
    public object? Assign { get; init; }

    /// <summary>JSONata output.</summary>
    public object? Output { get; init; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    internal Asl.Catcher ToCatcher() => new([.. ErrorEquals], NextStep.Name)
    {
        ResultPath = ResultPath,
        Assign = ParameterValues.ToJson(Assign, "Assign") as System.Text.Json.Nodes.JsonObject,
        Output = ParameterValues.ToJson(Output, "Output"),
        Comment = Comment,
    };
}

namespace Stepwise.Workflows.Asl;

/// <summary>The query language of a state machine or state (ASL <c>QueryLanguage</c>).</summary>
public enum QueryLanguage
{
    /// <summary>JSONPath with InputPath/Parameters/ResultSelector/ResultPath/OutputPath (the default).</summary>
    JSONPath,

    /// <summary>JSONata with Arguments/Output/Assign and <c>{% … %}</c> expressions (2024).</summary>
    JSONata,
}

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>The response a Task's service gives Step Functions, as a generated contract type; <paramref name="AnyJson"/>
/// names the members Step Functions hands on as JSON rather than as the model types them (Lambda's <c>Payload</c>).</summary>
public sealed record ResponseShape(Type Type, IReadOnlySet<string> AnyJson)
{
    public static ResponseShape Of<T>(params string[] anyJson) => new(typeof(T), new HashSet<string>(anyJson, StringComparer.Ordinal));
}

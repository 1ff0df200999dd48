using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    /// <summary>The state machine (or version, or alias and the version it routes this execution to) a StartExecution
    /// names, and the mock-config test case after its <c>#</c>, as Step Functions Local reads
    /// <c>arn:aws:states:…:stateMachine:Name#TestCase</c>.</summary>
    private (StateMachineRecord Machine, StateMachineVersionRecord? Version, string? AliasArn, MockTestCase? TestCase) RequireStateMachineAndTestCase(string arn)
    {
        var hash = arn.IndexOf('#', StringComparison.Ordinal);
        var (machine, version, alias) = RequireExecutionTarget(hash < 0 ? arn : arn[..hash]);
        if (hash < 0) return (machine, version, alias, null);
        var name = arn[(hash + 1)..];
        var cases = Mocks.TestCases(machine.Name);
        if (!cases.TryGetValue(name, out var testCase))
            throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineDoesNotExist,
                $"State Machine Does Not Exist: '{arn}': the mock configuration has no test case '{name}' for the state machine '{machine.Name}'"
                + (cases.Count == 0 ? "" : $" (its test cases: {string.Join(", ", cases.Keys.Order(StringComparer.Ordinal))})"));
        return (machine, version, alias, testCase);
    }
}

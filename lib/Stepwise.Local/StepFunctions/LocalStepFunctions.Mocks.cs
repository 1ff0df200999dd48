using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    /// <summary>The state machine (or version) a StartExecution names, and the mock-config test case after its <c>#</c>,
    /// as Step Functions Local reads <c>arn:aws:states:…:stateMachine:Name#TestCase</c>.</summary>
    private (StateMachineRecord Machine, StateMachineVersionRecord? Version, MockTestCase? TestCase) RequireStateMachineAndTestCase(string arn)
    {
        var hash = arn.IndexOf('#', StringComparison.Ordinal);
        var (machine, version) = RequireStateMachineOrVersion(hash < 0 ? arn : arn[..hash]);
        if (hash < 0) return (machine, version, null);
        var name = arn[(hash + 1)..];
        var cases = Mocks.TestCases(machine.Name);
        if (!cases.TryGetValue(name, out var testCase))
            throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineDoesNotExist,
                $"State Machine Does Not Exist: '{arn}': the mock configuration has no test case '{name}' for the state machine '{machine.Name}'"
                + (cases.Count == 0 ? "" : $" (its test cases: {string.Join(", ", cases.Keys.Order(StringComparer.Ordinal))})"));
        return (machine, version, testCase);
    }

    /// <summary>The state machine ARN without a <c>#TestCase</c> suffix.</summary>
    private static string StateMachineArnOf(string arn) =>
        arn.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? arn[..hash] : arn;
}

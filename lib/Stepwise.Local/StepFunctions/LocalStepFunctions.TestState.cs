using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.TestState;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    /// <summary>TestState: runs one state (the definition, or <c>stateName</c> of a whole machine) once on an input,
    /// under an optional mock of its service, Map or Parallel, and reports its status, output and next state, with
    /// the data flow at DEBUG and the HTTP exchange at TRACE. Nothing is stored.</summary>
    public async Task<TestStateOutput> TestStateAsync(TestStateInput input, CancellationToken cancellationToken = default)
    {
        var plan = TestStatePlan.From(input);
        var executionInput = CheckInput(input.Input);
        // AWS runs a tested state as an express execution: its context object has an express ARN and no RedriveCount.
        var name = Guid.NewGuid().ToString();
        var start = new ExecutionStart($"arn:aws:states:{_options.Region}:{_options.Account}:express:TestState:{name}", name,
            $"arn:aws:states:{_options.Region}:{_options.Account}:stateMachine:TestState", "TestState",
            input.RoleArn ?? $"arn:aws:iam::{_options.Account}:role/TestState", plan.Machine, executionInput, _options.Clock.UtcNow);
        var result = await _engine.TestStateAsync(start, plan.Variables, plan.Test, cancellationToken).ConfigureAwait(false);
        return new TestStateOutput
        {
            Status = result.Status,
            Output = result.Output,
            NextState = result.Next,
            Error = result.Error,
            Cause = result.Cause,
            InspectionData = plan.InspectionLevel == InspectionLevel.Info ? null
                : plan.Test.Inspection.ToInspectionData(trace: plan.InspectionLevel == InspectionLevel.Trace),
        };
    }
}

namespace Stepwise.Workflows;

/// <summary>Starts an execution of another state machine (<c>states:startExecution</c>): <c>StateMachineArn</c>, <c>Name</c>, <c>Input</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class StepFunctionsStartExecutionStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>states:startExecution</c>, by default waiting for the child execution with its output parsed as JSON (<c>.sync:2</c>).</summary>
    public StepFunctionsStartExecutionStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "states", "startExecution", integrationPattern,
            [IntegrationPattern.WaitForCompletion, IntegrationPattern.WaitForTaskToken, IntegrationPattern.CallAndContinue], syncVersion: 2) { }
}

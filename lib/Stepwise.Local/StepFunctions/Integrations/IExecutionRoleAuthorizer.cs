namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>What Step Functions checks of a state machine's execution role: that it may assume the role (at
/// CreateStateMachine and UpdateStateMachine), and that the role allows each call a Task state makes with it.</summary>
public interface IExecutionRoleAuthorizer
{
    /// <summary>Returns when <c>states.amazonaws.com</c> may assume <paramref name="roleArn"/> for the state machine and the
    /// role may create the managed rules its <c>.sync</c> tasks need; throws AWS's <c>AccessDeniedException</c> when not.</summary>
    void CheckStateMachineRole(string stateMachineArn, string roleArn, string definition);

    /// <summary>Returns when the invocation's role allows the call (and its <c>.sync</c> wait); throws a
    /// <see cref="StatesException"/> named as the service's SDK error, which the task fails with, when not.</summary>
    void AuthorizeTask(TaskInvocation invocation);
}

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>The types of the events a state records on entering and leaving (<c>PassStateEntered</c>…), as constants:
/// two events of every state, so not a new string each time.</summary>
internal static class StateEventTypes
{
    public static string Entered(string stateType) => stateType switch
    {
        "Pass" => "PassStateEntered",
        "Task" => "TaskStateEntered",
        "Choice" => "ChoiceStateEntered",
        "Wait" => "WaitStateEntered",
        "Succeed" => "SucceedStateEntered",
        "Fail" => "FailStateEntered",
        "Parallel" => "ParallelStateEntered",
        "Map" => "MapStateEntered",
        _ => stateType + "StateEntered",
    };

    public static string Exited(string stateType) => stateType switch
    {
        "Pass" => "PassStateExited",
        "Task" => "TaskStateExited",
        "Choice" => "ChoiceStateExited",
        "Wait" => "WaitStateExited",
        "Succeed" => "SucceedStateExited",
        "Fail" => "FailStateExited",
        "Parallel" => "ParallelStateExited",
        "Map" => "MapStateExited",
        _ => stateType + "StateExited",
    };
}

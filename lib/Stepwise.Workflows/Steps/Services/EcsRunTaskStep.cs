namespace Stepwise.Workflows;

/// <summary>Runs an Amazon ECS task (<c>ecs:runTask</c>): <c>TaskDefinition</c>, <c>Cluster</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EcsRunTaskStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>ecs:runTask</c>; by default it waits for the job to finish (<c>.sync</c>).</summary>
    public EcsRunTaskStep(string name, bool waitForCompletion = true)
        : base(name, "ecs", "runTask", Job(waitForCompletion), JobPatterns) { }
}

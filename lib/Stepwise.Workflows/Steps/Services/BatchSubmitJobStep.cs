namespace Stepwise.Workflows;

/// <summary>Submits an AWS Batch job (<c>batch:submitJob</c>): <c>JobName</c>, <c>JobQueue</c>, <c>JobDefinition</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class BatchSubmitJobStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>batch:submitJob</c>; by default it waits for the job to finish (<c>.sync</c>).</summary>
    public BatchSubmitJobStep(string name, bool waitForCompletion = true)
        : base(name, "batch", "submitJob", Job(waitForCompletion), JobPatterns) { }
}

namespace Stepwise.Workflows;

/// <summary>Starts an AWS Glue job run (<c>glue:startJobRun</c>): <c>JobName</c>, <c>Arguments</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class GlueStartJobRunStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>glue:startJobRun</c>; by default it waits for the job to finish (<c>.sync</c>).</summary>
    public GlueStartJobRunStep(string name, bool waitForCompletion = true)
        : base(name, "glue", "startJobRun", Job(waitForCompletion), JobPatterns) { }
}

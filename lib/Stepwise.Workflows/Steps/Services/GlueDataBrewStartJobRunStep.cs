namespace Stepwise.Workflows;

/// <summary>Starts an AWS Glue DataBrew job run (<c>databrew:startJobRun</c>): <c>Name</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class GlueDataBrewStartJobRunStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>databrew:startJobRun</c>, by default waiting for the run (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public GlueDataBrewStartJobRunStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "databrew", "startJobRun", integrationPattern, JobPatterns) { }
}

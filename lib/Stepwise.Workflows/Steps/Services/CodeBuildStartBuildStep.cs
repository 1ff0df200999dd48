namespace Stepwise.Workflows;

/// <summary>Starts an AWS CodeBuild build (<c>codebuild:startBuild</c>): <c>ProjectName</c>, <c>EnvironmentVariablesOverride</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class CodeBuildStartBuildStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>codebuild:startBuild</c>; by default it waits for the job to finish (<c>.sync</c>).</summary>
    public CodeBuildStartBuildStep(string name, bool waitForCompletion = true)
        : base(name, "codebuild", "startBuild", Job(waitForCompletion), JobPatterns) { }
}

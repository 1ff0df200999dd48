using Stepwise.Local.Iam;

namespace Stepwise.Local.SageMaker;

/// <summary>What the local SageMaker asks before it acts with a job's or model's execution role (with
/// <see cref="LocalCloudOptions.EnforceIam"/>): may <c>sagemaker.amazonaws.com</c> assume the role, and may the role's
/// session do an action on a resource. Null in the options: nothing is checked.</summary>
public interface ISageMakerRoleAuthorizer
{
    /// <summary>Whether the role exists and its trust policy lets <c>sagemaker.amazonaws.com</c> assume it for
    /// <paramref name="sourceArn"/> (the job or model being created).</summary>
    bool CanAssume(string roleArn, string sourceArn);

    /// <summary>The decision for the role's session (<c>assumed-role/{role}/SageMaker</c>) doing <paramref name="action"/> on <paramref name="resource"/>.</summary>
    AccessDecision Decide(string roleArn, string action, string resource);
}

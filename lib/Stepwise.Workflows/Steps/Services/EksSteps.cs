namespace Stepwise.Workflows;

/// <summary>Creates an Amazon EKS cluster (<c>eks:createCluster</c>): <c>Name</c>, <c>RoleArn</c>, <c>ResourcesVpcConfig</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksCreateClusterStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:createCluster</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksCreateClusterStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "createCluster", integrationPattern, JobPatterns) { }
}

/// <summary>Deletes an Amazon EKS cluster (<c>eks:deleteCluster</c>): <c>Name</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksDeleteClusterStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:deleteCluster</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksDeleteClusterStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "deleteCluster", integrationPattern, JobPatterns) { }
}

/// <summary>Creates an EKS Fargate profile (<c>eks:createFargateProfile</c>): <c>ClusterName</c>, <c>FargateProfileName</c>, <c>PodExecutionRoleArn</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksCreateFargateProfileStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:createFargateProfile</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksCreateFargateProfileStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "createFargateProfile", integrationPattern, JobPatterns) { }
}

/// <summary>Deletes an EKS Fargate profile (<c>eks:deleteFargateProfile</c>): <c>ClusterName</c>, <c>FargateProfileName</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksDeleteFargateProfileStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:deleteFargateProfile</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksDeleteFargateProfileStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "deleteFargateProfile", integrationPattern, JobPatterns) { }
}

/// <summary>Creates an EKS node group (<c>eks:createNodegroup</c>): <c>ClusterName</c>, <c>NodegroupName</c>, <c>NodeRole</c>, <c>Subnets</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksCreateNodegroupStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:createNodegroup</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksCreateNodegroupStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "createNodegroup", integrationPattern, JobPatterns) { }
}

/// <summary>Deletes an EKS node group (<c>eks:deleteNodegroup</c>): <c>ClusterName</c>, <c>NodegroupName</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksDeleteNodegroupStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:deleteNodegroup</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksDeleteNodegroupStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "deleteNodegroup", integrationPattern, JobPatterns) { }
}

/// <summary>Runs a Kubernetes job on an EKS cluster (<c>eks:runJob</c>): <c>ClusterName</c>, <c>CertificateAuthority</c>, <c>Endpoint</c>, <c>Job</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksRunJobStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:runJob</c>, by default waiting for it to finish (<c>.sync</c>); WaitForTaskToken is rejected.</summary>
    /// <exception cref="ArgumentException">The pattern is <see cref="IntegrationPattern.WaitForTaskToken"/>.</exception>
    public EksRunJobStep(string name, IntegrationPattern integrationPattern = IntegrationPattern.WaitForCompletion)
        : base(name, "eks", "runJob", integrationPattern, JobPatterns) { }
}

/// <summary>Calls the Kubernetes API of an EKS cluster (<c>eks:call</c>): <c>ClusterName</c>, <c>CertificateAuthority</c>, <c>Endpoint</c>, <c>Method</c>, <c>Path</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EksCallStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>eks:call</c> (request and response only).</summary>
    public EksCallStep(string name)
        : base(name, "eks", "call", IntegrationPattern.CallAndContinue, CallOnly) { }
}

namespace Stepwise.Workflows;

/// <summary>Creates an Amazon EMR cluster (<c>elasticmapreduce:createCluster</c>): <c>Name</c>, <c>ReleaseLabel</c>, <c>Instances</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrCreateClusterStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:createCluster</c>; by default it waits for the cluster or step (<c>.sync</c>).</summary>
    public EmrCreateClusterStep(string name, bool waitForCompletion = true)
        : base(name, "elasticmapreduce", "createCluster", Job(waitForCompletion), JobPatterns) { }
}

/// <summary>Terminates an EMR cluster (<c>elasticmapreduce:terminateCluster</c>): <c>ClusterId</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrTerminateClusterStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:terminateCluster</c>; by default it waits for the cluster or step (<c>.sync</c>).</summary>
    public EmrTerminateClusterStep(string name, bool waitForCompletion = true)
        : base(name, "elasticmapreduce", "terminateCluster", Job(waitForCompletion), JobPatterns) { }
}

/// <summary>Adds a step to a running EMR cluster (<c>elasticmapreduce:addStep</c>): <c>ClusterId</c>, <c>Step</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrAddStepStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:addStep</c>; by default it waits for the cluster or step (<c>.sync</c>).</summary>
    public EmrAddStepStep(string name, bool waitForCompletion = true)
        : base(name, "elasticmapreduce", "addStep", Job(waitForCompletion), JobPatterns) { }
}

/// <summary>Cancels a pending EMR step (<c>elasticmapreduce:cancelStep</c>): <c>ClusterId</c>, <c>StepId</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrCancelStepStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:cancelStep</c> (request and response only).</summary>
    public EmrCancelStepStep(string name)
        : base(name, "elasticmapreduce", "cancelStep", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Locks or unlocks an EMR cluster against termination (<c>elasticmapreduce:setClusterTerminationProtection</c>): <c>ClusterId</c>, <c>TerminationProtected</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrSetClusterTerminationProtectionStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:setClusterTerminationProtection</c> (request and response only).</summary>
    public EmrSetClusterTerminationProtectionStep(string name)
        : base(name, "elasticmapreduce", "setClusterTerminationProtection", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Modifies an EMR instance fleet by name (<c>elasticmapreduce:modifyInstanceFleetByName</c>): <c>ClusterId</c>, <c>InstanceFleetName</c>, <c>InstanceFleet</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrModifyInstanceFleetByNameStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:modifyInstanceFleetByName</c> (request and response only).</summary>
    public EmrModifyInstanceFleetByNameStep(string name)
        : base(name, "elasticmapreduce", "modifyInstanceFleetByName", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Modifies an EMR instance group by name (<c>elasticmapreduce:modifyInstanceGroupByName</c>): <c>ClusterId</c>, <c>InstanceGroupName</c>, <c>InstanceGroup</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EmrModifyInstanceGroupByNameStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>elasticmapreduce:modifyInstanceGroupByName</c> (request and response only).</summary>
    public EmrModifyInstanceGroupByNameStep(string name)
        : base(name, "elasticmapreduce", "modifyInstanceGroupByName", IntegrationPattern.CallAndContinue, CallOnly) { }
}

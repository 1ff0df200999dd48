using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Iam;
using Stepwise.Local.Testing;
using Stepwise.Workbook.Iam;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workbook.Tests;

/// <summary>The workbook's four roles: what they grant, and their create-or-update on a backend (in-process and over the
/// wire, where IAM returns documents URL-encoded).</summary>
public sealed class WorkbookRolesTests
{
    private static readonly PipelineResources Names = new("123456789012", "us-east-1");
    private static readonly WorkbookRoles Roles = WorkbookRoles.For(Names);

    [Fact]
    public void The_roles_are_the_four_the_pipeline_names()
    {
        Assert.Equal(PipelineResources.RoleNames.Order(), Roles.All.Select(r => r.Name).Order());
        Assert.Equal([Names.SageMakerRoleArn, Names.WorkflowRoleArn, Names.BuilderRoleArn, Names.CodeBuildRoleArn], Roles.All.Select(r => r.Arn));
        Assert.All(Roles.All.SelectMany(r => r.Statements), s => Assert.False(string.IsNullOrWhiteSpace(s.Why)));
    }

    [Fact]
    public void The_workflow_role_grants_exactly_what_the_pipelines_ASL_needs()
    {
        var required = WorkflowPermissions.For(MaskRCnnPipeline.Create(Names), new PermissionContext(Names.AccountId, Names.Region));

        var diff = required.CompareWith(Roles.Workflow.PolicyDocument());

        Assert.True(diff.IsExact, diff.ToString());
        Assert.Contains("Train Mask R-CNN", Roles.Workflow.Statements.Single(s => s.Statement.Actions.Contains("sagemaker:CreateTrainingJob")).Why);
    }

    [Fact]
    public void The_builder_may_pass_only_the_CodeBuild_role_and_only_to_CodeBuild()
    {
        var passRole = Roles.Builder.Statements.Single(s => s.Statement.Actions.Contains("iam:PassRole")).Statement;

        Assert.Equal(Names.CodeBuildRoleArn, Assert.Single(passRole.Resources));
        Assert.Equal(PolicyConditions.PassedToService("codebuild.amazonaws.com"), passRole.Condition);
        Assert.Equal("arn:aws:s3:::stepwise-123456789012-us-east-1/codebuild/stepwise-maskrcnn/source.zip",
            Assert.Single(Roles.Builder.Statements.Single(s => s.Statement.Actions.Contains("s3:PutObject")).Statement.Resources));
    }

    [Fact]
    public void Without_takes_one_action_out_and_the_comparison_then_names_it_missing()
    {
        var narrowed = Roles.Workflow.Without("sagemaker:CreateTrainingJob", "StepwiseWorkflowExecutionRole-NoTraining");
        var required = WorkflowPermissions.For(MaskRCnnPipeline.Create(Names), new PermissionContext(Names.AccountId, Names.Region));

        var diff = required.CompareWith(narrowed.PolicyDocument());

        Assert.Equal("arn:aws:iam::123456789012:role/StepwiseWorkflowExecutionRole-NoTraining", narrowed.Arn);
        Assert.Equal(["sagemaker:CreateTrainingJob"], diff.Missing.Select(m => m.Permission.Action));
        Assert.Empty(diff.Excess);
        Assert.Throws<ArgumentException>(() => narrowed.Without("sagemaker:CreateTrainingJob", "Again"));
    }

    [Fact]
    public async Task Ensure_creates_the_roles_then_reports_them_unchanged_and_rewrites_only_what_drifted()
    {
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });
        var iam = env.Cloud.Iam;

        var first = await Roles.EnsureAsync(iam);
        var second = await Roles.EnsureAsync(iam);
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = Roles.SageMaker.Name, PolicyName = Roles.SageMaker.PolicyName,
            PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""",
        });
        await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = Roles.CodeBuild.Name, PolicyDocument = Roles.SageMaker.TrustPolicy.ToJsonString() });
        var third = await Roles.EnsureAsync(iam);

        Assert.All(first.Steps, s => Assert.Equal("created", s.Outcome));
        Assert.All(second.Steps, s => Assert.Equal("unchanged", s.Outcome));
        Assert.Equal(["updated", "unchanged", "unchanged", "updated"], third.Steps.Select(s => s.Outcome));
        Assert.StartsWith("inline policy stepwise-sagemaker", third.Steps[0].Detail);
        Assert.StartsWith("trust policy written", third.Steps[3].Detail);
        var granted = await RoleSetup.GrantedPolicyAsync(iam, Roles.SageMaker.Name, Roles.SageMaker.PolicyName);
        Assert.Equal(PolicyConditions.Canonical(Roles.SageMaker.PolicyDocument()), PolicyConditions.Canonical(granted!));
        Assert.Contains("<table", first.Html);
    }

    [Fact]
    public async Task Ensure_over_the_wire_reads_IAMs_URL_encoded_documents_as_unchanged()
    {
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();
        using var clients = AwsClients.Create(new AwsClientOptions { EndpointUrl = env.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("AKIAADMIN", "secret") });

        await Roles.EnsureAsync(clients.Iam);
        var again = await Roles.EnsureAsync(clients.Iam);

        Assert.Equal(["unchanged", "unchanged", "unchanged", "unchanged"], again.Steps.Select(s => s.Outcome));
    }

    [Fact]
    public async Task The_simulator_denies_the_narrowed_role_what_it_lacks_and_allows_the_full_role()
    {
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });
        var narrowed = Roles.Workflow.Without("sagemaker:CreateTrainingJob", "StepwiseWorkflowExecutionRole-NoTraining");
        var job = "arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1";
        await RoleSetup.EnsureAsync(env.Cloud.Iam, [Roles.Workflow, narrowed]);

        var denied = await env.Cloud.Iam.SimulatePrincipalPolicyAsync(new SimulatePrincipalPolicyRequest { PolicySourceArn = narrowed.Arn, ActionNames = ["sagemaker:CreateTrainingJob"], ResourceArns = [job] });
        var allowed = await env.Cloud.Iam.SimulateCustomPolicyAsync(new SimulateCustomPolicyRequest { PolicyInputList = [Roles.Workflow.PolicyDocument().ToJsonString()], ActionNames = ["sagemaker:CreateTrainingJob"], ResourceArns = [job] });
        var deleted = await RoleSetup.DeleteAsync(env.Cloud.Iam, narrowed.Name);
        var gone = await RoleSetup.DeleteAsync(env.Cloud.Iam, narrowed.Name);

        Assert.Equal("implicitDeny", Assert.Single(denied.EvaluationResults!).EvalDecision);
        Assert.Equal("allowed", Assert.Single(allowed.EvaluationResults!).EvalDecision);
        Assert.Contains("implicitDeny", SimulationTable.Html(denied));
        Assert.Equal(("deleted", "already gone"), (deleted.Outcome, gone.Outcome));
    }

    [Fact]
    public async Task A_session_of_the_narrowed_role_gets_AWSs_AccessDenied_text_for_what_it_lacks()
    {
        var data = Path.Combine(Path.GetTempPath(), "stepwise-roles-" + Guid.NewGuid().ToString("N"));
        await using var cloud = await Backend.ConnectAsync(new BackendOptions
        {
            Kind = BackendKind.Local, Local = new Stepwise.Local.LocalCloudOptions { DataDirectory = data }, Log = TextWriter.Null,
        });
        var narrowed = Roles.Workflow.Without("sagemaker:CreateTrainingJob", "StepwiseWorkflowExecutionRole-NoTraining").AssumableBy("arn:aws:iam::123456789012:root");
        await RoleSetup.EnsureAsync(cloud.Iam, [narrowed]);
        var session = await cloud.Sts.AssumeRoleAsync(new Stepwise.Aws.Sts.AssumeRoleRequest { RoleArn = narrowed.Arn, RoleSessionName = "notebook-01" });
        var job = "arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1";

        var denied = LocalAccess.Explain(cloud, session.Credentials!.AccessKeyId, "sagemaker:CreateTrainingJob", job);
        var allowed = LocalAccess.Explain(cloud, session.Credentials!.AccessKeyId, "sagemaker:DescribeTrainingJob", job);

        Assert.True(LocalAccess.CanExplain(cloud));
        Assert.Equal("User: arn:aws:sts::123456789012:assumed-role/StepwiseWorkflowExecutionRole-NoTraining/notebook-01 is not authorized to perform: " +
                     $"sagemaker:CreateTrainingJob on resource: {job} because no identity-based policy allows the sagemaker:CreateTrainingJob action", denied);
        Assert.StartsWith("allowed", allowed);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Cli.Environment;
using Stepwise.Workbook;
using Stepwise.Workbook.Build;
using Stepwise.Workflows.Permissions;

namespace Environment.Tests;

/// <summary>environment/cloudformation/workbook.yaml: the workflow role grants what the pipeline's ASL needs and no
/// more (computed by Stepwise.Workflows.Permissions), and the names are those the notebooks use.</summary>
public sealed class WorkbookTemplateTests
{
    private static readonly string TemplateFile = RepositoryPaths.Of("environment", "cloudformation", "workbook.yaml");
    private static readonly PipelineResources Names = new(CloudFormationYaml.Account, CloudFormationYaml.Region);

    private static JsonObject Template() => CloudFormationYaml.Load(TemplateFile);

    private static JsonObject Resource(string logicalId) =>
        Template()["Resources"]?[logicalId] as JsonObject ?? throw new KeyNotFoundException($"No resource {logicalId} in {TemplateFile}.");

    private static JsonObject PolicyOf(string roleLogicalId)
    {
        var policies = Resource(roleLogicalId)["Properties"]!["Policies"]!.AsArray();
        var statements = new JsonArray([.. policies.SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.DeepClone())]);
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
    }

    [Fact]
    public void The_generated_block_is_what_regenerating_from_the_pipeline_writes()
    {
        var committed = File.ReadAllText(TemplateFile);

        var regenerated = WorkflowRolePolicy.Regenerate(committed, WorkflowRolePolicy.Required());

        Assert.True(regenerated == committed,
            $"{TemplateFile} is out of date with MaskRCnnPipeline: run `dotnet run --project lib/Stepwise.Cli -- environment workflow-policy --write`.");
    }

    [Fact]
    public void The_workflow_role_grants_every_action_the_pipeline_needs_and_nothing_broader()
    {
        var required = WorkflowPermissions.For(MaskRCnnPipeline.Create(Names), new PermissionContext(CloudFormationYaml.Account, CloudFormationYaml.Region));

        var diff = required.CompareWith(PolicyOf("WorkflowExecutionRole"));

        Assert.True(diff.IsExact, diff.ToString());
        Assert.Contains(required.Permissions, p => p.Action == "sagemaker:CreateTrainingJob"); // the comparison has something to compare
    }

    [Fact]
    public void A_workflow_role_missing_a_statement_or_granting_more_fails_the_comparison()
    {
        var required = WorkflowPermissions.For(MaskRCnnPipeline.Create(Names), new PermissionContext(CloudFormationYaml.Account, CloudFormationYaml.Region));
        var policy = PolicyOf("WorkflowExecutionRole");
        var statements = policy["Statement"]!.AsArray();
        statements.RemoveAt(0);
        statements.Add(JsonNode.Parse("""{ "Effect": "Allow", "Action": "sagemaker:*", "Resource": "*" }"""));

        var diff = required.CompareWith(policy);

        Assert.Equal(["lambda:InvokeFunction", "lambda:InvokeFunction"], diff.Missing.Select(m => m.Permission.Action));
        Assert.Equal("sagemaker:* on *", Assert.Single(diff.Excess).Permission.ToString());
    }

    [Fact]
    public void The_roles_bucket_and_repository_have_the_names_the_pipeline_uses()
    {
        Assert.Equal(Names.SageMakerRoleArn.Split('/')[^1], (string?)Resource("SageMakerExecutionRole")["Properties"]!["RoleName"]);
        Assert.Equal(Names.WorkflowRoleArn.Split('/')[^1], (string?)Resource("WorkflowExecutionRole")["Properties"]!["RoleName"]);
        Assert.Equal(Names.Bucket, "s3://" + (string?)Resource("WorkbookBucket")["Properties"]!["BucketName"]);
        Assert.Equal(Names.ImageUri.Split('/')[1].Split(':')[0], (string?)Resource("ImageRepository")["Properties"]!["RepositoryName"]);
    }

    [Fact]
    public void The_builder_Lambda_and_the_CodeBuild_project_are_the_ones_the_pipeline_calls()
    {
        var build = MaskRCnnPipeline.Create(Names).Definition["Calls CodeBuild to Build Container"];
        var parameters = ((Stepwise.Workflows.Asl.TaskState)build).Parameters!;

        var function = Resource("BuilderFunction")["Properties"]!;
        Assert.Equal((string?)parameters["FunctionName"], (string?)function["FunctionName"]);
        Assert.Equal("provided.al2023", (string?)function["Runtime"]);
        Assert.Equal(new JsonObject { ["Ref"] = "BuilderCodeS3Key" }.ToJsonString(), function["Code"]!["S3Key"]!.ToJsonString());
        Assert.Equal(ContainerBuild.BuilderTimeoutSeconds.ToString(CultureInfo.InvariantCulture), (string?)function["Timeout"]);
        Assert.Equal(ContainerBuild.BuilderMemoryMb.ToString(CultureInfo.InvariantCulture), (string?)function["MemorySize"]);
        var variables = function["Environment"]!["Variables"]!.AsObject();
        var expected = ContainerBuild.BuilderEnvironment(Names, BackendKind.Aws);
        Assert.Equal(expected.Keys.Order(), variables.Select(v => v.Key).Order());
        Assert.Equal(expected["STEPWISE_BUILDSPEC"], (string?)variables["STEPWISE_BUILDSPEC"]);
        Assert.Equal("""{"Ref":"WorkbookBucket"}""", variables["STEPWISE_BUCKET"]!.ToJsonString());
        Assert.Equal("""{"Fn::GetAtt":["CodeBuildRole","Arn"]}""", variables["STEPWISE_CODEBUILD_ROLE"]!.ToJsonString());
        var project = Resource("ImageBuildProject")["Properties"]!;
        Assert.Equal((string?)parameters["Payload"]!["ProjectName"], (string?)project["Name"]);
        Assert.True(File.Exists(RepositoryPaths.Of(((string)project["Source"]!["BuildSpec"]!).Split('/'))), "the project's BuildSpec path does not exist");
        Assert.Equal("true", (string?)project["Environment"]!["PrivilegedMode"]); // docker build needs it
    }

    [Fact]
    public void The_outputs_are_the_pipelines_resources()
    {
        var outputs = Template()["Outputs"]!.AsObject();
        // Ref of an S3 bucket or an ECR repository is its name.
        string Resolve(string text) => text
            .Replace("${ImageRepository}", (string?)Resource("ImageRepository")["Properties"]!["RepositoryName"], StringComparison.Ordinal)
            .Replace("${WorkbookBucket}", (string?)Resource("WorkbookBucket")["Properties"]!["BucketName"], StringComparison.Ordinal);

        Assert.Equal(Names.ImageUri, Resolve((string)outputs["ImageUri"]!["Value"]!));
        Assert.Equal(Names.Bucket, Resolve((string)outputs["BucketUri"]!["Value"]!));
        Assert.Equal("""{"Fn::GetAtt":["SageMakerExecutionRole","Arn"]}""", outputs["SageMakerRoleArn"]!["Value"]!.ToJsonString());
        Assert.Equal("""{"Fn::GetAtt":["WorkflowExecutionRole","Arn"]}""", outputs["WorkflowRoleArn"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void The_seed_definition_the_Workflows_tests_use_is_the_pipelines()
    {
        var copy = File.ReadAllText(RepositoryPaths.Of("tests", "Stepwise.Workflows.Tests", "Permissions", "maskrcnn-pipeline.asl.json"));

        Assert.Equal(MaskRCnnPipeline.Create(Names).ToJson(), copy);
    }

    [Fact]
    public void Regenerating_a_template_without_the_markers_is_an_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkflowRolePolicy.Regenerate("Resources: {}\n", WorkflowRolePolicy.Required()));

        Assert.Contains(WorkflowRolePolicy.BeginMarker, error.Message);
    }
}

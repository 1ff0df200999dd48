using System.Text.Json.Nodes;
using Stepwise.Workbook;
using Stepwise.Workbook.Iam;
using Stepwise.Workflows.Permissions;

namespace Environment.Tests;

/// <summary>environment/cloudformation/workbook.yaml's four roles are <see cref="WorkbookRoles"/>' documents: with the
/// template's <c>!Sub</c> and <c>!GetAtt</c> resolved for an account and region, each trust policy and each inline policy
/// statement equals the C# one (in order), so what notebook 01 creates and what the stack deploys cannot drift apart.</summary>
public sealed class WorkbookRolesTemplateTests
{
    private static readonly string TemplateFile = RepositoryPaths.Of("environment", "cloudformation", "workbook.yaml");
    private static readonly WorkbookRoles Roles = WorkbookRoles.For(new PipelineResources(CloudFormationYaml.Account, CloudFormationYaml.Region));

    public static TheoryData<string, string> RolesByLogicalId => new()
    {
        { "SageMakerExecutionRole", "StepwiseSageMakerExecutionRole" },
        { "WorkflowExecutionRole", "StepwiseWorkflowExecutionRole" },
        { "BuilderFunctionRole", "StepwiseBuilderFunctionRole" },
        { "CodeBuildRole", "StepwiseCodeBuildRole" },
    };

    [Theory]
    [MemberData(nameof(RolesByLogicalId))]
    public void The_templates_role_is_WorkbookRoles_statement_for_statement(string logicalId, string roleName)
    {
        var role = Roles.All.Single(r => r.Name == roleName);
        var properties = Resolved()["Resources"]![logicalId]!["Properties"]!;
        var policy = Assert.Single(properties["Policies"]!.AsArray())!;

        Assert.Equal(role.Name, (string?)properties["RoleName"]);
        Assert.Equal(role.PolicyName, (string?)policy["PolicyName"]);
        Assert.Equal(Canonical(role.TrustPolicy["Statement"]!), Canonical(properties["AssumeRolePolicyDocument"]!["Statement"]!));
        Assert.Equal(Canonical(role.PolicyDocument()["Statement"]!), Canonical(policy["PolicyDocument"]!["Statement"]!));
    }

    [Fact]
    public void A_statement_the_template_lacks_fails_the_comparison()
    {
        var template = Resolved();
        var statements = template["Resources"]!["BuilderFunctionRole"]!["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();
        statements.RemoveAt(3); // iam:PassRole of the CodeBuild role

        Assert.NotEqual(Canonical(Roles.Builder.PolicyDocument()["Statement"]!), Canonical(statements));
    }

    /// <summary>One canonical JSON text per statement, in order (keys sorted, one-element lists unwrapped, lists sorted).</summary>
    private static string[] Canonical(JsonNode statements) => [.. statements.AsArray().Select(s => PolicyConditions.Canonical(s!))];

    /// <summary>The template with the <c>!GetAtt …Arn</c> of the repository and the project replaced by their ARNs.</summary>
    private static JsonObject Resolved()
    {
        var template = CloudFormationYaml.Load(TemplateFile);
        var resources = template["Resources"]!.AsObject();
        string Name(string id, string property) => (string)resources[id]!["Properties"]![property]!;
        var arns = new Dictionary<string, string>
        {
            ["ImageRepository"] = $"arn:aws:ecr:{CloudFormationYaml.Region}:{CloudFormationYaml.Account}:repository/{Name("ImageRepository", "RepositoryName")}",
            ["ImageBuildProject"] = $"arn:aws:codebuild:{CloudFormationYaml.Region}:{CloudFormationYaml.Account}:project/{Name("ImageBuildProject", "Name")}",
            ["CodeBuildRole"] = $"arn:aws:iam::{CloudFormationYaml.Account}:role/{Name("CodeBuildRole", "RoleName")}",
        };
        return (JsonObject)Resolve(template, arns)!;
    }

    private static JsonNode? Resolve(JsonNode? node, IReadOnlyDictionary<string, string> arns) => node switch
    {
        // Another resource's ARN is left as it is: a role that names it then differs from WorkbookRoles'.
        JsonObject { Count: 1 } o when o["Fn::GetAtt"] is JsonArray { Count: 2 } getAtt && (string?)getAtt[1] == "Arn"
                                       && arns.TryGetValue((string)getAtt[0]!, out var arn) => JsonValue.Create(arn),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, arns)))),
        JsonArray a => new JsonArray([.. a.Select(v => Resolve(v, arns))]),
        _ => node?.DeepClone(),
    };
}

using System.Text.Json.Nodes;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workflows.Tests.Permissions;

/// <summary>A granted policy against what a definition needs: action + resource pattern coverage.</summary>
public sealed class PolicyDiffTests
{
    private static readonly PermissionContext Context = new("123456789012", "us-east-1");

    private static RequiredPermissions Seed() => WorkflowPermissions.For(WorkflowPermissionsTests.SeedPipeline(), Context);

    private static JsonNode Policy(params string[] statements) => JsonNode.Parse($$"""{ "Version": "2012-10-17", "Statement": [ {{string.Join(",", statements)}} ] }""")!;

    [Fact]
    public void The_computed_policy_document_is_exact_against_itself()
    {
        var required = Seed();

        var diff = required.CompareWith(required.ToPolicyDocument());

        Assert.True(diff.IsExact, diff.ToString());
    }

    [Fact]
    public void A_missing_statement_lists_each_missing_permission_with_the_states_needing_it()
    {
        var required = Seed();
        var document = required.ToPolicyDocument();
        var statements = document["Statement"]!.AsArray();
        statements.RemoveAt(3); // iam:PassRole

        var diff = required.CompareWith(document);

        var missing = Assert.Single(diff.Missing);
        Assert.Equal("iam:PassRole", missing.Permission.Action);
        Assert.Equal(["Train Mask R-CNN", "Save Model"], missing.States);
        Assert.Empty(diff.Excess);
        Assert.StartsWith("missing: iam:PassRole on arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole when", diff.ToString());
    }

    [Theory]
    [InlineData("""{ "Effect": "Allow", "Action": "sagemaker:*", "Resource": "*" }""", "sagemaker:* on *", "broader than needed")]
    [InlineData("""{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }""", "s3:GetObject on arn:aws:s3:::b/*", "not needed by the definition")]
    [InlineData("""{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole" }""", "iam:PassRole on arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole", "broader than needed")]
    [InlineData("""{ "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:*" }""", "lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:*", "broader than needed")]
    public void A_grant_nothing_needs_or_broader_than_needed_is_excess(string extra, string excessPermission, string reason)
    {
        var required = Seed();
        var document = required.ToPolicyDocument();
        document["Statement"]!.AsArray().Add(JsonNode.Parse(extra));

        var diff = required.CompareWith(document);

        Assert.Empty(diff.Missing);
        var excess = Assert.Single(diff.Excess);
        Assert.Equal(excessPermission, excess.Permission.ToString());
        Assert.StartsWith(reason, excess.Reason);
    }

    [Fact]
    public void A_wildcard_grant_covers_narrower_needs_and_is_itself_excess()
    {
        var required = WorkflowPermissions.For("""
            { "StartAt": "E", "States": { "E": { "Type": "Task", "Resource": "arn:aws:states:::sagemaker:createEndpoint", "Parameters": { "EndpointName": "e", "EndpointConfigName": "c" }, "End": true } } }
            """, Context);

        var diff = required.CompareWith(Policy("""{ "Effect": "Allow", "Action": ["sagemaker:Create*", "sagemaker:ListTags"], "Resource": "*" }"""));

        Assert.Empty(diff.Missing);
        Assert.Equal(["sagemaker:Create* on *"], diff.Excess.Select(e => e.Permission.ToString()));
    }

    [Fact]
    public void A_grant_narrower_than_needed_does_not_cover_the_need()
    {
        var required = Seed();
        var document = required.ToPolicyDocument();
        // training-job/* is needed (the job name comes from the input); granting one job's name is not enough.
        document["Statement"]![1]!["Resource"] = new JsonArray("arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1*");

        var diff = required.CompareWith(document);

        Assert.Equal(3, diff.Missing.Count);
        Assert.All(diff.Missing, m => Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:training-job/*", m.Permission.Resource));
        Assert.Empty(diff.Excess); // a narrower grant is within what is needed: insufficient, not excess
    }

    [Fact]
    public void A_Deny_that_overlaps_a_need_makes_it_missing()
    {
        var required = Seed();
        var document = required.ToPolicyDocument();
        document["Statement"]!.AsArray().Add(JsonNode.Parse("""{ "Sid": "NoEndpoints", "Effect": "Deny", "Action": "sagemaker:CreateEndpoint", "Resource": "*" }"""));

        var diff = required.CompareWith(document);

        Assert.Equal(["arn:aws:sagemaker:us-east-1:123456789012:endpoint/*", "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/*"],
            diff.Missing.Select(m => m.Permission.Resource));
        Assert.All(diff.Missing, m => Assert.Equal("sagemaker:CreateEndpoint", m.Permission.Action));
        Assert.All(diff.Missing, m => Assert.Equal("denied by the Deny statement NoEndpoints", m.Reason));
    }

    [Fact]
    public void Actions_compare_case_insensitively_and_single_strings_are_read_as_lists()
    {
        var required = WorkflowPermissions.For("""
            { "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": { "TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m" }, "End": true } } }
            """, Context);

        var diff = required.CompareWith(JsonNode.Parse("""{ "Statement": { "Effect": "Allow", "Action": "SNS:publish", "Resource": "arn:aws:sns:us-east-1:123456789012:t" } }""")!);

        Assert.Empty(diff.Missing);
        Assert.Empty(diff.Excess);
    }

    [Theory]
    [InlineData("""{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }""", "NotAction")]
    [InlineData("""{ "Effect": "Allow", "Action": "s3:*", "Resource": { "Fn::Sub": "arn:aws:s3:::${B}" } }""", "intrinsic")]
    [InlineData("""{ "Effect": "Maybe", "Action": "s3:*", "Resource": "*" }""", "Effect must be Allow or Deny")]
    public void A_policy_the_comparison_cannot_read_is_refused_with_the_statement_named(string statement, string message)
    {
        var error = Assert.Throws<FormatException>(() => Seed().CompareWith(Policy(statement)));

        Assert.StartsWith("Statement 1", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("*", "arn:aws:s3:::b/k", true)]
    [InlineData("arn:aws:sagemaker:*:*:training-job/*", "arn:aws:sagemaker:us-east-1:1:training-job/*", true)]
    [InlineData("arn:aws:sagemaker:us-east-1:1:training-job/a*", "arn:aws:sagemaker:us-east-1:1:training-job/*", false)]
    [InlineData("arn:aws:sagemaker:us-east-1:1:training-job/*", "arn:aws:sagemaker:us-east-1:1:training-job/a*", true)]
    [InlineData("arn:aws:lambda:r:1:function:f", "arn:aws:lambda:r:1:function:f:*", false)]
    [InlineData("arn:aws:lambda:r:1:function:f?", "arn:aws:lambda:r:1:function:f*", false)]
    [InlineData("arn:aws:lambda:r:1:function:f*", "arn:aws:lambda:r:1:function:f?", true)]
    [InlineData("arn:aws:lambda:r:1:function:f??", "arn:aws:lambda:r:1:function:fxy", true)]
    public void Resource_patterns_contain_those_whose_every_match_they_match(string general, string specific, bool covers) =>
        Assert.Equal(covers, IamPattern.Covers(general, specific));
}

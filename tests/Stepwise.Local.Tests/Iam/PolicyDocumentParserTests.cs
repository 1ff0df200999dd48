using Stepwise.Aws.Iam;
using Stepwise.Local.Iam;

namespace Stepwise.Local.Tests.Iam;

public sealed class PolicyDocumentParserTests
{
    private const string Allow = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""";

    private static string Doc(string statements, string version = "\"Version\":\"2012-10-17\",") => $"{{{version}\"Statement\":{statements}}}";

    /// <summary>Documents IAM refuses, with the MalformedPolicyDocument text it answers (as AWS words them).</summary>
    public static TheoryData<string, string> Malformed => new()
    {
        { "{not json", "Syntax errors in policy." },
        { "[]", "Syntax errors in policy." },
        { Doc("[]"), "Syntax errors in policy." },
        { """{"Version":"2012-10-17"}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":[],"Extra":1}""", "Syntax errors in policy." },
        { Doc("""[{"Action":"s3:GetObject","Resource":"*"}]"""), "Syntax errors in policy." },
        { Doc("""[{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]"""), "Syntax errors in policy." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}]"""), "Syntax errors in policy." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Color":"red"}]"""), "Syntax errors in policy." },
        { Doc("""[{"Effect":"Allow","Action":[1],"Resource":"*"}]"""), "Syntax errors in policy." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringSortOf":{"aws:RequestedRegion":"x"}}}]"""), "Syntax errors in policy." },
        { Doc($"[{Allow}]", "\"Version\":\"2021-01-01\","), "Syntax errors in policy." },
        { Doc($"[{Allow}]", ""), "Policy document must be version 2012-10-17 or greater." },
        { Doc($"[{Allow}]", "\"Version\":\"2008-10-17\","), "Policy document must be version 2012-10-17 or greater." },
        { Doc("""[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]"""), "The policy failed legacy parsing" },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}]"""), "The policy failed legacy parsing" },
        { Doc($$"""[{"Sid":"A",{{Allow[1..]}}, {"Sid":"A",{{Allow[1..]}}]"""), "Statement IDs (SID) in a single policy must be unique." },
        { Doc("""[{"Effect":"Allow","Resource":"*"}]"""), "Policy statement must contain actions." },
        { Doc("""[{"Effect":"Allow","Action":[],"Resource":"*"}]"""), "Policy statement must contain actions." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject"}]"""), "Policy statement must contain resources." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"my-bucket"}]"""), "Resource my-bucket must be in ARN format or \"*\"." },
        { Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:iam:us-east-1:123456789012:role/x"}]"""), "IAM resource arn:aws:iam:us-east-1:123456789012:role/x cannot contain region information." },
        { Doc("""[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { Doc("""[{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}]"""), "Actions/Condition can contain only one colon." },
        { Doc("""[{"Effect":"Allow","Action":"s_3:GetObject","Resource":"*"}]"""), "Vendor s_3 is not valid" },
        { Doc("""[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]"""), "Policy document should not specify a principal." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Refuses_what_IAM_refuses_with_its_words(string json, string message)
    {
        var error = Assert.Throws<IamException>(() => PolicyDocumentParser.Parse(json));
        Assert.Equal(IamErrorCodes.MalformedPolicyDocument, error.ErrorCode);
        Assert.Equal(message, error.Message);
    }

    public static TheoryData<string, string> MalformedTrust => new()
    {
        { Doc("""[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Principal":{"Service":"sagemaker.amazonaws.com"}}]"""), "Has prohibited field Resource" },
        { Doc("""[{"Effect":"Allow","Action":"sts:AssumeRole"}]"""), "Missing required field Principal" },
        { Doc("""[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"bob"}}]"""), "Invalid principal in policy: \"AWS\":\"bob\"" },
        { Doc("""[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Robot":"r2"}}]"""), "Syntax errors in policy." },
    };

    [Theory]
    [MemberData(nameof(MalformedTrust))]
    public void Trust_policies_need_a_principal_and_no_resource(string json, string message)
    {
        var error = Assert.Throws<IamException>(() => PolicyDocumentParser.Parse(json, PolicyKind.Trust));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Reads_every_element_into_an_immutable_document()
    {
        var json = """
            {
              "Version": "2012-10-17",
              "Id": "seed",
              "Statement": [
                {
                  "Sid": "Read",
                  "Effect": "Allow",
                  "Action": ["s3:GetObject", "s3:ListBucket"],
                  "Resource": "arn:aws:s3:::bucket/*",
                  "Condition": { "StringEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] }, "Bool": { "aws:SecureTransport": false } }
                },
                { "Effect": "Deny", "NotAction": "s3:*", "NotResource": ["arn:aws:s3:::bucket"] }
              ]
            }
            """;
        var document = PolicyDocumentParser.Parse(json);

        Assert.Equal("seed", document.Id);
        Assert.Equal(2, document.Statements.Length);
        var read = document.Statements[0];
        Assert.Equal(("Read", PolicyEffect.Allow), (read.Sid, read.Effect));
        Assert.Equal(["s3:GetObject", "s3:ListBucket"], read.Actions.ToArray());
        Assert.Equal(["us-east-1", "eu-west-1"], read.Conditions[0].Values.ToArray());
        Assert.Equal(["false"], read.Conditions[1].Values.ToArray());
        Assert.Equal(new PolicyPosition(5, 5), read.Start);
        Assert.Equal(new PolicyPosition(11, 6), read.End);
        var deny = document.Statements[1];
        Assert.True(deny.IsNotAction && deny.IsNotResource);
        Assert.Equal(new PolicyPosition(12, 5), deny.Start);
        Assert.Same(json, document.Text);
    }

    [Fact]
    public void A_single_statement_object_is_a_list_of_one()
    {
        var document = PolicyDocumentParser.Parse(Doc(Allow));
        Assert.Single(document.Statements);
        Assert.Equal(1, document.Statements[0].Start.Line);
    }

    [Fact]
    public void Trust_policies_read_principals_by_type()
    {
        var document = PolicyDocumentParser.Parse(Doc("""
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["sagemaker.amazonaws.com","states.amazonaws.com"],"AWS":"123456789012"}}
            """), PolicyKind.Trust);
        var principal = document.Statements[0].Principal!;
        Assert.Equal(["sagemaker.amazonaws.com", "states.amazonaws.com"], principal.Identifiers["Service"].ToArray());
        Assert.Equal(["123456789012"], principal.Identifiers["AWS"].ToArray());
    }

    [Fact]
    public void Stored_policies_may_not_test_keys_the_local_cloud_never_supplies()
    {
        var json = Doc("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]""");

        var error = Assert.Throws<IamException>(() => PolicyDocumentParser.Parse(json, requireSupportedKeys: true));
        Assert.Equal(IamErrorCodes.MalformedPolicyDocument, error.ErrorCode);
        Assert.Contains("does not evaluate the condition key aws:SourceIp", error.Message);
        // The simulator supplies its own context values, so it evaluates any key.
        Assert.Single(PolicyDocumentParser.Parse(json).Statements);
    }

    [Theory]
    [InlineData("aws:ResourceTag/team")]
    [InlineData("AWS:PrincipalArn")]
    [InlineData("iam:PassedToService")]
    [InlineData("sagemaker:VolumeKmsKey")]
    [InlineData("sts:ExternalId")]
    public void Keys_the_local_cloud_supplies_are_accepted_in_any_case(string key) =>
        Assert.True(ConditionKeys.IsSupported(key));

    [Theory]
    [InlineData("ForAnyValue:StringNotLikeIfExists", ConditionFamily.String, ConditionComparison.Like, true, true, ConditionSet.ForAnyValue)]
    [InlineData("ArnEquals", ConditionFamily.Arn, ConditionComparison.Equals, false, false, ConditionSet.None)]
    [InlineData("NumericLessThanEqualsIfExists", ConditionFamily.Numeric, ConditionComparison.LessThanEquals, false, true, ConditionSet.None)]
    [InlineData("ForAllValues:StringEquals", ConditionFamily.String, ConditionComparison.Equals, false, false, ConditionSet.ForAllValues)]
    public void Operators_split_into_qualifier_family_and_suffix(string name, ConditionFamily family, ConditionComparison comparison,
        bool negated, bool ifExists, ConditionSet set)
    {
        var op = ConditionOperator.TryParse(name)!;
        Assert.Equal((family, comparison, negated, ifExists, set), (op.Family, op.Comparison, op.Negated, op.IfExists, op.Set));
    }

    [Theory]
    [InlineData("NullIfExists")]
    [InlineData("ForAnyValue:Null")]
    [InlineData("stringequals")]
    [InlineData("StringStartsWith")]
    public void Operators_outside_the_grammar_are_none(string name) => Assert.Null(ConditionOperator.TryParse(name));
}

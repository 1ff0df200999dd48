using Stepwise.Local.Iam;

namespace Stepwise.Local.Tests.Iam;

/// <summary>The evaluator against the examples of AWS's IAM documentation ("Policy evaluation logic", "IAM JSON policy
/// elements: Condition operators", "NotAction", "Conditions with multiple context keys or values", "Multivalued context
/// key examples", "Permissions boundaries"), one row per request the documentation decides.</summary>
public sealed class PolicyEvaluatorTests
{
    private static EvaluatedPolicy Policy(string statements, PolicyType type = PolicyType.Identity, string id = "policy") =>
        new(id, PolicyDocumentParser.Parse($"{{\"Version\":\"2012-10-17\",\"Statement\":{statements}}}"), type);

    /// <summary>Context keys as "key=v1|v2;key2=v" (empty: none).</summary>
    private static RequestContext Request(string action, string resource = "*", string keys = "")
    {
        var request = new RequestContext { Action = action, Resource = resource };
        foreach (var pair in keys.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, values) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            request = request.With(key, values.Split('|'));
        }
        return request;
    }

    private static PolicyDecision Decide(string statements, string action, string resource = "*", string keys = "") =>
        PolicyEvaluator.Evaluate(Request(action, resource, keys), [Policy(statements)]).Decision;

    [Fact]
    public void Nothing_allows_by_default() =>
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(Request("s3:GetObject"), []).Decision);

    [Fact]
    public void An_explicit_deny_in_any_policy_overrides_every_allow()
    {
        var allow = Policy("""{"Effect":"Allow","Action":"*","Resource":"*"}""", id: "admin");
        var deny = Policy("""{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket/*"}""", id: "guard");

        var evaluation = PolicyEvaluator.Evaluate(Request("s3:DeleteObject", "arn:aws:s3:::bucket/key"), [allow, deny]);

        Assert.Equal(PolicyDecision.ExplicitDeny, evaluation.Decision);
        var matched = Assert.Single(evaluation.MatchedStatements);
        Assert.Equal(("guard", "NoDelete"), (matched.Policy.Id, matched.Statement.Sid));
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate(Request("s3:GetObject", "arn:aws:s3:::bucket/key"), [allow, deny]).Decision);
    }

    public static TheoryData<string, string, string, PolicyDecision> Actions => new()
    {
        // Action: case-insensitive, wildcards anywhere, the service prefix is part of the match.
        { """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""", "S3:getobject", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}""", "s3:GetBucketLocation", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}""", "s3:PutObject", "*", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"*"}""", "iam:CreateAccessKey", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"*"}""", "iam:ListUsers", "*", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ec2:Describe?nstances","Resource":"*"}""", "ec2:DescribeInstances", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"s3:*","Resource":"*"}""", "s3-object-lambda:GetObject", "*", PolicyDecision.ImplicitDeny },
        // NotAction with Allow: everything but the listed actions ("NotAction" example: all but IAM).
        { """{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""", "s3:ListAllMyBuckets", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""", "iam:CreateRole", "*", PolicyDecision.ImplicitDeny },
        // NotAction with Deny: denies every action not listed.
        { """[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":["s3:*","sts:GetCallerIdentity"],"Resource":"*"}]""", "sagemaker:CreateTrainingJob", "*", PolicyDecision.ExplicitDeny },
        { """[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":["s3:*","sts:GetCallerIdentity"],"Resource":"*"}]""", "sts:GetCallerIdentity", "*", PolicyDecision.Allow },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void Actions_match_as_IAM_matches_them(string statements, string action, string resource, PolicyDecision expected) =>
        Assert.Equal(expected, Decide(statements, action, resource));

    public static TheoryData<string, string, PolicyDecision> Resources => new()
    {
        { "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.png", PolicyDecision.Allow },
        { "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket", PolicyDecision.ImplicitDeny },
        { "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET/x", PolicyDecision.ImplicitDeny }, // case-sensitive
        { "arn:aws:iam::*:role/service-role/*", "arn:aws:iam::123456789012:role/service-role/SageMaker", PolicyDecision.Allow },
        { "arn:aws:iam::123456789012:role/*", "arn:aws:iam::210987654321:role/x", PolicyDecision.ImplicitDeny },
        { "arn:aws:sagemaker:us-east-1:123456789012:training-job/*", "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1", PolicyDecision.Allow },
        { "arn:aws:sagemaker:*:123456789012:*", "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/e", PolicyDecision.Allow },
        // A wildcard inside a segment stays in it; one ending the pattern's last segment reaches beyond its colons.
        { "arn:aws:logs:us-*-1:123456789012:log-group:/aws/sagemaker/*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:x", PolicyDecision.Allow },
        { "arn:aws:logs:*", "arn:aws:logs:us-east-1:123456789012:log-group:g", PolicyDecision.Allow },
        { "arn:aws:logs:us-east-*", "arn:aws:logs:us-west-2:123456789012:log-group:g", PolicyDecision.ImplicitDeny },
        { "arn:aws:states:us-east-1:123456789012:stateMachine:?ipeline", "arn:aws:states:us-east-1:123456789012:stateMachine:Pipeline", PolicyDecision.Allow },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public void Resources_match_segment_by_segment_case_sensitively(string pattern, string resource, PolicyDecision expected) =>
        Assert.Equal(expected, Decide($$"""{"Effect":"Allow","Action":"*","Resource":"{{pattern}}"}""", "s3:GetObject", resource));

    [Fact]
    public void NotResource_applies_to_every_other_resource()
    {
        const string statements = """[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::seed","arn:aws:s3:::seed/*"]}]""";
        Assert.Equal(PolicyDecision.Allow, Decide(statements, "s3:PutObject", "arn:aws:s3:::seed/data.csv"));
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(statements, "s3:PutObject", "arn:aws:s3:::other/data.csv"));
    }

    /// <summary>One condition block, a request's keys, and whether the statement applies (AWS's "Match"/"No match").</summary>
    public static TheoryData<string, string, bool> Conditions => new()
    {
        // "Condition operators", string: aws:PrincipalTag/job-category must be iamuser-admin; absent → no match.
        { """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=iamuser-admin", true },
        { """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=dev-ops", false },
        { """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "", false },
        { """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=IAMUSER-ADMIN", false },
        { """{"StringEqualsIgnoreCase":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=IAMUSER-ADMIN", true },
        // Negated operators: true when the key is absent; several values NOR'd.
        { """{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-2"]}}""", "aws:RequestedRegion=eu-west-1", true },
        { """{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-2"]}}""", "aws:RequestedRegion=us-west-2", false },
        { """{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-2"]}}""", "", true },
        { """{"StringNotEqualsIgnoreCase":{"aws:RequestedRegion":"US-EAST-1"}}""", "aws:RequestedRegion=us-east-1", false },
        // StringLike with wildcards and policy variables (home/${aws:username}/).
        { """{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}""", "s3:prefix=home/ana/notes;aws:username=ana", true },
        { """{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}""", "s3:prefix=home/bob/notes;aws:username=ana", false },
        { """{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}""", "s3:prefix=home/ana/notes", false }, // unresolvable variable
        { """{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}}""", "aws:PrincipalArn=arn:aws:iam::123456789012:role/admin-ops", false },
        { """{"StringEquals":{"s3:prefix":"${*}literal"}}""", "s3:prefix=*literal", true },
        { """{"StringLike":{"s3:prefix":"${*}literal"}}""", "s3:prefix=xliteral", false },
        // Numeric, date, bool.
        { """{"NumericLessThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10", true },
        { """{"NumericLessThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=11", false },
        { """{"NumericGreaterThan":{"sagemaker:MaxRuntimeInSeconds":"3600"}}""", "sagemaker:MaxRuntimeInSeconds=86400", true },
        { """{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=ten", false },
        { """{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}""", "aws:CurrentTime=2026-12-01T00:00:00Z", true },
        { """{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}""", "aws:CurrentTime=2026-12-01T00:00:00Z", false },
        { """{"DateLessThan":{"aws:EpochTime":"1585699200"}}""", "aws:EpochTime=1585699199", true },
        { """{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=true", true },
        { """{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=false", false },
        { """{"Bool":{"aws:SecureTransport":"true"}}""", "", false },
        // BoolIfExists (the NotAction/MFA example): absent → true.
        { """{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}""", "", true },
        { """{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}""", "aws:MultiFactorAuthPresent=true", false },
        // ...IfExists: "StringLikeIfExists": {"ec2:InstanceType": ["t1.*","t2.*","m3.*"]}.
        { """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}""", "ec2:InstanceType=t2.micro", true },
        { """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}""", "ec2:InstanceType=m5.large", false },
        { """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}""", "", true },
        // Null: "true" → the key must be absent; "false" → present.
        { """{"Null":{"aws:TokenIssueTime":"true"}}""", "", true },
        { """{"Null":{"aws:TokenIssueTime":"true"}}""", "aws:TokenIssueTime=2026-01-01T00:00:00Z", false },
        { """{"Null":{"aws:ResourceTag/team":"false"}}""", "aws:ResourceTag/team=ml", true },
        // ARN operators (aws:SourceArn in trust and resource policies).
        { """{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:123456789012:topic", true },
        { """{"ArnLike":{"aws:SourceArn":"arn:aws:sagemaker:*:123456789012:training-job/*"}}""", "aws:SourceArn=arn:aws:sagemaker:us-east-1:123456789012:training-job/j", true },
        { """{"ArnLike":{"aws:SourceArn":"arn:aws:sagemaker:*:123456789012:training-job/*"}}""", "aws:SourceArn=arn:aws:sagemaker:us-east-1:210987654321:training-job/j", false },
        { """{"ArnNotLike":{"aws:SourceArn":"arn:aws:sagemaker:*:123456789012:*"}}""", "", true },
        // IP addresses.
        { """{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}""", "aws:SourceIp=203.0.113.7", true },
        { """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=198.51.100.1", false },
        { """{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=198.51.100.1", true },
        // iam:PassedToService, the key of PassRole statements.
        { """{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""", "iam:PassedToService=sagemaker.amazonaws.com", true },
        { """{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""", "iam:PassedToService=lambda.amazonaws.com", false },
        // Several keys of one operator, several operators: AND'd ("Conditions with multiple context keys or values").
        { """{"StringEquals":{"aws:PrincipalTag/department":"finance","aws:PrincipalTag/role":["audit","security"]},"StringLike":{"aws:PrincipalArn":["arn:aws:iam::222222222222:user/Ana","arn:aws:iam::222222222222:user/Mary"]}}""",
          "aws:PrincipalTag/department=finance;aws:PrincipalTag/role=audit;aws:PrincipalArn=arn:aws:iam::222222222222:user/Mary", true },
        { """{"StringEquals":{"aws:PrincipalTag/department":"finance","aws:PrincipalTag/role":["audit","security"]},"StringLike":{"aws:PrincipalArn":["arn:aws:iam::222222222222:user/Ana","arn:aws:iam::222222222222:user/Mary"]}}""",
          "aws:PrincipalTag/department=hr;aws:PrincipalTag/role=audit;aws:PrincipalArn=arn:aws:iam::222222222222:user/Mary", false },
        { """{"StringEquals":{"aws:PrincipalTag/department":"finance","aws:PrincipalTag/role":["audit","security"]},"StringLike":{"aws:PrincipalArn":["arn:aws:iam::222222222222:user/Ana","arn:aws:iam::222222222222:user/Mary"]}}""",
          "aws:PrincipalTag/department=finance;aws:PrincipalTag/role=payroll;aws:PrincipalArn=arn:aws:iam::222222222222:user/Mary", false },
        { """{"StringEquals":{"aws:PrincipalTag/department":"finance","aws:PrincipalTag/role":["audit","security"]},"StringLike":{"aws:PrincipalArn":["arn:aws:iam::222222222222:user/Ana","arn:aws:iam::222222222222:user/Mary"]}}""",
          "aws:PrincipalTag/department=finance;aws:PrincipalTag/role=security;aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob", false },
        // "Multivalued context key examples": ForAllValues:StringNotLike {"aws:TagKeys": "key1*"} (a Deny's match).
        { """{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}""", "aws:TagKeys=key1:legal", false },
        { """{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}""", "aws:TagKeys=key1:hr|key1:personnel", false },
        { """{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}""", "aws:TagKeys=key2:audit", true },
        { """{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}""", "", true },
        // ForAllValues: every request value is among the policy's; ForAnyValue: at least one is, and absent → false.
        { """{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", "aws:TagKeys=environment|cost-center", true },
        { """{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", "aws:TagKeys=environment|owner", false },
        { """{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", "aws:TagKeys=owner|environment", true },
        { """{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", "aws:TagKeys=owner", false },
        { """{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", "", false },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Conditions_decide_as_AWS_documents(string condition, string keys, bool applies)
    {
        var statements = $$"""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{condition}}}""";
        Assert.Equal(applies ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, Decide(statements, "s3:ListBucket", "*", keys));
    }

    [Fact]
    public void Policy_variables_fill_resources()
    {
        const string statements = """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}""";
        Assert.Equal(PolicyDecision.Allow, Decide(statements, "s3:GetObject", "arn:aws:s3:::home/ml/x", "aws:PrincipalTag/team=ml"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(statements, "s3:GetObject", "arn:aws:s3:::home/web/x", "aws:PrincipalTag/team=ml"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(statements, "s3:GetObject", "arn:aws:s3:::home/ml/x"));
    }

    /// <summary>"Permissions boundaries for IAM entities": the identity policy allows iam:CreateUser, the boundary allows
    /// only s3, cloudwatch and ec2 — effective permissions are the intersection.</summary>
    [Theory]
    [InlineData("iam:CreateUser", PolicyDecision.ImplicitDeny, false)]
    [InlineData("s3:GetObject", PolicyDecision.Allow, true)]
    [InlineData("ec2:RunInstances", PolicyDecision.ImplicitDeny, true)] // the boundary allows, no identity policy does
    public void A_permissions_boundary_limits_what_identity_policies_grant(string action, PolicyDecision expected, bool allowedByBoundary)
    {
        var identity = Policy("""{"Effect":"Allow","Action":["iam:CreateUser","s3:*"],"Resource":"*"}""");
        var boundary = Policy("""{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}""", PolicyType.PermissionsBoundary);

        var evaluation = PolicyEvaluator.Evaluate(Request(action), [identity, boundary]);

        Assert.Equal(expected, evaluation.Decision);
        Assert.Equal(allowedByBoundary, evaluation.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void A_deny_in_a_boundary_is_an_explicit_deny() =>
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate(Request("s3:DeleteBucket"), [
            Policy("""{"Effect":"Allow","Action":"*","Resource":"*"}"""),
            Policy("""[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]""", PolicyType.PermissionsBoundary),
        ]).Decision);

    [Fact]
    public void A_session_policy_limits_the_session_like_a_boundary()
    {
        var identity = Policy("""{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var session = Policy("""{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}""", PolicyType.Session);
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate(Request("s3:GetObject"), [identity, session]).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(Request("s3:PutObject"), [identity, session]).Decision);
    }

    [Fact]
    public void Missing_context_keys_are_those_of_statements_whose_action_and_resource_match()
    {
        var policy = Policy("""
            [{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"ml"}}},
             {"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"ec2:InstanceType":"t3.micro"}}}]
            """);
        var evaluation = PolicyEvaluator.Evaluate(Request("s3:GetObject"), [policy]);
        Assert.Equal(PolicyDecision.ImplicitDeny, evaluation.Decision);
        Assert.Equal(["aws:ResourceTag/team"], evaluation.MissingContextKeys.ToArray());
    }

    [Theory]
    [InlineData("""{"Service":"sagemaker.amazonaws.com"}""", "service", true)]
    [InlineData("""{"Service":"states.amazonaws.com"}""", "service", false)]
    [InlineData("""{"AWS":"arn:aws:iam::123456789012:root"}""", "root", true)]
    [InlineData("""{"AWS":"123456789012"}""", "session", true)]
    [InlineData("""{"AWS":"arn:aws:iam::123456789012:role/Builder"}""", "session", true)]
    [InlineData("""{"AWS":"arn:aws:sts::123456789012:assumed-role/Builder/nb"}""", "session", true)]
    [InlineData("""{"AWS":"arn:aws:iam::123456789012:role/Other"}""", "session", false)]
    [InlineData("""{"AWS":"210987654321"}""", "root", false)]
    [InlineData("\"*\"", "service", true)]
    public void Trust_policy_principals_name_accounts_roles_sessions_and_services(string principal, string who, bool allowed)
    {
        var trust = new EvaluatedPolicy("trust", PolicyDocumentParser.Parse(
            $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{{{principal}}},"Action":"sts:AssumeRole"}}""", PolicyKind.Trust), PolicyType.Resource);
        var caller = who switch
        {
            "service" => RequestPrincipal.Service("sagemaker.amazonaws.com"),
            "root" => RequestPrincipal.Root("123456789012"),
            _ => RequestPrincipal.Session("123456789012", "arn:aws:iam::123456789012:role/Builder", "arn:aws:sts::123456789012:assumed-role/Builder/nb"),
        };
        var request = new RequestContext { Action = "sts:AssumeRole", Resource = "arn:aws:iam::123456789012:role/Target", Principal = caller };
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(request, [trust]).IsAllowed);
    }

    [Fact]
    public void NotPrincipal_applies_to_everyone_else()
    {
        var policy = new EvaluatedPolicy("trust", PolicyDocumentParser.Parse(
            """{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}""", PolicyKind.Trust), PolicyType.Resource);
        RequestContext As(string service) => new() { Action = "sts:AssumeRole", Principal = RequestPrincipal.Service(service) };
        Assert.True(PolicyEvaluator.Evaluate(As("sagemaker.amazonaws.com"), [policy]).IsAllowed);
        Assert.False(PolicyEvaluator.Evaluate(As("lambda.amazonaws.com"), [policy]).IsAllowed);
    }
}

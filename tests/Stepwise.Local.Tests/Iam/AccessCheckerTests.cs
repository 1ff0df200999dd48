using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;
using Stepwise.Local.Iam;
using Stepwise.Local.Sts;

namespace Stepwise.Local.Tests.Iam;

public sealed class AccessCheckerTests : IDisposable
{
    private const string Account = "123456789012";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stepwise-access-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LocalIam _iam;
    private readonly LocalSts _sts;
    private readonly AccessChecker _access;

    public AccessCheckerTests()
    {
        _iam = new LocalIam(_directory, Account, _time);
        _access = new AccessChecker(_iam, "us-east-1", _time);
        _sts = new LocalSts(Account, _iam, _time, _access);
    }

    public void Dispose()
    {
        _iam.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<CallerIdentity> Session(string inline, string? boundary = null, string? sessionPolicy = null, IReadOnlyList<Aws.Iam.Tag>? tags = null)
    {
        await _iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "Trainer", PermissionsBoundary = boundary, Tags = tags,
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}""",
        });
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Trainer", PolicyName = "inline", PolicyDocument = inline });
        var assumed = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{Account}:role/Trainer", RoleSessionName = "job", Policy = sessionPolicy,
        });
        return _iam.ResolveCaller(assumed.Credentials!.AccessKeyId);
    }

    private const string Bucket = "arn:aws:s3:::seed/data.csv";

    [Fact]
    public async Task The_root_may_do_anything()
    {
        await _access.CheckAsync(CallerIdentity.Root(Account), "iam:DeleteRole", "arn:aws:iam::123456789012:role/x");
        Assert.True(_access.Decide(_iam.ResolveCaller("AKIAANYOTHERKEY00000"), "s3:DeleteBucket", "*").IsAllowed);
    }

    [Fact]
    public async Task A_session_without_an_allowing_policy_gets_AWSs_implicit_deny_message()
    {
        var caller = await Session("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");

        await _access.CheckAsync(caller, "s3:GetObject", Bucket);
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _access.CheckAsync(caller, "s3:PutObject", Bucket));

        Assert.Equal(("AccessDeniedException", 403), (error.ErrorCode, error.StatusCode));
        Assert.Equal($"User: arn:aws:sts::{Account}:assumed-role/Trainer/job is not authorized to perform: s3:PutObject on resource: {Bucket} " +
                     "because no identity-based policy allows the s3:PutObject action", error.Message);
    }

    [Fact]
    public async Task An_explicit_deny_is_named_as_such_with_the_managed_policys_arn()
    {
        var caller = await Session("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        var guard = (await _iam.CreatePolicyAsync(new CreatePolicyRequest
        {
            PolicyName = "NoDeletes", PolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}}""",
        })).Policy!.Arn!;
        await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "Trainer", PolicyArn = guard });

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _access.CheckAsync(caller, "s3:DeleteObject", Bucket, errorCode: "AccessDenied"));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal($"User: arn:aws:sts::{Account}:assumed-role/Trainer/job is not authorized to perform: s3:DeleteObject on resource: {Bucket} " +
                     $"with an explicit deny in an identity-based policy: {guard}", error.Message);
        Assert.Equal(PolicyDecision.ExplicitDeny, error.Evaluation!.Decision);
    }

    [Fact]
    public async Task A_boundary_or_a_session_policy_that_does_not_allow_is_named()
    {
        var boundary = await Session("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""",
            boundary: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", sessionPolicy: """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:List*","Resource":"*"}}""");

        var byBoundary = _access.Decide(boundary, "logs:PutLogEvents", "*");
        var bySession = _access.Decide(boundary, "s3:GetObject", Bucket);

        Assert.EndsWith("because no permissions boundary allows the logs:PutLogEvents action", byBoundary.Message);
        Assert.EndsWith("because no session policy allows the s3:GetObject action", bySession.Message);
        Assert.True(_access.Decide(boundary, "s3:ListBucket", "arn:aws:s3:::seed").IsAllowed);
    }

    [Fact]
    public async Task The_request_context_carries_the_principal_its_tags_and_the_requests_keys()
    {
        var caller = await Session("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}},
              {"Effect":"Allow","Action":"sagemaker:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:ResourceTag/team}","aws:RequestedRegion":"us-east-1"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Trainer"}}}]}
            """, tags: [new Aws.Iam.Tag { Key = "team", Value = "ml" }]);

        Assert.True(_access.Decide(caller, "iam:PassRole", "arn:aws:iam::123456789012:role/Trainer",
            new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = ["sagemaker.amazonaws.com"] }).IsAllowed);
        Assert.False(_access.Decide(caller, "iam:PassRole", "arn:aws:iam::123456789012:role/Trainer",
            new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = ["lambda.amazonaws.com"] }).IsAllowed);
        Assert.True(_access.Decide(caller, "sagemaker:CreateTrainingJob", "*",
            new Dictionary<string, IReadOnlyList<string>> { ["aws:ResourceTag/team"] = ["ml"] }).IsAllowed);
        Assert.False(_access.Decide(caller, "sagemaker:CreateTrainingJob", "*",
            new Dictionary<string, IReadOnlyList<string>> { ["aws:ResourceTag/team"] = ["web"] }).IsAllowed);
    }

    [Fact]
    public async Task A_session_of_a_deleted_role_may_do_nothing_and_an_expired_one_is_ExpiredToken()
    {
        var caller = await Session("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        await _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = "Trainer", PolicyName = "inline" });
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Trainer", PolicyName = "inline", PolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""" });
        Assert.True(_access.Decide(_iam.ResolveCaller(caller.Session!.AccessKeyId), "s3:GetObject", Bucket).IsAllowed);
        await _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = "Trainer", PolicyName = "inline" });
        await _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "Trainer" });
        Assert.False(_access.Decide(_iam.ResolveCaller(caller.Session.AccessKeyId), "s3:GetObject", Bucket).IsAllowed);

        _time.Advance(TimeSpan.FromHours(2));
        var expired = _iam.ResolveCaller(caller.Session.AccessKeyId);
        Assert.True(expired.IsExpired);
        var error = await Assert.ThrowsAsync<StsException>(() => _access.CheckAsync(expired, "s3:GetObject", Bucket));
        Assert.Equal(StsErrorCodes.ExpiredTokenException, error.ErrorCode);
    }
}

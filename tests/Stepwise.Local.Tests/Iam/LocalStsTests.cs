using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;
using Stepwise.Local.Iam;
using Stepwise.Local.Sts;

namespace Stepwise.Local.Tests.Iam;

public sealed class LocalStsTests : IDisposable
{
    private const string Account = "123456789012";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stepwise-sts-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LocalIam _iam;
    private readonly LocalSts _sts;
    private readonly AccessChecker _access;

    public LocalStsTests()
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

    private static string Trust(string principal, string condition = "") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"sts:AssumeRole"{{condition}}}]}""";

    private async Task<string> Role(string name, string trust, int maxSession = 3600, string? inline = null)
    {
        var role = (await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = trust, MaxSessionDuration = maxSession })).Role;
        if (inline is not null)
            await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = name, PolicyName = "inline", PolicyDocument = inline });
        return role.Arn;
    }

    private Task<AssumeRoleResponse> Assume(string arn, string session = "notebook", int? duration = null, string? externalId = null, string? policy = null) =>
        _sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = arn, RoleSessionName = session, DurationSeconds = duration, ExternalId = externalId, Policy = policy });

    [Fact]
    public async Task AssumeRole_issues_temporary_credentials_that_GetCallerIdentity_answers_as_the_session()
    {
        var arn = await Role("Builder", Trust($$"""{"AWS":"arn:aws:iam::{{Account}}:root"}"""));

        var assumed = await Assume(arn, duration: 900);

        Assert.Matches("^ASIA[A-Z2-7]{16}$", assumed.Credentials!.AccessKeyId);
        Assert.Equal(40, assumed.Credentials.SecretAccessKey.Length);
        Assert.Equal(_time.GetUtcNow().AddSeconds(900), assumed.Credentials.Expiration);
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Builder/notebook", assumed.AssumedRoleUser!.Arn);
        var roleId = _iam.FindRole("Builder")!.Id;
        Assert.Equal($"{roleId}:notebook", assumed.AssumedRoleUser.AssumedRoleId);

        using (CallerContext.Use(assumed.Credentials.AccessKeyId))
        {
            var identity = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal((Account, assumed.AssumedRoleUser.Arn, $"{roleId}:notebook"), (identity.Account, identity.Arn, identity.UserId));
        }
        using (CallerContext.Use("AKIAIOSFODNN7EXAMPLE"))
            Assert.Equal($"arn:aws:iam::{Account}:root", (await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }

    [Fact]
    public async Task Expired_credentials_are_refused_with_ExpiredToken()
    {
        var assumed = await Assume(await Role("Builder", Trust($"\"*\"")), duration: 900);
        _time.Advance(TimeSpan.FromSeconds(901));

        using var _ = CallerContext.Use(assumed.Credentials!.AccessKeyId);
        var error = await Assert.ThrowsAsync<StsException>(() => _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal((StsErrorCodes.ExpiredTokenException, "The security token included in the request is expired"), (error.ErrorCode, error.Message));
    }

    [Fact]
    public async Task A_trust_policy_that_does_not_name_the_caller_refuses_with_AWSs_AccessDenied()
    {
        var arn = await Role("Trainer", Trust("""{"Service":"sagemaker.amazonaws.com"}"""));

        var error = await Assert.ThrowsAsync<StsException>(() => Assume(arn));
        Assert.Equal(("AccessDenied", 403), (error.ErrorCode, error.StatusCode));
        Assert.Equal($"User: arn:aws:iam::{Account}:root is not authorized to perform: sts:AssumeRole on resource: {arn}", error.Message);
        var missing = await Assert.ThrowsAsync<StsException>(() => Assume($"arn:aws:iam::{Account}:role/Nobody"));
        Assert.Equal("AccessDenied", missing.ErrorCode);
    }

    [Fact]
    public async Task A_service_assumes_a_role_that_trusts_it_under_its_SourceArn_condition()
    {
        var arn = await Role("Trainer", Trust("""{"Service":"sagemaker.amazonaws.com"}""",
            $$$""","Condition":{"StringEquals":{"aws:SourceAccount":"{{{Account}}}"},"ArnLike":{"aws:SourceArn":"arn:aws:sagemaker:*:{{{Account}}}:training-job/*"}}"""));

        var session = await _sts.AssumeRoleForServiceAsync("sagemaker.amazonaws.com", arn, "SageMaker",
            $"arn:aws:sagemaker:us-east-1:{Account}:training-job/job-1");
        Assert.Equal("SageMaker", session.SessionName);

        await Assert.ThrowsAsync<StsException>(() => _sts.AssumeRoleForServiceAsync("sagemaker.amazonaws.com", arn, "SageMaker",
            $"arn:aws:sagemaker:us-east-1:{Account}:endpoint/e"));
        await Assert.ThrowsAsync<StsException>(() => _sts.AssumeRoleForServiceAsync("lambda.amazonaws.com", arn, "Lambda",
            $"arn:aws:sagemaker:us-east-1:{Account}:training-job/job-1"));
    }

    [Fact]
    public async Task The_external_id_condition_decides()
    {
        var arn = await Role("Partner", Trust($$"""{"AWS":"{{Account}}"}""",
            ""","Condition":{"StringEquals":{"sts:ExternalId":"s3cret"}}"""));

        await Assert.ThrowsAsync<StsException>(() => Assume(arn));
        await Assert.ThrowsAsync<StsException>(() => Assume(arn, externalId: "wrong"));
        Assert.NotNull((await Assume(arn, externalId: "s3cret")).Credentials);
    }

    [Fact]
    public async Task DurationSeconds_is_limited_by_the_role_and_by_role_chaining()
    {
        var arn = await Role("Builder", Trust("\"*\""), maxSession: 7200, inline: """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}""");

        var tooLong = await Assert.ThrowsAsync<StsException>(() => Assume(arn, duration: 7201));
        Assert.Equal(("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), (tooLong.ErrorCode, tooLong.Message));
        var tooShort = await Assert.ThrowsAsync<StsException>(() => Assume(arn, duration: 60));
        Assert.Equal("1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", tooShort.Message);
        var first = await Assume(arn, duration: 7200);

        using var _ = CallerContext.Use(first.Credentials!.AccessKeyId);
        var chained = await Assert.ThrowsAsync<StsException>(() => Assume(arn, duration: 3601));
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", chained.Message);
        Assert.NotNull((await Assume(arn, session: "chained")).Credentials);
    }

    [Fact]
    public async Task A_trust_policy_naming_only_the_account_needs_the_sessions_own_permission_to_assume()
    {
        var caller = await Role("Caller", Trust("\"*\""));
        var target = await Role("Target", Trust($$"""{"AWS":"{{Account}}"}"""));
        var named = await Role("Named", Trust($$"""{"AWS":"arn:aws:iam::{{Account}}:role/Caller"}"""));
        var session = await Assume(caller);

        using var _ = CallerContext.Use(session.Credentials!.AccessKeyId);
        var refused = await Assert.ThrowsAsync<StsException>(() => Assume(target));
        Assert.Equal($"User: arn:aws:sts::{Account}:assumed-role/Caller/notebook is not authorized to perform: sts:AssumeRole on resource: {target}", refused.Message);
        Assert.NotNull((await Assume(named)).Credentials); // named by its role's ARN: the trust policy alone decides
    }

    [Fact]
    public async Task A_malformed_session_policy_is_STSs_MalformedPolicyDocument()
    {
        var arn = await Role("Builder", Trust("\"*\""));
        var error = await Assert.ThrowsAsync<StsException>(() => Assume(arn, policy: "{nope"));
        Assert.Equal((StsErrorCodes.MalformedPolicyDocument, "Syntax errors in policy."), (error.ErrorCode, error.Message));
    }

    [Fact]
    public async Task Sessions_survive_a_restart_of_IAM()
    {
        var assumed = await Assume(await Role("Builder", Trust("\"*\"")));
        var key = assumed.Credentials!.AccessKeyId;
        _iam.Dispose();
        using var reopened = new LocalIam(_directory, Account, _time);

        var caller = reopened.ResolveCaller(key);
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Builder/notebook", caller.Arn);
        Assert.False(caller.IsRoot);
        Assert.True(reopened.ResolveCaller("ASIAUNKNOWNKEY000000").IsRoot);
    }
}

using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Iam;
using Stepwise.Local.Iam;

namespace Stepwise.Local.Tests.Iam;

public sealed class LocalIamTests : IDisposable
{
    internal const string SageMakerTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    internal const string ReadSeed = """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::seed","arn:aws:s3:::seed/*"]}]}""";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stepwise-iam-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private LocalIam _iam;

    public LocalIamTests() => _iam = new LocalIam(_directory, "123456789012", _time);

    public void Dispose()
    {
        _iam.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CreateRoleResponse> CreateRole(string name = "Trainer", string? path = null, string trust = SageMakerTrust, string? boundary = null) =>
        _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, Path = path, AssumeRolePolicyDocument = trust, PermissionsBoundary = boundary });

    [Fact]
    public async Task A_role_has_AWSs_arn_id_and_url_encoded_trust_policy()
    {
        var created = (await CreateRole(path: "/service-role/")).Role;

        Assert.Equal("arn:aws:iam::123456789012:role/service-role/Trainer", created.Arn);
        Assert.Matches("^AROA[A-Z2-7]{17}$", created.RoleId);
        Assert.Equal(_time.GetUtcNow(), created.CreateDate);
        Assert.Equal(3600, created.MaxSessionDuration);
        Assert.StartsWith("%7B%22Version%22%3A%222012-10-17%22", created.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal(SageMakerTrust, Uri.UnescapeDataString(created.AssumeRolePolicyDocument!));
        var read = (await _iam.GetRoleAsync(new GetRoleRequest { RoleName = "trainer" })).Role;
        Assert.Equal((created.RoleId, "Trainer"), (read.RoleId, read.RoleName));
    }

    [Fact]
    public async Task Roles_names_are_unique_ignoring_case_and_missing_ones_are_NoSuchEntity()
    {
        await CreateRole();

        var exists = await Assert.ThrowsAsync<IamException>(() => CreateRole("TRAINER"));
        Assert.Equal((IamErrorCodes.EntityAlreadyExists, 409, "Role with name TRAINER already exists."), (exists.ErrorCode, exists.StatusCode, exists.Message));
        var missing = await Assert.ThrowsAsync<IamException>(() => _iam.GetRoleAsync(new GetRoleRequest { RoleName = "Nobody" }));
        Assert.Equal((IamErrorCodes.NoSuchEntity, 404, "The role with name Nobody cannot be found."), (missing.ErrorCode, missing.StatusCode, missing.Message));
    }

    [Theory]
    [InlineData("bad name", null, 3600, "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")]
    [InlineData("Trainer", "no-slash", 3600, "1 validation error detected: Value 'no-slash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")]
    [InlineData("Trainer", null, 60, "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600")]
    public async Task Inputs_outside_the_models_constraints_are_ValidationErrors(string name, string? path, int maxSession, string message)
    {
        var error = await Assert.ThrowsAsync<IamException>(() => _iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = name, Path = path, AssumeRolePolicyDocument = SageMakerTrust, MaxSessionDuration = maxSession,
        }));
        Assert.Equal(("ValidationError", message), (error.ErrorCode, error.Message));
    }

    [Fact]
    public async Task A_trust_policy_is_checked_as_one()
    {
        var error = await Assert.ThrowsAsync<IamException>(() => CreateRole(trust: ReadSeed));
        Assert.Equal((IamErrorCodes.MalformedPolicyDocument, "Has prohibited field Resource"), (error.ErrorCode, error.Message));
        var tooBig = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":[""" +
                     string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"sts:AssumeRole{i}\"")) + "]}]}";
        var limit = await Assert.ThrowsAsync<IamException>(() => CreateRole(trust: tooBig));
        Assert.Equal((IamErrorCodes.LimitExceeded, "Cannot exceed quota for ACLSizePerRole: 2048"), (limit.ErrorCode, limit.Message));
    }

    [Fact]
    public async Task A_trust_policy_naming_a_role_of_the_account_that_does_not_exist_is_an_invalid_principal()
    {
        const string trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Builder"},"Action":"sts:AssumeRole"}}""";

        var error = await Assert.ThrowsAsync<IamException>(() => CreateRole("Target", trust: trust));
        Assert.Equal((IamErrorCodes.MalformedPolicyDocument, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:role/Builder\""), (error.ErrorCode, error.Message));
        await CreateRole("Builder");
        Assert.Equal("Target", (await CreateRole("Target", trust: trust)).Role.RoleName);
    }

    [Fact]
    public async Task Inline_policies_are_put_read_listed_and_deleted()
    {
        await CreateRole();
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Trainer", PolicyName = "read-seed", PolicyDocument = ReadSeed });
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Trainer", PolicyName = "logs", PolicyDocument = ReadSeed });

        var read = await _iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = "Trainer", PolicyName = "read-seed" });
        Assert.Equal(ReadSeed, Uri.UnescapeDataString(read.PolicyDocument));
        Assert.Equal(["logs", "read-seed"], (await _iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = "Trainer" })).PolicyNames);

        var conflict = await Assert.ThrowsAsync<IamException>(() => _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "Trainer" }));
        Assert.Equal((IamErrorCodes.DeleteConflict, 409, "Cannot delete entity, must delete policies first."), (conflict.ErrorCode, conflict.StatusCode, conflict.Message));
        await _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = "Trainer", PolicyName = "read-seed" });
        await _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = "Trainer", PolicyName = "logs" });
        var gone = await Assert.ThrowsAsync<IamException>(() => _iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = "Trainer", PolicyName = "logs" }));
        Assert.Equal("The role policy with name logs cannot be found.", gone.Message);
        await _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "Trainer" });
        Assert.Null(_iam.FindRole("Trainer"));
    }

    [Fact]
    public async Task A_policy_with_a_condition_key_the_local_cloud_never_supplies_is_refused_when_put()
    {
        await CreateRole();
        var error = await Assert.ThrowsAsync<IamException>(() => _iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "Trainer", PolicyName = "mfa",
            PolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}""",
        }));
        Assert.Equal(IamErrorCodes.MalformedPolicyDocument, error.ErrorCode);
        Assert.Contains("aws:MultiFactorAuthPresent", error.Message);
    }

    [Fact]
    public async Task Managed_policies_are_created_attached_listed_and_guarded_against_deletion_while_attached()
    {
        await CreateRole();
        var policy = (await _iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = "ReadSeed", Path = "/stepwise/", PolicyDocument = ReadSeed })).Policy!;
        Assert.Equal("arn:aws:iam::123456789012:policy/stepwise/ReadSeed", policy.Arn);
        Assert.Matches("^ANPA[A-Z2-7]{17}$", policy.PolicyId);
        Assert.Equal(("v1", 0, true), (policy.DefaultVersionId, policy.AttachmentCount, policy.IsAttachable));

        await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "Trainer", PolicyArn = policy.Arn! });
        await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "Trainer", PolicyArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });

        var attached = (await _iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "Trainer" })).AttachedPolicies!;
        Assert.Equal(["AWSLambdaBasicExecutionRole", "ReadSeed"], attached.Select(p => p.PolicyName));
        Assert.Equal(1, (await _iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = policy.Arn! })).Policy!.AttachmentCount);
        var version = (await _iam.GetPolicyVersionAsync(new GetPolicyVersionRequest { PolicyArn = policy.Arn!, VersionId = "v1" })).PolicyVersion!;
        Assert.Equal((ReadSeed, true), (Uri.UnescapeDataString(version.Document!), version.IsDefaultVersion));

        var attachedConflict = await Assert.ThrowsAsync<IamException>(() => _iam.DeletePolicyAsync(new DeletePolicyRequest { PolicyArn = policy.Arn! }));
        Assert.Equal((IamErrorCodes.DeleteConflict, "Cannot delete a policy attached to entities."), (attachedConflict.ErrorCode, attachedConflict.Message));
        var roleConflict = await Assert.ThrowsAsync<IamException>(() => _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "Trainer" }));
        Assert.Equal("Cannot delete entity, must detach all policies first.", roleConflict.Message);

        await _iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = "Trainer", PolicyArn = policy.Arn! });
        await _iam.DeletePolicyAsync(new DeletePolicyRequest { PolicyArn = policy.Arn! });
        var gone = await Assert.ThrowsAsync<IamException>(() => _iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = policy.Arn! }));
        Assert.Equal((IamErrorCodes.NoSuchEntity, $"Policy {policy.Arn} was not found."), (gone.ErrorCode, gone.Message));
    }

    [Fact]
    public async Task Attaching_a_policy_that_does_not_exist_or_an_eleventh_is_refused_as_AWS_does()
    {
        await CreateRole();
        var missing = await Assert.ThrowsAsync<IamException>(() => _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest
        {
            RoleName = "Trainer", PolicyArn = "arn:aws:iam::aws:policy/NoSuchPolicy",
        }));
        Assert.Equal((IamErrorCodes.NoSuchEntity, "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."), (missing.ErrorCode, missing.Message));
        for (var i = 0; i < LocalIam.MaxAttachedPolicies; i++)
        {
            var arn = (await _iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = $"P{i}", PolicyDocument = ReadSeed })).Policy!.Arn!;
            await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "Trainer", PolicyArn = arn });
        }
        var limit = await Assert.ThrowsAsync<IamException>(() => _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest
        {
            RoleName = "Trainer", PolicyArn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        }));
        Assert.Equal((IamErrorCodes.LimitExceeded, "Cannot exceed quota for PoliciesPerRole: 10"), (limit.ErrorCode, limit.Message));
    }

    [Fact]
    public async Task ListPolicies_separates_AWS_managed_from_local_ones()
    {
        await _iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = "ReadSeed", PolicyDocument = ReadSeed });

        var local = (await _iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = PolicyScopeType.Local })).Policies!;
        var aws = (await _iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = PolicyScopeType.Aws })).Policies!;
        var all = (await _iam.ListPoliciesAsync(new ListPoliciesRequest())).Policies!;

        Assert.Equal(["ReadSeed"], local.Select(p => p.PolicyName));
        Assert.Equal(["AmazonEC2ContainerRegistryReadOnly", "AmazonS3ReadOnlyAccess", "AWSLambdaBasicExecutionRole"], aws.Select(p => p.PolicyName));
        Assert.Equal(4, all.Count);
        Assert.Equal("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", aws[2].Arn);
        var bad = await Assert.ThrowsAsync<IamException>(() => _iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = "Mine" }));
        Assert.Equal("1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]", bad.Message);
    }

    [Fact]
    public async Task The_shipped_AWS_managed_policies_say_where_and_which_version_they_were_copied_from()
    {
        var all = AwsManagedPolicies.All.ToList();
        Assert.Equal(3, all.Count);
        Assert.All(all, p => Assert.StartsWith("https://docs.aws.amazon.com/aws-managed-policy/latest/reference/" + p.PolicyName, p.Source, StringComparison.Ordinal));
        var s3 = AwsManagedPolicies.Find("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")!;
        Assert.Equal("v3", s3.DefaultVersionId);
        var version = (await _iam.GetPolicyVersionAsync(new GetPolicyVersionRequest { PolicyArn = s3.Arn, VersionId = "v3" })).PolicyVersion!;
        Assert.Contains("s3-object-lambda:List*", Uri.UnescapeDataString(version.Document!));
    }

    [Fact]
    public async Task ListRoles_pages_by_name_under_a_path_prefix()
    {
        foreach (var name in new[] { "c", "A", "b", "d" })
            await CreateRole(name, name == "d" ? "/other/" : null);

        var first = await _iam.ListRolesAsync(new ListRolesRequest { MaxItems = 2 });
        var second = await _iam.ListRolesAsync(new ListRolesRequest { MaxItems = 2, Marker = first.Marker });
        var other = await _iam.ListRolesAsync(new ListRolesRequest { PathPrefix = "/other/" });

        Assert.Equal(["A", "b"], first.Roles.Select(r => r.RoleName));
        Assert.True(first.IsTruncated);
        Assert.Equal(["c", "d"], second.Roles.Select(r => r.RoleName));
        Assert.False(second.IsTruncated);
        Assert.Null(second.Marker);
        Assert.Equal(["d"], other.Roles.Select(r => r.RoleName));
    }

    [Fact]
    public async Task Tags_and_a_permissions_boundary_belong_to_the_role()
    {
        var boundaryArn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
        await CreateRole(boundary: boundaryArn);
        await _iam.TagRoleAsync(new TagRoleRequest { RoleName = "Trainer", Tags = [new Tag { Key = "team", Value = "ml" }, new Tag { Key = "env", Value = "dev" }] });
        await _iam.TagRoleAsync(new TagRoleRequest { RoleName = "Trainer", Tags = [new Tag { Key = "TEAM", Value = "vision" }] });
        await _iam.UntagRoleAsync(new UntagRoleRequest { RoleName = "Trainer", TagKeys = ["env"] });

        var role = (await _iam.GetRoleAsync(new GetRoleRequest { RoleName = "Trainer" })).Role;
        Assert.Equal([("TEAM", "vision")], role.Tags!.Select(t => (t.Key, t.Value)));
        Assert.Equal((PermissionsBoundaryAttachmentType.PermissionsBoundaryPolicy, boundaryArn),
            (role.PermissionsBoundary!.PermissionsBoundaryType, role.PermissionsBoundary.PermissionsBoundaryArn));
        Assert.Equal(1, (await _iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = boundaryArn })).Policy!.PermissionsBoundaryUsageCount);

        var noBoundary = await Assert.ThrowsAsync<IamException>(() => CreateRole("Other", boundary: "arn:aws:iam::123456789012:policy/Nope"));
        Assert.Equal("Scope ARN: arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.", noBoundary.Message);
    }

    [Fact]
    public async Task Everything_survives_a_restart()
    {
        await CreateRole();
        await _iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = "Trainer", PolicyDocument = SageMakerTrust.Replace("sagemaker", "states") });
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = "Trainer", PolicyName = "read-seed", PolicyDocument = ReadSeed });
        await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "Trainer", PolicyArn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" });

        _iam.Dispose();
        _iam = new LocalIam(_directory, "123456789012", _time);

        var role = (await _iam.GetRoleAsync(new GetRoleRequest { RoleName = "Trainer" })).Role;
        Assert.Contains("states.amazonaws.com", Uri.UnescapeDataString(role.AssumeRolePolicyDocument!));
        Assert.Equal(["read-seed"], (await _iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = "Trainer" })).PolicyNames);
        Assert.Single((await _iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "Trainer" })).AttachedPolicies!);
    }

    [Fact]
    public async Task SimulateCustomPolicy_answers_each_action_on_each_resource_with_the_deciding_statements()
    {
        var deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::seed/secret/*"}]}""";

        var result = await _iam.SimulateCustomPolicyAsync(new SimulateCustomPolicyRequest
        {
            PolicyInputList = [ReadSeed, deny],
            ActionNames = ["s3:GetObject", "s3:PutObject"],
            ResourceArns = ["arn:aws:s3:::seed/data.csv", "arn:aws:s3:::seed/secret/key"],
        });

        var decisions = result.EvaluationResults!.Select(r => (r.EvalActionName, r.EvalResourceName, r.EvalDecision)).ToArray();
        Assert.Equal([
            ("s3:GetObject", "arn:aws:s3:::seed/data.csv", "allowed"),
            ("s3:GetObject", "arn:aws:s3:::seed/secret/key", "explicitDeny"),
            ("s3:PutObject", "arn:aws:s3:::seed/data.csv", "implicitDeny"),
            ("s3:PutObject", "arn:aws:s3:::seed/secret/key", "implicitDeny"),
        ], decisions);
        var allowed = Assert.Single(result.EvaluationResults![0].MatchedStatements!);
        Assert.Equal(("PolicyInputList.1", "none", 1), (allowed.SourcePolicyId, allowed.SourcePolicyType, allowed.StartPosition!.Line));
        Assert.Equal("PolicyInputList.2", Assert.Single(result.EvaluationResults![1].MatchedStatements!).SourcePolicyId);
        Assert.Empty(result.EvaluationResults![2].MatchedStatements!);
    }

    [Fact]
    public async Task The_simulator_takes_typed_context_entries_and_reports_missing_ones()
    {
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"*","Condition":{"NumericLessThanEquals":{"sagemaker:MaxRuntimeInSeconds":"3600"},"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}]}""";
        SimulateCustomPolicyRequest Request(params ContextEntry[] entries) => new()
        {
            PolicyInputList = [policy], ActionNames = ["sagemaker:CreateTrainingJob"], ContextEntries = entries,
        };

        var allowed = await _iam.SimulateCustomPolicyAsync(Request(
            new ContextEntry { ContextKeyName = "sagemaker:MaxRuntimeInSeconds", ContextKeyValues = ["1800"], ContextKeyType = ContextKeyTypeEnum.Numeric },
            new ContextEntry { ContextKeyName = "aws:TagKeys", ContextKeyValues = ["team", "env"], ContextKeyType = ContextKeyTypeEnum.StringList }));
        var missing = await _iam.SimulateCustomPolicyAsync(Request());
        var badType = await Assert.ThrowsAsync<IamException>(() => _iam.SimulateCustomPolicyAsync(Request(
            new ContextEntry { ContextKeyName = "sagemaker:MaxRuntimeInSeconds", ContextKeyValues = ["long"], ContextKeyType = ContextKeyTypeEnum.Numeric })));

        Assert.Equal("allowed", allowed.EvaluationResults![0].EvalDecision);
        Assert.Equal("implicitDeny", missing.EvaluationResults![0].EvalDecision);
        Assert.Equal(["aws:TagKeys", "sagemaker:MaxRuntimeInSeconds"], missing.EvaluationResults![0].MissingContextValues!);
        Assert.Equal(IamErrorCodes.InvalidInput, badType.ErrorCode);
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_uses_the_roles_policies_and_boundary()
    {
        await CreateRole(boundary: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "Trainer", PolicyName = "broad", PolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}}""",
        });

        var result = await _iam.SimulatePrincipalPolicyAsync(new SimulatePrincipalPolicyRequest
        {
            PolicySourceArn = "arn:aws:iam::123456789012:role/Trainer", ActionNames = ["s3:GetObject", "s3:PutObject", "logs:PutLogEvents"],
        });

        var results = result.EvaluationResults!;
        Assert.Equal(["allowed", "implicitDeny", "implicitDeny"], results.Select(r => r.EvalDecision));
        Assert.Equal(("broad", "role"), (results[0].MatchedStatements![0].SourcePolicyId, results[0].MatchedStatements![0].SourcePolicyType));
        Assert.Equal([true, false, false], results.Select(r => r.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary == true));
        var missing = await Assert.ThrowsAsync<IamException>(() => _iam.SimulatePrincipalPolicyAsync(new SimulatePrincipalPolicyRequest
        {
            PolicySourceArn = "arn:aws:iam::123456789012:role/Nobody", ActionNames = ["s3:GetObject"],
        }));
        Assert.Equal(IamErrorCodes.NoSuchEntity, missing.ErrorCode);
    }
}

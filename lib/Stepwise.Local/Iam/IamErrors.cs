using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

/// <summary>IAM's errors with AWS's codes and wording: the one home of that text. Messages AWS is known to send are
/// copied; those marked "local" are the local cloud's own, in AWS's style.</summary>
internal static class IamErrors
{
    // MalformedPolicyDocument — AWS's texts for the checks IAM makes, in the order it makes them.
    public static IamException SyntaxErrors() => Malformed("Syntax errors in policy.");

    public static IamException VersionTooOld() => Malformed("Policy document must be version 2012-10-17 or greater.");

    public static IamException LegacyParsing() => Malformed("The policy failed legacy parsing");

    public static IamException DuplicateSid() => Malformed("Statement IDs (SID) in a single policy must be unique.");

    public static IamException NoActions() => Malformed("Policy statement must contain actions.");

    public static IamException NoResources() => Malformed("Policy statement must contain resources.");

    public static IamException ProhibitedField(string field) => Malformed($"Has prohibited field {field}");

    public static IamException MissingPrincipal() => Malformed("Missing required field Principal");

    public static IamException PrincipalInIdentityPolicy() => Malformed("Policy document should not specify a principal.");

    public static IamException InvalidPrincipal(string type, string value) =>
        Malformed($"Invalid principal in policy: \"{type}\":\"{value}\"");

    public static IamException ResourceNotArn(string resource) => Malformed($"Resource {resource} must be in ARN format or \"*\".");

    public static IamException ActionWithoutVendor() =>
        Malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");

    public static IamException ActionWithColons() => Malformed("Actions/Condition can contain only one colon.");

    public static IamException InvalidVendor(string vendor) => Malformed($"Vendor {vendor} is not valid");

    /// <summary>Local: a condition key whose value the local cloud never supplies, so a condition on it could only ever
    /// decide by the key's absence — refused rather than silently misjudged.</summary>
    public static IamException UnsupportedConditionKey(string key, string supported) => Malformed(
        $"The local cloud does not evaluate the condition key {key}: no local request carries it, so the condition would " +
        $"always see it missing. Supported keys: {supported}.");

    // Entities.
    public static IamException NoSuchRole(string name) => new(IamErrorCodes.NoSuchEntity,
        $"The role with name {name} cannot be found.", 404);

    public static IamException NoSuchRolePolicy(string role, string policy) => new(IamErrorCodes.NoSuchEntity,
        $"The role policy with name {policy} cannot be found.", 404);

    public static IamException NoSuchPolicy(string arn) => new(IamErrorCodes.NoSuchEntity,
        $"Policy {arn} does not exist or is not attachable.", 404);

    public static IamException PolicyNotFound(string arn) => new(IamErrorCodes.NoSuchEntity, $"Policy {arn} was not found.", 404);

    public static IamException NoSuchBoundary(string arn) => new(IamErrorCodes.NoSuchEntity,
        $"Scope ARN: {arn} does not exist or is not attachable.", 404);

    public static IamException NoSuchPolicyVersion(string arn, string version) => new(IamErrorCodes.NoSuchEntity,
        $"Policy {arn} version {version} does not exist or is not attachable.", 404);

    public static IamException RoleExists(string name) => new(IamErrorCodes.EntityAlreadyExists,
        $"Role with name {name} already exists.", 409);

    public static IamException PolicyExists(string name) => new(IamErrorCodes.EntityAlreadyExists,
        $"A policy called {name} already exists. Duplicate names are not allowed.", 409);

    public static IamException RoleHasPolicies() => new(IamErrorCodes.DeleteConflict,
        "Cannot delete entity, must delete policies first.", 409);

    public static IamException RoleHasAttachedPolicies() => new(IamErrorCodes.DeleteConflict,
        "Cannot delete entity, must detach all policies first.", 409);

    public static IamException PolicyAttached() => new(IamErrorCodes.DeleteConflict,
        "Cannot delete a policy attached to entities.", 409);

    public static IamException AwsPolicyUnmodifiable(string arn) => new(IamErrorCodes.InvalidInput,
        $"Policy {arn} is an AWS managed policy and cannot be deleted or modified.");

    public static IamException LimitExceeded(string message) => new(IamErrorCodes.LimitExceeded, message, 409);

    public static IamException InvalidInput(string message) => new(IamErrorCodes.InvalidInput, message);

    public static IamException InvalidArn(string arn) => InvalidInput($"ARN {arn} is not valid.");

    /// <summary>The model-constraint wording IAM uses for a value that breaks a shape's rule (code ValidationError).</summary>
    public static IamException Constraint(string? value, string member, string constraint) => new("ValidationError",
        $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    private static IamException Malformed(string message) => new(IamErrorCodes.MalformedPolicyDocument, message);
}

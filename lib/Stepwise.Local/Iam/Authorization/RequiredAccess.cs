namespace Stepwise.Local.Iam.Authorization;

/// <summary>One permission a call needs: the IAM action, the resource ARN it is evaluated on (<c>*</c> for actions the
/// Service Authorization Reference lists without a resource type) and the request's condition keys.</summary>
public sealed record RequiredAccess(string Action, string Resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? Context = null)
{
    /// <summary><c>iam:PassRole</c> on <paramref name="roleArn"/> with <c>iam:PassedToService</c>, as every call that hands a role to a service needs.</summary>
    public static RequiredAccess PassRole(string roleArn, string service) =>
        new("iam:PassRole", roleArn, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["iam:PassedToService"] = [service] });
}

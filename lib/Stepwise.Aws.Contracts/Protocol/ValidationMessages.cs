namespace Stepwise.Aws.Protocol;

/// <summary>AWS's wording of validation errors, in one place: the services' exceptions and every local service use it.</summary>
public static class ValidationMessages
{
    /// <summary><c>1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null</c>.</summary>
    public static string MissingMembers(IReadOnlyList<string> members) => Count(members.Select(MissingMember).ToList());

    /// <summary>One missing member: <c>Value null at 'roleArn' failed to satisfy constraint: Member must not be null</c>.</summary>
    public static string MissingMember(string member) => $"Value null at '{member}' failed to satisfy constraint: Member must not be null";

    /// <summary><c>N validation error(s) detected: </c> and the problems, joined as AWS joins them.</summary>
    public static string Count(IReadOnlyList<string> problems) =>
        $"{problems.Count} validation error{(problems.Count == 1 ? "" : "s")} detected: {string.Join("; ", problems)}";
}

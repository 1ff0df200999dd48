namespace Stepwise.Local.Hosting;

/// <summary>AWS's wording of validation errors, in one place.</summary>
internal static class ValidationMessages
{
    /// <summary><c>1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null</c>.</summary>
    public static string MissingMembers(IReadOnlyList<string> members) =>
        $"{members.Count} validation error{(members.Count == 1 ? "" : "s")} detected: " +
        string.Join("; ", members.Select(m => $"Value null at '{m}' failed to satisfy constraint: Member must not be null"));
}

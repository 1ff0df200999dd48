namespace Stepwise.Workflows.Permissions;

/// <summary>A definition uses a resource whose permissions the analysis does not know; every such state is listed.</summary>
public sealed class PermissionAnalysisException(IReadOnlyList<string> problems)
    : Exception($"Cannot compute the permissions of {problems.Count} state(s):\n  " + string.Join("\n  ", problems))
{
    /// <summary>One line per state: its path, its resource, and why.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

using Stepwise.Workflows.Permissions;

namespace Stepwise.Workbook.Iam;

/// <summary>One statement of a workbook role's inline policy and the reason it is there (the line notebook 01 prints).</summary>
/// <param name="Why">One line: what in the pipeline makes the call that needs it.</param>
/// <param name="Statement">The actions, resources and condition granted.</param>
public sealed record RoleStatement(string Why, PolicyStatement Statement);

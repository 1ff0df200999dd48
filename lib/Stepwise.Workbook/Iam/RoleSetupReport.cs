using Stepwise.Interactive.Tables;

namespace Stepwise.Workbook.Iam;

/// <summary>What <see cref="WorkbookRoles.EnsureAsync(ICloud, CancellationToken)"/> did to one role.</summary>
/// <param name="Role">The role's name.</param>
/// <param name="Outcome"><c>created</c>, <c>updated</c> or <c>unchanged</c>.</param>
/// <param name="Detail">What was written, or what else the role holds that the workbook did not put there.</param>
public sealed record RoleSetupStep(string Role, string Outcome, string Detail);

/// <summary>One step per role, in order; <see cref="Html"/> shows them as a table.</summary>
public sealed record RoleSetupReport(IReadOnlyList<RoleSetupStep> Steps)
{
    /// <summary>The steps as a table (role, outcome, detail).</summary>
    public string Html => new HtmlTableBuilder("Role", new TableColumn("Outcome", Status: true), "Detail")
        .Rows(Steps, s => [s.Role, s.Outcome, s.Detail]).Build().Html;

    /// <summary>One line per role.</summary>
    public override string ToString() => string.Join(System.Environment.NewLine, Steps.Select(s => $"{s.Role}: {s.Outcome} ({s.Detail})"));
}

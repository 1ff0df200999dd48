using Stepwise.Aws.Iam;
using Stepwise.Interactive.Tables;

namespace Stepwise.Workbook.Iam;

/// <summary>IAM policy simulator results (SimulateCustomPolicy, SimulatePrincipalPolicy) as a table: action, resource,
/// decision, and the statements that decided (a notebook cell whose value is the response shows this).</summary>
public static class SimulationTable
{
    /// <summary>One row per evaluation result.</summary>
    public static string Html(SimulatePolicyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new HtmlTableBuilder("Action", "Resource", new TableColumn("EvalDecision", Status: true), "Matched statements", "Missing context")
            .Rows(response.EvaluationResults ?? [], r =>
            [
                r.EvalActionName,
                r.EvalResourceName,
                r.EvalDecision,
                string.Join(", ", (r.MatchedStatements ?? []).Select(s => s.SourcePolicyId ?? s.SourcePolicyType ?? "")),
                string.Join(", ", r.MissingContextValues ?? []),
            ]).Build().Html;
    }
}

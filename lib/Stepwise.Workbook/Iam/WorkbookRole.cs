using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Interactive.Tables;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workbook.Iam;

/// <summary>One of the workbook's IAM roles: who may assume it (the trust policy) and what it may do (one inline policy,
/// each statement with its reason). <see cref="Html"/> shows it as a table.</summary>
/// <param name="Name">The role's name, e.g. <c>StepwiseSageMakerExecutionRole</c>.</param>
/// <param name="Arn">The role's ARN in the account.</param>
/// <param name="Purpose">One line: what assumes the role and what for.</param>
/// <param name="TrustPolicy">The trust (assume-role) policy document.</param>
/// <param name="PolicyName">The name of the inline policy (as in environment/cloudformation/workbook.yaml).</param>
/// <param name="Statements">The inline policy's statements, in order.</param>
public sealed record WorkbookRole(string Name, string Arn, string Purpose, JsonObject TrustPolicy, string PolicyName, IReadOnlyList<RoleStatement> Statements)
{
    /// <summary>The inline policy document (<c>Version</c> 2012-10-17, statements in order).</summary>
    public JsonObject PolicyDocument() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray([.. Statements.Select(s => (JsonNode)s.Statement.ToJson())]),
    };

    /// <summary>A copy named <paramref name="name"/> with <paramref name="action"/> taken out of every statement (a statement
    /// left with no action is dropped): the deliberately narrowed role notebook 01 shows failing.</summary>
    /// <exception cref="ArgumentException">No statement grants <paramref name="action"/>.</exception>
    public WorkbookRole Without(string action, string name)
    {
        if (!Statements.Any(s => s.Statement.Actions.Contains(action, StringComparer.OrdinalIgnoreCase)))
            throw new ArgumentException($"{Name} grants no {action}: nothing to take out.", nameof(action));
        var narrowed = Statements
            .Select(s => s with { Statement = s.Statement with { Actions = [.. s.Statement.Actions.Where(a => !a.Equals(action, StringComparison.OrdinalIgnoreCase))] } })
            .Where(s => s.Statement.Actions.Length > 0)
            .ToList();
        return this with { Name = name, Arn = Arn[..(Arn.LastIndexOf('/') + 1)] + name, Purpose = $"{Name} without {action}", Statements = narrowed };
    }

    /// <summary>A copy whose trust policy also lets <paramref name="principalArn"/> (e.g. the account's root, meaning its
    /// identities that are allowed <c>sts:AssumeRole</c>) assume the role, so a notebook can act as it.</summary>
    public WorkbookRole AssumableBy(string principalArn)
    {
        var trust = (JsonObject)TrustPolicy.DeepClone();
        trust["Statement"]!.AsArray().Add(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = principalArn },
            ["Action"] = "sts:AssumeRole",
        });
        return this with { TrustPolicy = trust };
    }

    /// <summary>The statements as a table: why, actions, resources, condition.</summary>
    public string Html => Table([this]);

    /// <summary>Every statement of <paramref name="roles"/> in one table, a role per group of rows.</summary>
    internal static string Table(IEnumerable<WorkbookRole> roles)
    {
        var table = new HtmlTableBuilder("Role", "Why", "Actions", "Resources", "Condition") { MaxCellLength = 0 };
        foreach (var role in roles)
            foreach (var (statement, i) in role.Statements.Select((s, i) => (s, i)))
                table.Row(i == 0 ? role.Name : "", statement.Why, string.Join("\n", statement.Statement.Actions),
                    string.Join("\n", statement.Statement.Resources), statement.Statement.Condition ?? "");
        return table.Build().Html.Replace("\n", "<br>", StringComparison.Ordinal);
    }

    /// <summary>The name, who assumes it, and one line per statement.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{Name}: {Purpose}");
        foreach (var s in Statements)
            text.Append("\n  ").Append(string.Join(", ", s.Statement.Actions)).Append(" on ").Append(string.Join(", ", s.Statement.Resources))
                .Append(s.Statement.Condition is null ? "" : $" when {s.Statement.Condition}").Append(" — ").Append(s.Why);
        return text.ToString();
    }
}

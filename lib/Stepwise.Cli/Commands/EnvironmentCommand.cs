using System.CommandLine;
using Stepwise.Cli.Environment;
using Stepwise.Notebooks;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise environment workflow-policy [--write | --check]</c>: the workflow role's statements of
/// <c>environment/cloudformation/workbook.yaml</c>, computed from the pipeline's ASL.</summary>
public static class EnvironmentCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var write = new Option<bool>("--write") { Description = "Rewrite the generated block of the template in place." };
        var check = new Option<bool>("--check") { Description = "Exit 1 when the committed template's block differs from the pipeline's needs." };
        var template = new Option<FileInfo?>("--template") { HelpName = "FILE", Description = $"The template [default: <repo>/{WorkflowRolePolicy.TemplatePath}]." };
        var policy = new Command("workflow-policy", "Print (or --write, --check) the Step Functions role's statements computed from MaskRCnnPipeline's ASL.") { write, check, template };
        policy.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var required = WorkflowRolePolicy.Required();
            if (!parse.GetValue(write) && !parse.GetValue(check))
            {
                foreach (var line in WorkflowRolePolicy.Render(required, ""))
                    output.WriteLine(line);
                return 0;
            }
            var path = parse.GetValue(template)?.FullName
                       ?? (RepositoryRoot.TryFind() is { } root ? Path.Combine(root, WorkflowRolePolicy.TemplatePath) : null);
            if (path is null || !File.Exists(path))
            {
                error.WriteLine($"Template not found: {path ?? WorkflowRolePolicy.TemplatePath} (pass --template).");
                return 2;
            }
            var committed = File.ReadAllText(path);
            var regenerated = WorkflowRolePolicy.Regenerate(committed, required);
            if (parse.GetValue(check))
            {
                if (regenerated == committed)
                {
                    output.WriteLine($"{path}: the workflow role grants what the pipeline needs.");
                    return 0;
                }
                error.WriteLine($"{path}: the workflow role's statements differ from the pipeline's; run `stepwise environment workflow-policy --write`.");
                return 1;
            }
            File.WriteAllText(path, regenerated);
            output.WriteLine($"{path}: {required.Statements.Count} statements written.");
            return 0;
        });
        return new Command("environment", "AWS-side assets under environment/.") { policy };
    }
}

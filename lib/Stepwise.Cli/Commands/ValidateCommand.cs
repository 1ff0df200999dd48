using System.CommandLine;
using Stepwise.Workflows.Asl;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise validate FILE</c>: checks an ASL file; exit 0 when valid, 1 with every problem listed.</summary>
public static class ValidateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Amazon States Language (JSON) file." };
        var command = new Command("validate", "Validate an ASL definition; list every problem found.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.InvocationConfiguration.Output;
            if (!path.Exists)
            {
                parse.InvocationConfiguration.Error.WriteLine($"File not found: {path.FullName}");
                return 2;
            }

            var report = StateMachine.Validate(File.ReadAllText(path.FullName));
            if (report.IsValid)
            {
                output.WriteLine($"{path.Name}: valid");
                foreach (var warning in report.Diagnostics) output.WriteLine($"  warning: {warning}");
                return 0;
            }

            output.WriteLine($"{path.Name}: {report.Errors.Count()} problem(s)");
            foreach (var d in report.Diagnostics) output.WriteLine($"  {d}");
            return 1;
        });
        return command;
    }
}

using System.CommandLine;
using Stepwise.Workflows.Export;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise cfn FILE --role-arn ARN</c>: a CloudFormation template for the definition.</summary>
public static class CloudFormationCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Amazon States Language (JSON) file." };
        var role = new Option<string>("--role-arn") { Description = "The IAM role Step Functions assumes.", Required = true, HelpName = "ARN" };
        var name = new Option<string?>("--name") { Description = "State machine name (default: the file name).", HelpName = "NAME" };
        var description = new Option<string?>("--description") { Description = "Template description." };
        var command = new Command("cfn", "Write a CloudFormation template (YAML) with an AWS::StepFunctions::StateMachine.") { file, role, name, description };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var machine = DefinitionFile.Read(path, parse.InvocationConfiguration.Error);
            if (machine is null) return 1;
            var machineName = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(path.Name);
            parse.InvocationConfiguration.Output.Write(
                CloudFormationTemplate.ForStateMachine(machineName, machine, parse.GetValue(role)!, parse.GetValue(description)));
            return 0;
        });
        return command;
    }
}

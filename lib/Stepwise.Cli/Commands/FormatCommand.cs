using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise format FILE</c>: reads ASL into the object model and writes it back to stdout.</summary>
public static class FormatCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Amazon States Language (JSON) file." };
        var command = new Command("format", "Read an ASL definition and write it back in canonical form (the round trip).") { file };
        command.SetAction(parse =>
        {
            var machine = DefinitionFile.Read(parse.GetValue(file)!, parse.InvocationConfiguration.Error);
            if (machine is null) return 1;
            parse.InvocationConfiguration.Output.WriteLine(machine.ToJson());
            return 0;
        });
        return command;
    }
}

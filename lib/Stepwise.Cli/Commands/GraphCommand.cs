using System.CommandLine;
using Stepwise.Interactive.Graphs;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise graph FILE -o OUT.svg</c>: the state graph SVG the notebook shows.</summary>
public static class GraphCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Amazon States Language (JSON) file." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the SVG (default: stdout).", HelpName = "OUT.svg" };
        var command = new Command("graph", "Render the state graph of an ASL definition as SVG.") { file, output };
        command.SetAction(parse =>
        {
            var machine = DefinitionFile.Read(parse.GetValue(file)!, parse.InvocationConfiguration.Error);
            if (machine is null) return 1;
            var svg = StateGraph.ToSvg(machine);
            if (parse.GetValue(output) is { } target)
            {
                File.WriteAllText(target.FullName, svg);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {target.FullName} ({machine.AllStates().Count()} states)");
            }
            else parse.InvocationConfiguration.Output.WriteLine(svg);
            return 0;
        });
        return command;
    }
}

using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Validation;

namespace Stepwise.Cli.Commands;

/// <summary>Reads an ASL file for the definition verbs, reporting problems the same way for each.</summary>
internal static class DefinitionFile
{
    /// <summary>The definition, or null after printing every problem to <paramref name="error"/>.</summary>
    public static StateMachine? Read(FileInfo file, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"File not found: {file.FullName}");
            return null;
        }

        try
        {
            return StateMachine.FromJson(File.ReadAllText(file.FullName));
        }
        catch (InvalidDefinitionException e)
        {
            error.WriteLine($"{file.Name}: InvalidDefinition, {e.Diagnostics.Count} problem(s):");
            foreach (var d in e.Diagnostics) error.WriteLine($"  {d}");
            return null;
        }
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;

namespace Stepwise.Workflows;

/// <summary>Activates the notebook integration (Stepwise.Interactive's formatters) inside a notebook kernel.</summary>
/// <remarks>A module initializer runs only when a type of its own assembly is first used, and <c>#r</c> does not load an
/// assembly eagerly. A notebook that references both libraries but only touches workflow types would never register the
/// graph formatters, so this one loads Stepwise.Interactive and runs its initializer — only where a .NET Interactive
/// formatter is present.</remarks>
internal static class NotebookIntegration
{
#pragma warning disable CA2255 // Loading the libraries with #r must be enough for workflows to render as graphs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Activate()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies();
        if (!loaded.Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive.Formatting")) return;
        try
        {
            var interactive = loaded.FirstOrDefault(a => a.GetName().Name == "Stepwise.Interactive") ??
                              Assembly.Load(new AssemblyName("Stepwise.Interactive"));
            RuntimeHelpers.RunModuleConstructor(interactive.ManifestModule.ModuleHandle);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // The notebook did not reference Stepwise.Interactive: workflows display with the default formatter.
        }
    }
}

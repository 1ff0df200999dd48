using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Stepwise.Notebooks;

/// <summary>Builds the in-process kernel the way the dotnet-interactive app configures its C# kernel.</summary>
internal static class KernelFactory
{
    public const string CSharpKernelName = "csharp";

    public static (CompositeKernel Kernel, PackageExtensionLoader? Extensions) Create(NotebookRunnerOptions options)
    {
        var composite = new CompositeKernel();
        var extensions = options.LoadPackageExtensions ? new PackageExtensionLoader(composite) : null;

        var csharp = new CSharpKernel()
            .UseNugetDirective(async (kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                if (extensions is not null)
                    await extensions.LoadAsync(packages);
            })
            .UseKernelHelpers()
            .UseValueSharing()
            .UseWho();

        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = CSharpKernelName;
        return (composite, extensions);
    }
}

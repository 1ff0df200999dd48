using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Stepwise.Notebooks;

/// <summary>
/// Loads <c>interactive-extensions/dotnet/*.dll</c> kernel extensions of NuGet packages added by
/// <c>#r "nuget: ..."</c>. The dotnet-interactive app does this by itself; an in-process host must.
/// </summary>
internal sealed class PackageExtensionLoader : IDisposable
{
    private readonly Kernel _rootKernel;
    private readonly HashSet<string> _loadedPackageRoots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _assemblyPathsByName = new(StringComparer.OrdinalIgnoreCase);

    public PackageExtensionLoader(Kernel rootKernel)
    {
        _rootKernel = rootKernel;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    /// <summary>Called from the <c>#r "nuget:"</c> handler, inside the cell's invocation context.</summary>
    public async Task LoadAsync(IReadOnlyList<ResolvedPackageReference> packages)
    {
        foreach (var package in packages)
            foreach (var assemblyPath in package.AssemblyPaths)
                _assemblyPathsByName.TryAdd(Path.GetFileNameWithoutExtension(assemblyPath), assemblyPath);

        foreach (var package in packages)
        {
            if (string.IsNullOrEmpty(package.PackageRoot) || !_loadedPackageRoots.Add(package.PackageRoot))
                continue;
            var directory = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(directory))
                continue;

            var dlls = Directory.GetFiles(directory, "*.dll");
            foreach (var dll in dlls)
                _assemblyPathsByName.TryAdd(Path.GetFileNameWithoutExtension(dll), dll);

            foreach (var dll in dlls)
            {
                var assembly = LoadOnce(dll);
                foreach (var type in assembly.GetExportedTypes())
                {
                    if (!typeof(IKernelExtension).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface ||
                        type.GetConstructor(Type.EmptyTypes) is null)
                        continue;
                    var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                    try
                    {
                        await extension.OnLoadAsync(_rootKernel);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException(
                            $"Kernel extension {type.FullName} from package {package.PackageName} {package.PackageVersion} failed to load: {e.Message}", e);
                    }
                    var context = KernelInvocationContext.Current;
                    context?.Publish(new KernelExtensionLoaded(extension, context.Command));
                }
            }
        }
    }

    private static Assembly LoadOnce(string path)
    {
        var name = AssemblyName.GetAssemblyName(path).Name;
        return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name)
               ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name is { } simpleName && _assemblyPathsByName.TryGetValue(simpleName, out var path) && File.Exists(path)
            ? context.LoadFromAssemblyPath(path)
            : null;

    public void Dispose() => AssemblyLoadContext.Default.Resolving -= Resolve;
}

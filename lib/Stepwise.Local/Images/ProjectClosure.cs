using System.Xml.Linq;

namespace Stepwise.Local.Images;

/// <summary>The projects a .NET project builds from: itself and its <c>ProjectReference</c>s, transitively.</summary>
public static class ProjectClosure
{
    /// <summary>The project first, then every project it references, transitively.</summary>
    public static IReadOnlyList<string> Of(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (seen.Contains(next) || !File.Exists(next))
                continue;
            seen.Add(next);
            foreach (var reference in XDocument.Load(next).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                if (reference.Attribute("Include")?.Value is { Length: > 0 } include)
                    pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, include.Replace('\\', '/'))));
        }
        if (seen.Count == 0)
            throw new FileNotFoundException($"No .NET project at {project}.", project);
        return seen;
    }

    /// <summary>The files the projects' items (<c>None</c>, <c>Content</c>, … with an <c>Include</c>) take from outside
    /// their own folders — shipped data such as a model's weights, which a publish copies and a build must be given.</summary>
    public static IReadOnlyList<string> ExternalFiles(IEnumerable<string> projects)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var folder = Path.GetDirectoryName(project)!;
            foreach (var item in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName is not ("ProjectReference" or "PackageReference" or "PackageVersion")))
                foreach (var include in (item.Attribute("Include")?.Value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (include.Contains('*', StringComparison.Ordinal) || include.Contains('$', StringComparison.Ordinal))
                        continue;
                    var path = Path.GetFullPath(Path.Combine(folder, include.Replace('\\', '/')));
                    if (File.Exists(path) && !path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        files.Add(path);
                }
        }
        return [.. files];
    }

    /// <summary>A project's own source files: everything under its folder but build outputs (<c>bin/</c>, <c>obj/</c>)
    /// and <c>.git/</c>.</summary>
    public static IEnumerable<string> SourceFiles(string project)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(project))!;
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"));
    }
}

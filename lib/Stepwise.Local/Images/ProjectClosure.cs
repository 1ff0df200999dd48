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
}

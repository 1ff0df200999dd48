using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using Stepwise.Interactive.Tables;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Graphs;

/// <summary>Registers the notebook formatters when the assembly loads (<c>#r</c> is enough): the last expression of a
/// cell that is a workflow, definition, graph or chain shows its state graph as inline SVG.</summary>
public static class NotebookFormatters
{
    private const string Svg = "image/svg+xml";

    /// <summary>Registers the formatters (idempotent).</summary>
#pragma warning disable CA2255 // Loading the library with #r must be enough to register its formatters.
    [ModuleInitializer]
#pragma warning restore CA2255
    public static void Register()
    {
        try
        {
            RegisterSvg<GraphView>(v => v.Svg);
            RegisterSvg<ProgressView>(v => v.Svg);
            RegisterHtml<HtmlTable>(t => t.Html);
            RegisterSvg<Workflow>(w => w.RenderGraph().Svg);
            RegisterSvg<StateMachine>(m => m.RenderGraph().Svg);
            RegisterSvg<Graph>(g => g.RenderGraph().Svg);
            RegisterSvg<Chain>(c => new Graph(c).RenderGraph().Svg);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            // Outside a notebook host (e.g. the CLI) Microsoft.DotNet.Interactive.Formatting is absent: nothing to register.
        }
    }

    /// <summary>Shows values of <typeparamref name="T"/> as the HTML <paramref name="render"/> gives (for views defined
    /// in assemblies that load this one); does nothing outside a notebook host.</summary>
    public static void RegisterHtmlView<T>(Func<T, string> render)
    {
        try
        {
            RegisterHtml(render);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
        }
    }

    // Formatter types are only touched inside these helpers, so that without the formatting assembly the
    // failure happens inside Register's try block (at the call), not when Register itself is compiled.
    private static void RegisterHtml<T>(Func<T, string> render)
    {
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(T), "text/html");
    }

    private static void RegisterSvg<T>(Func<T, string> render)
    {
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), Svg);
        Formatter.SetPreferredMimeTypesFor(typeof(T), Svg);
    }
}

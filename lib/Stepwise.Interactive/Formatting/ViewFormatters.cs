using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using Stepwise.Interactive.Charts;
using Stepwise.Interactive.Json;
using Stepwise.Interactive.Masks;
using Stepwise.Interactive.Tables;

namespace Stepwise.Interactive.Formatting;

/// <summary>
/// Notebook formatters of the rendering views, all static outputs (no script): <see cref="MaskOverlayView"/> as
/// <c>image/png</c>, <see cref="ChartView"/> as <c>image/svg+xml</c>, <see cref="HtmlTable"/>, <see cref="JsonView"/>
/// and every <see cref="JsonNode"/> as <c>text/html</c>. Registered when this assembly's code first runs and by the
/// workbook's module initializer (a module initializer runs only once something of its assembly is used: a cell that
/// draws masks before touching the workbook must still get them).
/// </summary>
public static class ViewFormatters
{
    /// <summary>Registers the formatters (idempotent; a no-op outside a notebook host).</summary>
#pragma warning disable CA2255 // Loading the library must be enough to register its formatters.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    public static void Register()
    {
        try
        {
            RegisterAll();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            // Outside a notebook host Microsoft.DotNet.Interactive.Formatting is absent: nothing to register.
        }
    }

    // Formatter types are touched only here, so that without the formatting assembly the failure happens inside
    // Register's try block.
    static void RegisterAll()
    {
        Register<MaskOverlayView>(v => v.Base64, "image/png");
        Register<ChartView>(v => v.Svg, "image/svg+xml");
        Register<HtmlTable>(t => t.Html, "text/html");
        Register<JsonView>(v => v.Html, "text/html");
        // Each concrete node type too: .NET Interactive would otherwise pick its enumerable formatter for JsonObject/JsonArray.
        Register<JsonNode>(n => JsonView.Of(n).Html, "text/html");
        Register<JsonObject>(n => JsonView.Of(n).Html, "text/html");
        Register<JsonArray>(n => JsonView.Of(n).Html, "text/html");
        Register<JsonValue>(n => JsonView.Of(n).Html, "text/html");
    }

    static void Register<T>(Func<T, string> render, string mimeType)
    {
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), mimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), mimeType);
    }
}

using System.Runtime.CompilerServices;
using Stepwise.Interactive.Formatting;
using Stepwise.Interactive.Graphs;

namespace Stepwise.Workbook;

/// <summary>What loading the workbook with <c>#r</c> sets up in a notebook kernel: the formatters of Stepwise.Interactive —
/// state graphs and progress (SVG), tables and JSON (HTML), detections over images (PNG) and metric charts (SVG).</summary>
/// <remarks>Referencing Interactive here also keeps it among this assembly's references, so that the C# script
/// compiler of the kernel resolves <c>using Stepwise.Interactive.Graphs;</c> (and <c>.Tables</c>, <c>.Charts</c>,
/// <c>.Masks</c>, <c>.Json</c>) from the one <c>#r</c> line.</remarks>
internal static class NotebookIntegration
{
#pragma warning disable CA2255 // Loading the workbook with #r must be enough for workflows to render as graphs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Activate()
    {
        NotebookFormatters.Register();
        ViewFormatters.Register();
        NotebookFormatters.RegisterHtmlView<Training.TrainingJobView>(v => v.Html);
        NotebookFormatters.RegisterHtmlView<Cleanup.CleanupReport>(r => r.Html);
        NotebookFormatters.RegisterHtmlView<Iam.WorkbookRole>(r => r.Html);
        NotebookFormatters.RegisterHtmlView<Iam.WorkbookRoles>(r => r.Html);
        NotebookFormatters.RegisterHtmlView<Iam.RoleSetupReport>(r => r.Html);
        NotebookFormatters.RegisterHtmlView<Aws.Iam.SimulatePolicyResponse>(Iam.SimulationTable.Html);
    }
}

using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Stepwise.Notebooks;

/// <summary>
/// Executes a Jupyter notebook headless, in this process, with the .NET Interactive C# kernel; stops at the
/// first failing cell and can write an executed copy with outputs.
/// </summary>
/// <remarks>
/// The current directory is set to the notebook's folder while it runs (relative <c>#r</c> paths resolve
/// against it). That, and .NET Interactive's formatters, are process-wide, so runs are serialized.
/// </remarks>
public sealed class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        // Keep HTML and SVG readable in the file, as Jupyter writes them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly NotebookRunnerOptions _options;

    /// <summary>Creates a runner; <paramref name="options"/> defaults to <see cref="NotebookRunnerOptions"/>' defaults.</summary>
    public NotebookRunner(NotebookRunnerOptions? options = null) => _options = options ?? new NotebookRunnerOptions();

    /// <summary>
    /// Runs every code cell of the notebook at <paramref name="path"/> in a fresh kernel, in order, and stops at
    /// the first failure. When <paramref name="outputPath"/> is given, writes the executed copy there: the same
    /// notebook with each run cell's outputs and execution count (and the failing cell's error output).
    /// </summary>
    public async Task<NotebookRunResult> RunAsync(string path, string? outputPath = null, CancellationToken ct = default)
    {
        var notebookPath = Path.GetFullPath(path);
        var json = await File.ReadAllTextAsync(notebookPath, ct);
        var document = Notebook.Parse(json);
        var notebook = JsonNode.Parse(json) as JsonObject
                       ?? throw new InvalidDataException($"{notebookPath}: not a Jupyter notebook (top level is not a JSON object).");
        var cells = notebook["cells"] as JsonArray
                    ?? throw new InvalidDataException($"{notebookPath}: not a Jupyter notebook (no \"cells\" array).");
        if (cells.Count != document.Elements.Count)
            throw new InvalidDataException($"{notebookPath}: {cells.Count} cells in the JSON but {document.Elements.Count} parsed.");

        var codeCells = cells.Count(IsCodeCell);
        foreach (var cell in cells.OfType<JsonObject>().Where(IsCodeCell))
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }

        var cellsRun = 0;
        NotebookCellFailure? failure = null;
        await OneAtATime.WaitAsync(ct);
        var stopwatch = Stopwatch.StartNew();
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(notebookPath)!);
            var (kernel, extensions) = KernelFactory.Create(_options);
            using var _ = kernel;
            using var __ = extensions;

            for (var i = 0; i < cells.Count && failure is null; i++)
            {
                if (cells[i] is not JsonObject cell || !IsCodeCell(cell))
                    continue;
                var element = document.Elements[i];
                if (string.IsNullOrWhiteSpace(element.Contents))
                    continue;

                cellsRun++;
                var outputs = new CellOutputs();
                failure = await RunCellAsync(kernel, element.KernelName, element.Contents, i + 1, (string?)cell["id"], cellsRun, outputs, ct);
                cell["outputs"] = outputs.Outputs;
                cell["execution_count"] = cellsRun;
                _options.OnCellCompleted?.Invoke(i + 1, failure);
            }
            await ReleaseScriptValuesAsync(kernel);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
        stopwatch.Stop();

        string? writtenTo = null;
        if (outputPath is not null)
        {
            writtenTo = Path.GetFullPath(outputPath);
            Directory.CreateDirectory(Path.GetDirectoryName(writtenTo)!);
            await File.WriteAllTextAsync(writtenTo, notebook.ToJsonString(Indented) + "\n", ct);
        }

        return new NotebookRunResult(notebookPath, writtenTo, codeCells, cellsRun, stopwatch.Elapsed, failure);
    }

    /// <summary>Disposes what the notebook's variables hold (a connected cloud, its host and data-directory lock), as the
    /// end of a Jupyter kernel's process does: the next notebook run in this process starts from the same state a new
    /// kernel would.</summary>
    private static async Task ReleaseScriptValuesAsync(CompositeKernel kernel)
    {
        if (kernel.FindKernelByName(KernelFactory.CSharpKernelName) is not CSharpKernel { ScriptState: { } state })
            return;
        var released = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var variable in state.Variables.Reverse()) // newest first, as a kernel's objects depend on older ones
        {
            if (variable.Value is not { } value || !released.Add(value))
                continue;
            try
            {
                switch (value)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync();
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // already released by the notebook itself
            }
        }
    }

    private async Task<NotebookCellFailure?> RunCellAsync(
        Kernel kernel, string? kernelName, string code, int cellIndex, string? cellId, int executionCount,
        CellOutputs outputs, CancellationToken ct)
    {
        var command = new SubmitCode(code, string.IsNullOrEmpty(kernelName) ? KernelFactory.CSharpKernelName : kernelName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (_options.CellTimeout is { } limit)
            timeout.CancelAfter(limit);

        var timeoutFailureMessage = $"The cell did not finish within {_options.CellTimeout}; it may still be running in the background.";
        KernelCommandResult result;
        try
        {
            result = await kernel.SendAsync(command, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Fail(outputs, cellIndex, cellId, "TimeoutException", timeoutFailureMessage, []);
        }

        CommandFailed? failed = null;
        foreach (var kernelEvent in result.Events)
        {
            if (kernelEvent is CommandFailed commandFailed)
            {
                // Prefer the failure of the submitted command over those of the commands it spawned.
                if (failed is null || commandFailed.Command == command)
                    failed = commandFailed;
                continue;
            }
            outputs.Add(kernelEvent, executionCount);
        }

        if (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            return Fail(outputs, cellIndex, cellId, "TimeoutException", timeoutFailureMessage, []);
        if (failed is null)
            return null;

        var errorName = failed.Exception?.GetType().Name ?? "Error";
        var message = failed.Exception?.Message is { Length: > 0 } exceptionMessage
            ? exceptionMessage
            : failed.Message is { Length: > 0 } failedMessage ? failedMessage : "The cell failed.";
        // The kernel's message is what Jupyter shows: the exception with its stack trace, or the compiler diagnostics.
        var traceback = (failed.Message ?? message).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        return Fail(outputs, cellIndex, cellId, errorName, message, traceback);
    }

    private static NotebookCellFailure Fail(
        CellOutputs outputs, int cellIndex, string? cellId, string errorName, string message, IReadOnlyList<string> traceback)
    {
        outputs.AddError(errorName, message, traceback.Count > 0 ? traceback : [$"{errorName}: {message}"]);
        return new NotebookCellFailure(cellIndex, cellId, errorName, message);
    }

    private static bool IsCodeCell(JsonNode? cell) => (string?)cell?["cell_type"] == "code";
}

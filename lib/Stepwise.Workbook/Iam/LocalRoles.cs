namespace Stepwise.Workbook.Iam;

/// <summary>On the local backend, the notebooks after 01 make sure the workbook's roles exist (the local cloud enforces
/// IAM, so a notebook run out of order — or after 06 deleted them — would fail at its first call otherwise): whatever
/// was missing or changed is created as notebook 01 does, and said.</summary>
internal static class LocalRoles
{
    public static async Task EnsureAsync(ICloud cloud, TextWriter log, CancellationToken cancellationToken)
    {
        if (cloud.Kind != BackendKind.Local)
            return;
        var report = await WorkbookRoles.EnsureAsync(cloud, cancellationToken).ConfigureAwait(false);
        var changed = report.Steps.Where(s => !string.Equals(s.Outcome, "unchanged", StringComparison.OrdinalIgnoreCase)).ToList();
        if (changed.Count > 0)
            log.WriteLine($"The workbook's roles (notebook 01 creates them) were made now: {string.Join("; ", changed.Select(s => $"{s.Role} {s.Outcome}"))}.");
    }
}

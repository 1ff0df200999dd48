namespace Stepwise.Interactive.Tables;

/// <summary>
/// Colours of AWS statuses, the Python SDK's progress palette: green succeeded, red failed, grey cancelled or stopped,
/// blue in progress, orange caught or degraded. Step Functions (SUCCEEDED), SageMaker (Completed, InService) and
/// training secondary statuses all map here, case-insensitively.
/// </summary>
public static class StatusColors
{
    /// <summary>Succeeded, Completed, InService.</summary>
    public const string Succeeded = "#2BD62E";
    /// <summary>Failed, TimedOut, Aborted.</summary>
    public const string Failed = "#DE322F";
    /// <summary>Stopped, Cancelled, Deleting, Deleted.</summary>
    public const string Cancelled = "#DDDDDD";
    /// <summary>Running, InProgress, Creating, Updating, Training, Starting, …</summary>
    public const string InProgress = "#53C9ED";
    /// <summary>Caught, Pending-manual, RollingBack, OutOfService.</summary>
    public const string Caught = "#FFA500";

    /// <summary>The colour of a status, or null for a text that is no status.</summary>
    public static string? For(string? status)
    {
        var s = (status ?? "").Replace("_", "").Replace(" ", "").ToLowerInvariant();
        return s switch
        {
            "succeeded" or "completed" or "inservice" or "success" or "ok" => Succeeded,
            "failed" or "timedout" or "aborted" or "error" or "pendingredrive" => Failed,
            "stopped" or "stopping" or "cancelled" or "canceled" or "deleting" or "deleted" or "interrupted" => Cancelled,
            "running" or "inprogress" or "creating" or "updating" or "starting" or "launchingmljobs" or "preparingtrainingstack"
                or "downloading" or "downloadingtrainingimage" or "training" or "uploading" or "systemupdating" or "pending" => InProgress,
            "caught" or "rollingback" or "outofservice" or "maxruntimeexceeded" or "maxwaittimeexceeded" => Caught,
            _ => null,
        };
    }

    /// <summary>Black or white, whichever reads better on <paramref name="background"/> (#RRGGBB).</summary>
    public static string InkOn(string background)
    {
        int r = Convert.ToInt32(background[1..3], 16), g = Convert.ToInt32(background[3..5], 16), b = Convert.ToInt32(background[5..7], 16);
        return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#000" : "#fff";
    }
}

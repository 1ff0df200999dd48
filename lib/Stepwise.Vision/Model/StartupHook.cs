using Stepwise.Vision.Model;

/// <summary>
/// .NET startup hook (DOTNET_STARTUP_HOOKS) of <see cref="OneDnnBackward"/>'s probe process: with STEPWISE_ONEDNN_PROBE
/// set, runs the probe and exits before the program's Main; otherwise does nothing.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OneDnnBackward.ProbeVariable)))
            return;
        int code = 0;
        try
        {
            OneDnnBackward.RunProbe();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"stepwise onednn probe: {e.GetType().Name}: {e.Message}");
            code = 2;
        }
        Console.Out.Flush();
        Environment.Exit(code);
    }
}

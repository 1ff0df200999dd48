using System.CommandLine;
using System.Runtime.InteropServices;
using Stepwise.Local;
using Stepwise.Local.Hosting;
using Stepwise.Local.StepFunctions.Mocks;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise local [--port N] [--data DIR] [--mock-config FILE] [--quiet]</c>: serves every local service on one 127.0.0.1 port for AWS
/// SDKs and the AWS CLI (<c>--endpoint-url</c>) until Ctrl-C or SIGTERM, printing a line per request unless quiet.</summary>
public static class LocalCommand
{
    /// <summary>The port AWS Step Functions Local uses, so existing <c>--endpoint-url</c>s keep working.</summary>
    public const int DefaultPort = 8083;

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = $"TCP port on 127.0.0.1 (default {DefaultPort}; 0 picks a free one).", DefaultValueFactory = _ => DefaultPort, HelpName = "N" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data directory (default: $STEPWISE_HOME, else ~/.stepwise).", HelpName = "DIR" };
        var mockConfig = new Option<FileInfo?>("--mock-config") { Description = $"Step Functions Local mock configuration (default: ${MockConfig.EnvironmentVariable}); run a test case with StartExecution on ARN#TestCase.", HelpName = "FILE" };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print a line per request." };
        var command = new Command("local", "Serve the local cloud (Step Functions, S3, CloudWatch Logs, …) on http://127.0.0.1:PORT.") { port, data, mockConfig, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                error.WriteLine($"--port must be 0..65535, not {portNumber}.");
                return 2;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true; // stop cleanly below instead of dying mid-write
                stop.Cancel();
            }

            var options = new LocalCloudOptions();
            if (parse.GetValue(data) is { } folder)
                options = options with { DataDirectory = folder.FullName };
            var mockFile = parse.GetValue(mockConfig)?.FullName;
            if (mockFile is null && System.Environment.GetEnvironmentVariable(MockConfig.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
                mockFile = fromEnvironment;
            if (mockFile is not null)
            {
                try
                {
                    options = options with { StepFunctionsMocks = MockConfig.Load(mockFile) };
                }
                catch (Exception e) when (e is MockConfigException or IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"{mockFile}: {e.Message}");
                    return 2;
                }
            }
            LocalCloud opened;
            try
            {
                opened = LocalCloud.Open(options);
            }
            catch (Stepwise.Local.Storage.LocalCloudInUseException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
            await using var cloud = opened;
            LocalCloudHost host;
            try
            {
                host = await cloud.StartHostAsync(new LocalCloudHostOptions
                {
                    Port = portNumber,
                    RequestLog = parse.GetValue(quiet) ? null : output,
                }, stop.Token);
            }
            catch (IOException e)
            {
                error.WriteLine($"Cannot listen on 127.0.0.1:{portNumber}: {e.Message}");
                return 1;
            }

            await using (host)
            {
                output.WriteLine($"listening on {host.Uri.GetLeftPart(UriPartial.Authority)}");
                if (options.StepFunctionsMocks is { } mocks)
                    output.WriteLine($"Step Functions mocks from {mockFile}: {string.Join(", ", mocks.StateMachines.Order(StringComparer.Ordinal).Select(m => $"{m} ({string.Join(", ", mocks.TestCases(m).Keys.Order(StringComparer.Ordinal))})"))}");
                output.WriteLine($"serving {string.Join(", ", host.Services.Select(e => e.Service.ServiceId))}; data in {options.DataDirectory}; stop with Ctrl-C");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            output.WriteLine("stopped");
            return 0;
        });
        return command;
    }
}

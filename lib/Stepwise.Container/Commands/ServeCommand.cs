using System.CommandLine;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Container.Runtime;
using Stepwise.Container.Serving;

namespace Stepwise.Container.Commands;

/// <summary><c>serve</c>: what SageMaker runs for an endpoint; stops on SIGTERM / Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Create(ISegmenterFactory factory)
    {
        var port = new Option<int?>("--port") { Description = $"Port (default: ${ServeOptions.PortVariable}, else 8080)." };
        var command = new Command("serve", "Serve /ping and /invocations with the model in /opt/ml/model.") { port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            ServeOptions options;
            try
            {
                options = new ServeOptions
                {
                    ModelDir = OptMl.FromEnvironment().ModelDir,
                    Port = parse.GetValue(port) ?? ServeOptions.PortFromEnvironment(),
                    Workers = ServeOptions.WorkersFromEnvironment(),
                };
            }
            catch (ArgumentException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return 2;
            }
            factory.PrepareForServing(options);
            bool malloc = MallocTuning.ApplyUnlessDisabled();
            await using var server = await InferenceServer.StartAsync(options, () => factory.Load(options.ModelDir), cancellationToken);
            output.WriteLine($"serving {options.ModelDir} on port {server.Address.Port} ({options.Workers} workers × {options.ThreadsPerPrediction} threads{(malloc ? ", " + MallocTuning.InEffect : "")})");
            await server.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using Stepwise.Container.Commands;
using Stepwise.Container.Model;

namespace Stepwise.Container;

/// <summary>The program's verbs, callable in-process (tests pass their own writers and model factory).</summary>
public static class ContainerProgram
{
    public static RootCommand CreateRoot(ISegmenterFactory? factory = null)
    {
        factory ??= new MaskRcnnFactory();
        var root = new RootCommand("Stepwise container: SageMaker's train and serve for Mask R-CNN, and make-dataset.")
        {
            TrainCommand.Create(factory),
            ServeCommand.Create(factory),
            MakeDatasetCommand.Create(),
            EvaluateCommand.Create(factory),
        };
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));
        return root;
    }

    /// <summary>Runs one command line; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, ISegmenterFactory? factory = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
            configuration.Output = output;
        if (error is not null)
            configuration.Error = error;
        return CreateRoot(factory).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}

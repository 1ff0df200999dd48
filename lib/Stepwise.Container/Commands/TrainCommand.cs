using System.CommandLine;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Container.Runtime;
using Stepwise.Container.Training;

namespace Stepwise.Container.Commands;

/// <summary><c>train</c>: what SageMaker runs for a training job (everything comes from the /opt/ml layout).</summary>
public static class TrainCommand
{
    public static Command Create(ISegmenterFactory factory)
    {
        var command = new Command("train", $"Train on the 'training' channel under /opt/ml (or ${OptMl.RootVariable}); write the model to model/ or the reason to output/failure.");
        command.SetAction(parse =>
        {
            if (MallocTuning.ApplyUnlessDisabled())
                parse.InvocationConfiguration.Output.WriteLine($"{MallocTuning.InEffect} ({MallocTuning.SwitchVariable}=0 keeps glibc's defaults)");
            return TrainJob.Run(OptMl.FromEnvironment(), factory, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}

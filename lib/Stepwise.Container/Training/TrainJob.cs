using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Training;

/// <summary>
/// The <c>train</c> verb against an <see cref="OptMl"/> root: read the configuration and the training channel, train,
/// write the model; on any failure write the reason to <c>output/failure</c> and return a non-zero exit code.
/// </summary>
public static class TrainJob
{
    public static int Run(OptMl root, ISegmenterFactory factory, TextWriter log, TextWriter error)
    {
        try
        {
            Directory.CreateDirectory(root.OutputDir);
            var hp = TrainingHyperparameters.Load(root.HyperparametersFile);
            if (hp.Unknown.Count > 0)
                log.WriteLine($"ignoring unknown hyperparameters: {string.Join(", ", hp.Unknown)}");
            var channels = InputDataConfig.Load(root.InputDataConfigFile);
            if (!channels.Channels.TryGetValue(InputDataConfig.TrainingChannel, out var channel))
                throw new ContainerException($"inputdataconfig.json has no '{InputDataConfig.TrainingChannel}' channel (it has: {string.Join(", ", channels.Channels.Keys)}).");
            if (channel.TrainingInputMode is not ("File" or "FastFile"))
                throw new ContainerException($"The '{InputDataConfig.TrainingChannel}' channel uses input mode '{channel.TrainingInputMode}'; this container reads files (File or FastFile mode).");
            var dataDir = root.ChannelDir(InputDataConfig.TrainingChannel);
            PennFudanDataset dataset;
            try
            {
                dataset = PennFudanDataset.Open(dataDir);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new ContainerException($"The training channel cannot be used: {e.Message}", e);
            }
            new Trainer(hp, factory, log).Run(dataset, root.ModelDir);
            return 0;
        }
        catch (Exception e)
        {
            var reason = e is ContainerException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            error.WriteLine($"training failed: {reason}");
            if (e is not ContainerException)
                error.WriteLine(e);
            try
            {
                Directory.CreateDirectory(root.OutputDir);
                File.WriteAllText(root.FailureFile, reason + Environment.NewLine);
            }
            catch (Exception writeError)
            {
                error.WriteLine($"could not write {root.FailureFile}: {writeError.Message}");
            }
            return 1;
        }
    }
}

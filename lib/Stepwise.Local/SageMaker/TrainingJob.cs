using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>One training job: its record (persisted at every change), its folder and the signals its run listens to.</summary>
internal sealed class TrainingJob(string folder, TrainingJobRecord record)
{
    private readonly Lock _gate = new();
    private TrainingJobRecord _record = record;

    public string Folder { get; } = folder;

    /// <summary>The job's <c>/opt/ml</c>.</summary>
    public string OptMl => Path.Combine(Folder, "opt", "ml");

    public string Name => Record.Description.TrainingJobName;

    public TrainingJobRecord Record
    {
        get { lock (_gate) return _record; }
    }

    public DescribeTrainingJobResponse Description => Record.Description;

    /// <summary>Serializes stop requests (StopTrainingJob and the MaxRuntimeInSeconds timer).</summary>
    public Lock StopGate { get; } = new();

    /// <summary>Cancelled by StopTrainingJob or when MaxRuntimeInSeconds passes; <see cref="StopStatus"/> says which.</summary>
    public CancellationTokenSource Stop { get; } = new();

    /// <summary><see cref="SecondaryStatus.Stopped"/> or <see cref="SecondaryStatus.MaxRuntimeExceeded"/> once stopped.</summary>
    public string? StopStatus { get; set; }

    /// <summary>The run, until it ends.</summary>
    public Task Run { get; set; } = Task.CompletedTask;

    /// <summary>Changes the record and saves it, atomically with respect to other changes.</summary>
    public TrainingJobRecord Update(Func<TrainingJobRecord, TrainingJobRecord> change)
    {
        lock (_gate)
        {
            _record = change(_record);
            _record.Save(Folder);
            return _record;
        }
    }

    /// <summary>Saves the record as it is.</summary>
    public void Save() => Update((TrainingJobRecord r) => r);

    /// <summary>Changes the description only.</summary>
    public DescribeTrainingJobResponse Update(Func<DescribeTrainingJobResponse, DescribeTrainingJobResponse> change) =>
        Update(r => r with { Description = change(r.Description) }).Description;

    /// <summary>Whether the job still runs (InProgress or Stopping).</summary>
    public bool IsActive => Description.TrainingJobStatus is TrainingJobStatus.InProgress or TrainingJobStatus.Stopping;
}

using System.Diagnostics;
using Stepwise.Local.Storage;

namespace Stepwise.Local.Tests.Storage;

public sealed class DataDirectoryOwnerTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-owner-").FullName;

    [Fact]
    public async Task A_second_local_cloud_on_the_same_data_directory_is_refused_naming_the_owner_and_its_endpoint()
    {
        await using (var first = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data }))
        {
            var host = await first.StartHostAsync();

            var refused = Assert.Throws<LocalCloudInUseException>(() => LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data }));

            Assert.Equal(_data, refused.DataDirectory);
            Assert.Equal(Environment.ProcessId, refused.Owner?.ProcessId);
            Assert.Equal(host.Uri.ToString(), refused.Owner?.Endpoint);
            Assert.Equal("us-east-1", refused.Owner?.Region);
            Assert.Contains($"in use by the local cloud of process {Environment.ProcessId}", refused.Message);
            Assert.Contains($"serving {host.Uri}", refused.Message);
            Assert.Contains("STEPWISE_HOME", refused.Message);
        }

        // Closed, the directory is free again, and its owner record is gone.
        Assert.False(File.Exists(Path.Combine(_data, "owner.json")));
        await using var again = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data });
        Assert.Equal(_data, again.DataDirectory);
    }

    [Fact]
    public async Task Another_process_sees_the_directory_locked_while_a_local_cloud_has_it_open()
    {
        await using (LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data }))
            Assert.Equal(1, await FlockAsync()); // flock -n fails: the lock is held

        Assert.Equal(0, await FlockAsync());
    }

    [Fact]
    public async Task A_lock_held_by_another_process_refuses_the_open_and_a_stale_owner_record_is_not_trusted()
    {
        File.WriteAllText(Path.Combine(_data, "owner.json"), "{ not json");
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", Path.Combine(_data, "owner.lock"), "sleep", "30"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            LocalCloudInUseException? refused = null;
            while (refused is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    await LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data }).DisposeAsync();
                    await Task.Delay(50); // the holder has not taken the lock yet
                }
                catch (LocalCloudInUseException e)
                {
                    refused = e;
                }
            }

            Assert.NotNull(refused);
            Assert.Null(refused.Owner);
            Assert.Contains("in use by another local cloud", refused.Message);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }

    private async Task<int> FlockAsync()
    {
        using var probe = Process.Start(new ProcessStartInfo("flock", ["-n", "-x", Path.Combine(_data, "owner.lock"), "true"]))!;
        await probe.WaitForExitAsync();
        return probe.ExitCode;
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}

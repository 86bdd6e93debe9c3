using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// The real apt-get of a host in the air gap, with state of its own (sources.list, lists, cache, dpkg status) so it touches
/// nothing of this machine's: updates from one sources.list line and installs into a throwaway root through dpkg --root.
/// </summary>
internal sealed class AptClient : IDisposable
{
    private readonly TempDirectory _state = new("apt");

    private AptClient()
    {
    }

    /// <summary>The root packages are installed into.</summary>
    public string Root => _state.Combine("root");

    public static AptClient Create(string sourcesLine)
    {
        var client = new AptClient();
        File.WriteAllText(client._state.Combine("sources.list"), sourcesLine + "\n");
        string[] directories = ["lists/partial", "cache/archives/partial", "root/var/lib/dpkg/updates", "root/var/lib/dpkg/info"];
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(client._state.Combine(directory.Split('/')));
        }

        File.WriteAllText(client._state.Combine("root", "var", "lib", "dpkg", "status"), "");
        return client;
    }

    public Task<ProcessResult> UpdateAsync() => AptGetAsync("update");

    public Task<ProcessResult> InstallAsync(params string[] packages) =>
        AptGetAsync(["-y", "-o", $"DPkg::Options::=--root={Root}", "-o", $"DPkg::Options::=--admindir={Root}/var/lib/dpkg",
            "-o", "DPkg::Options::=--force-not-root", "-o", "DPkg::Options::=--force-script-chrootless", "install", .. packages]);

    private Task<ProcessResult> AptGetAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("apt-get",
        [
            "-o", $"Dir::Etc::sourcelist={_state.Combine("sources.list")}", "-o", "Dir::Etc::sourceparts=-",
            "-o", $"Dir::State::Lists={_state.Combine("lists")}", "-o", $"Dir::Cache={_state.Combine("cache")}",
            "-o", $"Dir::State::status={Root}/var/lib/dpkg/status", "-o", "APT::Get::List-Cleanup=0", "-o", "Debug::NoLocking=1",
            "-o", "APT::Sandbox::User=root", "-o", "APT::Architecture=amd64", "-o", "APT::Architectures::=amd64",
            .. arguments,
        ], timeout: TimeSpan.FromMinutes(2));

    public void Dispose() => _state.Dispose();
}

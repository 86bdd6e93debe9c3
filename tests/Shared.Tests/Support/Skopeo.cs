namespace TransferPipeline.Shared.Tests.Support;

/// <summary>The real skopeo, used to push test images and to cross-check what our client does.</summary>
public static class Skopeo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (skopeo transport syntax) without TLS and keeping digests.</summary>
    public static Task CopyAsync(string source, string destination, bool all, CancellationToken ct = default)
    {
        var arguments = new List<string> { "--insecure-policy", "copy", "--quiet", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false" };
        if (all)
        {
            arguments.Add("--all");
        }

        arguments.Add(source);
        arguments.Add(destination);
        return ProcessRunner.RunCheckedAsync(new ProcessCommand("skopeo", arguments), Timeout, ct);
    }

    /// <summary>The manifest or index bytes exactly as the registry serves them (<c>skopeo inspect --raw</c>).</summary>
    public static async Task<byte[]> InspectRawAsync(string imageReference, CancellationToken ct = default)
    {
        var command = new ProcessCommand(
            "skopeo",
            ["--insecure-policy", "inspect", "--raw", "--tls-verify=false", "docker://" + imageReference]);
        return (await ProcessRunner.RunCheckedAsync(command, Timeout, ct)).StandardOutputBytes;
    }
}

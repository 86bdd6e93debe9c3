namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The founding of a high side's officer roster as officers run it, through the real `highside`: each
/// makes a key (`officer keygen`), the operator proposes the roster (`officer found`), each officer reads
/// the proposal and signs it on their own machine (`highside sign`, no data directory), and the
/// signatures are submitted (`officer sign-proposal`). Keys are left at DIRECTORY/NAME.key and .pub.
/// </summary>
public static class OfficerCeremony
{
    public static async Task FoundAsync(ProductExecutable highSide, string directory, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(highSide);
        foreach (var name in names)
        {
            await highSide.SucceedAsync("officer", "keygen", "--out", Path.Combine(directory, name), "--no-password");
        }

        var proposal = await highSide.SucceedAsync(["officer", "found", .. names.Select(n => $"{n}={Path.Combine(directory, n + ".pub")}")]);
        await SignProposalAsync(highSide, directory, proposal.StandardOutput.Split(' ')[1], names);

        var roster = await highSide.SucceedAsync("officer", "list");
        Assert.That(roster.StandardOutput, Does.StartWith("roster version 1 "), roster.ToString());
    }

    /// <summary>A roster change as officers run it: `officer add`, then each officer in force named and the new one sign it on their machines.</summary>
    public static async Task AddOfficerAsync(ProductExecutable highSide, string directory, string name, IReadOnlyList<string> signers)
    {
        ArgumentNullException.ThrowIfNull(highSide);
        ArgumentNullException.ThrowIfNull(signers);
        await highSide.SucceedAsync("officer", "keygen", "--out", Path.Combine(directory, name), "--no-password");
        var proposal = await highSide.SucceedAsync("officer", "add", name, "--key", Path.Combine(directory, name + ".pub"));
        await SignProposalAsync(highSide, directory, proposal.StandardOutput.Split(' ')[1], [.. signers, name]);
    }

    /// <summary>Each of <paramref name="signers"/> reads proposal <paramref name="id"/> and signs it on their machine; the signatures are submitted.</summary>
    public static async Task SignProposalAsync(ProductExecutable highSide, string directory, string id, IReadOnlyList<string> signers)
    {
        ArgumentNullException.ThrowIfNull(highSide);
        ArgumentNullException.ThrowIfNull(signers);
        var document = Path.Combine(directory, $"roster-{id}.json");
        await File.WriteAllTextAsync(document, (await highSide.SucceedAsync("officer", "proposal", id)).StandardOutput);
        foreach (var signer in signers)
        {
            await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", document, "--key", Path.Combine(directory, signer + ".key"));
            await highSide.SucceedAsync("officer", "sign-proposal", id, "--signature", document + ".minisig");
        }
    }
}

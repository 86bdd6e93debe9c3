namespace TransferPipeline.Shared.NuGet;

/// <summary>One exact package version, written <c>Id@Version</c> with a normalised version (<c>Newtonsoft.Json@13.0.3</c>).</summary>
public sealed record NuGetPin(string Id, string Version)
{
    /// <summary>What identifies the package whatever the id's case: NuGet ids and versions compare case-insensitively.</summary>
    public string Key => $"{Id}@{Version}".ToLowerInvariant();

    /// <summary>The pin <paramref name="text"/> names, or null when it is not <c>Id@Version</c> with a valid id and normalised version.</summary>
    public static NuGetPin? Parse(string? text)
    {
        var at = text?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (text is null || at <= 0)
        {
            return null;
        }

        var pin = new NuGetPin(text[..at], text[(at + 1)..]);
        return NuGetNames.IsPackageId(pin.Id) && NuGetNames.IsNormalizedVersion(pin.Version) ? pin : null;
    }

    public override string ToString() => $"{Id}@{Version}";
}

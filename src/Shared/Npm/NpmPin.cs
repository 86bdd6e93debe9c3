namespace TransferPipeline.Shared.Npm;

/// <summary>One exact package version, written <c>name@version</c> (<c>@scope/name@1.2.3</c> for a scoped name).</summary>
public sealed record NpmPin(string Name, string Version)
{
    /// <summary>The pin <paramref name="text"/> names, or null when it is not <c>name@version</c> with a valid name and version.</summary>
    public static NpmPin? Parse(string? text)
    {
        // The version follows the last '@'; a scoped name's own '@' is its first character.
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at <= 0)
        {
            return null;
        }

        var pin = new NpmPin(text[..at], text[(at + 1)..]);
        return NpmNames.IsPackageName(pin.Name) && NpmNames.IsVersion(pin.Version) ? pin : null;
    }

    public override string ToString() => $"{Name}@{Version}";
}

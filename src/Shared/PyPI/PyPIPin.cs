namespace TransferPipeline.Shared.PyPI;

/// <summary>One release of a project, written <c>name==version</c>: the PEP 503 normalised name and the PEP 440 normal version.</summary>
public sealed record PyPIPin(string Name, string Version)
{
    /// <summary>The pin <paramref name="text"/> names, or null unless it is <c>name==version</c> with both in their normal forms.</summary>
    public static PyPIPin? Parse(string? text)
    {
        var at = text?.IndexOf("==", StringComparison.Ordinal) ?? -1;
        if (text is null || at <= 0)
        {
            return null;
        }

        var pin = new PyPIPin(text[..at], text[(at + 2)..]);
        return PyPINames.IsProjectName(pin.Name) && PyPIVersions.IsNormal(pin.Version) ? pin : null;
    }

    public override string ToString() => $"{Name}=={Version}";
}

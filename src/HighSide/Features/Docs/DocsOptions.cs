namespace TransferPipeline.HighSide.Features.Docs;

/// <summary>Configuration section "Docs": where the console finds the Markdown documentation it serves at /console/docs.</summary>
internal sealed class DocsOptions
{
    public const string Section = "Docs";

    /// <summary>Where the Debian package installs the docs.</summary>
    public const string PackagedDirectory = "/usr/share/doc/transferpipeline-highside";

    /// <summary>
    /// The directory holding the *.md files. Unset: docs/ next to the executable (the build and `dotnet publish` copy them
    /// there), else <see cref="PackagedDirectory"/>.
    /// </summary>
    public string? Directory { get; set; }

    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Directory))
        {
            return Path.GetFullPath(Directory);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "docs");
        return System.IO.Directory.Exists(beside) ? beside : PackagedDirectory;
    }
}

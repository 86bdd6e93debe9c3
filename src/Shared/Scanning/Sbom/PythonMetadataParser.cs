namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>An installed Python distribution's <c>NAME.dist-info/METADATA</c>: its <c>Name</c> and <c>Version</c> headers.</summary>
internal sealed class PythonMetadataParser : IPackageFileParser
{
    public long MaxBytes => 4L * 1024 * 1024;

    public bool Matches(string path) =>
        ImagePaths.FileName(path) == "METADATA" && ImagePaths.Parent(path).EndsWith(".dist-info", StringComparison.Ordinal);

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context)
    {
        var headers = ControlStanzas.Read(content).FirstOrDefault();
        if (headers?.GetValueOrDefault("Name") is { Length: > 0 } name && headers.GetValueOrDefault("Version") is { Length: > 0 } version)
        {
            yield return PackageCoordinates.PyPIPackage(name, version);
        }
        else
        {
            context.Warn($"'{DisplayText.Printable(context.Path)}' was skipped: it has no Name and Version headers.");
        }
    }
}

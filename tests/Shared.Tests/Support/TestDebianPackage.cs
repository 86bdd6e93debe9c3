namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A package for <see cref="TestDebianRepository"/> to build with dpkg-deb: its control fields and one small file.</summary>
public sealed record TestDebianPackage(string Package, string Version, string Architecture = "all")
{
    public string? Depends { get; init; }
    public string? PreDepends { get; init; }
    public string? Provides { get; init; }

    /// <summary>Installed as /usr/share/doc/PACKAGE/hello.txt, so an install can be seen on disk.</summary>
    public string Content { get; init; } = "hello";

    /// <summary>The pool path the repository puts it at: pool/main/p/package/package_version_arch.deb (epoch dropped).</summary>
    public string PoolPath(string component = "main") =>
        $"pool/{component}/{Package[..1]}/{Package}/{Package}_{Version[(Version.IndexOf(':', StringComparison.Ordinal) + 1)..]}_{Architecture}.deb";

    public string ControlText()
    {
        var lines = new List<string>
        {
            $"Package: {Package}", $"Version: {Version}", $"Architecture: {Architecture}", "Maintainer: Test <test@example.invalid>",
        };
        AddIf(lines, "Pre-Depends", PreDepends);
        AddIf(lines, "Depends", Depends);
        AddIf(lines, "Provides", Provides);
        lines.Add($"Description: test package {Package}");
        lines.Add(" Built by the tests with dpkg-deb.");
        return string.Join('\n', lines) + "\n";
    }

    private static void AddIf(List<string> lines, string field, string? value)
    {
        if (value is not null)
        {
            lines.Add($"{field}: {value}");
        }
    }
}

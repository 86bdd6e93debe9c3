using System.Security;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The real `dotnet restore` in a temporary net10.0 project that locks its packages (RestorePackagesWithLockFile), cut off
/// from the user's NuGet configuration and caches: its own HOME, packages folder (NUGET_PACKAGES) and HTTP cache, and a
/// nuget.config that clears every inherited source and names only the one it is given. No build servers are left running.
/// </summary>
public sealed class TestDotnetRestore : IDisposable
{
    private readonly TempDirectory _root = new("dotnet-restore");

    public TestDotnetRestore(params (string Id, string Version)[] references)
    {
        Directory.CreateDirectory(Project);
        var items = string.Concat(references.Select(r =>
            $"""<PackageReference Include="{SecurityElement.Escape(r.Id)}" Version="{SecurityElement.Escape(r.Version)}" />"""));
        File.WriteAllText(Path.Combine(Project, "consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
    }

    /// <summary>The project directory (consumer.csproj, nuget.config, packages.lock.json).</summary>
    public string Project => _root.Combine("project");

    public string LockFile => Path.Combine(Project, "packages.lock.json");

    /// <summary>The packages folder restore extracts into (NUGET_PACKAGES).</summary>
    public string Packages => _root.Combine("packages");

    /// <summary>Restores from <paramref name="source"/> only (a feed's service index URL or a folder feed's path).</summary>
    public Task<ProcessResult> RestoreAsync(string source, params string[] arguments)
    {
        File.WriteAllText(Path.Combine(Project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="only" value="{SecurityElement.Escape(source)}" allowInsecureConnections="true" />
              </packageSources>
            </configuration>
            """);
        return ProcessRunner.RunAsync(new ProcessCommand(ProcessRunner.Require("dotnet"),
            ["restore", "--disable-build-servers", "-nodeReuse:false", .. arguments])
        {
            WorkingDirectory = Project,
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = _root.Path,
                ["DOTNET_CLI_HOME"] = _root.Path,
                ["NUGET_PACKAGES"] = Packages,
                ["NUGET_HTTP_CACHE_PATH"] = _root.Combine("http-cache"),
                ["NUGET_SCRATCH"] = _root.Combine("scratch"),
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["MSBuildExtensionsPath"] = "",
                ["MSBuildSDKsPath"] = "",
                ["MSBUILD_EXE_PATH"] = "",
                ["http_proxy"] = "",
                ["https_proxy"] = "",
            },
        }, TimeSpan.FromMinutes(3));
    }

    /// <summary>Empties the packages folder and HTTP cache, so that the next restore fetches every package.</summary>
    public void ClearPackages()
    {
        foreach (var directory in new[] { Packages, _root.Combine("http-cache") }.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Whether restore extracted <paramref name="id"/> <paramref name="version"/> into the packages folder.</summary>
    public bool IsInstalled(string id, string version) =>
        File.Exists(Path.Combine(Packages, id.ToLowerInvariant(), version.ToLowerInvariant(), $"{id}.{version}.nupkg".ToLowerInvariant()));

    public void Dispose() => _root.Dispose();
}

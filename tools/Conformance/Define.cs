namespace TransferPipeline.Conformance;

/// <summary>Shorthands the catalogues declare their vectors with.</summary>
internal static class Define
{
    public static VectorDefinition Valid(string id, string rule, string description, Func<VectorBuild, Task<string>> build) =>
        new(id, rule, description, null, SchemaVerdict.Passes, build);

    public static VectorDefinition Invalid(
        string id, string rule, string reason, SchemaVerdict schema, string description, Func<VectorBuild, Task<string>> build) =>
        new(id, rule, description, reason, schema, build);

    /// <summary>A base volume as the writer wrote it.</summary>
    public static Func<VectorBuild, Task<string>> AsWritten(Func<BaseVolumes, string> volume) =>
        build => Task.FromResult(volume(build.Bases));

    /// <summary>Copy a base volume, edit manifest.json (and whatever must follow it), keep the rest consistent and sign.</summary>
    public static Func<VectorBuild, Task<string>> Manifest(Func<BaseVolumes, string> volume, Action<VolumeEdit> edit) =>
        Manifest(volume, (_, copy) => edit(copy));

    /// <summary>As <see cref="Manifest(Func{BaseVolumes, string}, Action{VolumeEdit})"/>, with the keys and the vector's directory at hand.</summary>
    public static Func<VectorBuild, Task<string>> Manifest(Func<BaseVolumes, string> volume, Action<VectorBuild, VolumeEdit> edit) =>
        async build =>
        {
            var copy = build.Copy(volume(build.Bases));
            edit(build, copy);
            await copy.CommitAsync(ct: build.CancellationToken);
            return copy.Directory;
        };

    /// <summary>Copy a base volume and change it on disk only: manifest.json and its signature stay as written.</summary>
    public static Func<VectorBuild, Task<string>> Disk(Func<BaseVolumes, string> volume, Action<VectorBuild, VolumeEdit> edit) =>
        build =>
        {
            var copy = build.Copy(volume(build.Bases));
            edit(build, copy);
            return Task.FromResult(copy.Directory);
        };

    /// <summary>Copy a base volume and do anything, asynchronously.</summary>
    public static Func<VectorBuild, Task<string>> Custom(Func<BaseVolumes, string> volume, Func<VectorBuild, VolumeEdit, Task> edit) =>
        async build =>
        {
            var copy = build.Copy(volume(build.Bases));
            await edit(build, copy);
            return copy.Directory;
        };
}

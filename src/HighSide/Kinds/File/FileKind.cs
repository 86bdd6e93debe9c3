using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.File;

/// <summary>Files go to the file mirror directory (Mirrors:Files) under their names.</summary>
internal sealed class FileKind : PublishingKind<FilePublisher>
{
    public override string Name => ArtifactKinds.File;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<FileMirrorOptions, FileMirrorOptionsValidator>(configuration, FileMirrorOptions.Section);
}

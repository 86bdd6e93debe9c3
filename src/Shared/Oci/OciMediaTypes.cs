namespace TransferPipeline.Shared.Oci;

/// <summary>Media types of manifests and layers that the client understands.</summary>
public static class OciMediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index (multi-platform).</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>OCI image config.</summary>
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>OCI gzip-compressed tar layer.</summary>
    public const string ImageLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>OCI uncompressed tar layer.</summary>
    public const string ImageLayer = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>OCI zstd-compressed tar layer.</summary>
    public const string ImageLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>Docker image manifest, schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list (multi-platform).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker image config.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>Docker gzip-compressed tar layer.</summary>
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>The manifest types sent in <c>Accept</c> and accepted back from a registry.</summary>
    public static IReadOnlyList<string> ManifestTypes { get; } = [ImageManifest, ImageIndex, DockerManifest, DockerManifestList];

    /// <summary>True for an OCI index or a Docker manifest list.</summary>
    public static bool IsIndex(string mediaType) => mediaType is ImageIndex or DockerManifestList;

    /// <summary>True for an OCI image manifest or a Docker schema 2 manifest.</summary>
    public static bool IsImageManifest(string mediaType) => mediaType is ImageManifest or DockerManifest;

    /// <summary>
    /// True for an OCI or Docker image config: the manifest is a container image with tar layers, not another artifact
    /// (a Helm chart, a WASM module, an OCI 1.1 artifact with the empty config).
    /// </summary>
    public static bool IsImageConfig(string mediaType) => mediaType is ImageConfig or DockerConfig;

    /// <summary>True for any of <see cref="ManifestTypes"/>.</summary>
    public static bool IsManifest(string mediaType) => IsIndex(mediaType) || IsImageManifest(mediaType);
}

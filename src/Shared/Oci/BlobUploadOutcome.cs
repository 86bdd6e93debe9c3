namespace TransferPipeline.Shared.Oci;

/// <summary>What <see cref="RegistryClient.UploadBlobAsync"/> did.</summary>
public enum BlobUploadOutcome
{
    /// <summary>The registry already had the blob; nothing was sent.</summary>
    AlreadyPresent,

    /// <summary>The blob was uploaded and the registry confirmed its digest.</summary>
    Uploaded,
}

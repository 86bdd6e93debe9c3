namespace TransferPipeline.Shared.Oci;

/// <summary>One entry of a registry's error body, e.g. <c>MANIFEST_UNKNOWN</c>; text is sanitized for logs.</summary>
/// <param name="Code">The spec's error code, e.g. <c>BLOB_UNKNOWN</c>.</param>
/// <param name="Message">The registry's message.</param>
/// <param name="Detail">The <c>detail</c> value as compact JSON, if any.</param>
public sealed record RegistryError(string Code, string Message, string? Detail);

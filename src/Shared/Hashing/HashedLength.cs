namespace TransferPipeline.Shared.Hashing;

/// <summary>How many bytes were read and their lowercase hex SHA-256.</summary>
public readonly record struct HashedLength(long Length, string Sha256);

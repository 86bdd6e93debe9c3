namespace TransferPipeline.Shared.Minisign;

/// <summary>scrypt cost parameters stored in an encrypted minisign secret key.</summary>
/// <param name="OpsLimit">libsodium opslimit.</param>
/// <param name="MemoryLimit">libsodium memlimit, in bytes.</param>
public readonly record struct MinisignKdfLimits(ulong OpsLimit, ulong MemoryLimit)
{
    /// <summary>What minisign itself writes (libsodium's SENSITIVE limits: 1 GiB, a few seconds).</summary>
    public static MinisignKdfLimits Sensitive => new(33554432, 1073741824);

    /// <summary>libsodium's INTERACTIVE limits (16 MiB); for tests and throw-away keys.</summary>
    public static MinisignKdfLimits Interactive => new(524288, 16777216);
}

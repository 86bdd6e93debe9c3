namespace TransferPipeline.Shared.Crypto;

/// <summary>libsodium's Argon2id cost presets for <see cref="PasswordHash"/>.</summary>
public enum PasswordHashStrength
{
    /// <summary>opslimit 2, 64 MiB: libsodium's preset for interactive sign-in.</summary>
    Interactive,

    /// <summary>opslimit 3, 256 MiB: about four times slower and hungrier than <see cref="Interactive"/>.</summary>
    Moderate,
}

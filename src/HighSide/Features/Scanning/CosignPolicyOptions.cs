namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// The `Policy:Cosign` section: the high side's own copy of the keys images from a source registry must be signed with.
/// A signature the low side accepted is checked again from quarantine against these keys before anyone can approve.
/// </summary>
internal sealed class CosignPolicyOptions
{
    public const string Section = "Policy:Cosign";

    public List<CosignRegistryKeys> Registries { get; set; } = [];
}

using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A multi-platform image as pushed: the OCI index and one <see cref="TestImage"/> per platform.</summary>
public sealed record TestIndex(ImageReference Reference, Digest IndexDigest, byte[] IndexBytes, IReadOnlyList<TestImage> Images);

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>An artifact of the review packet with the publish-plan line saying where it will go.</summary>
internal sealed record ReviewedArtifact(ArtifactDetail Artifact, string? Destination);

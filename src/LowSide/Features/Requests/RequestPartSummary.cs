namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>One part of a request as `request show` and the API list it: what, where it was found, and how far it got.</summary>
internal sealed record RequestPartSummary(string Id, string Kind, string Reference, string? Origin, string Status, string? Failure, string? Digest)
{
    public static RequestPartSummary From(ArtifactRequest part) =>
        new(part.Id, part.Kind, part.Source, part.Origin, part.Status, part.Failure, part.ResolvedDigest);
}

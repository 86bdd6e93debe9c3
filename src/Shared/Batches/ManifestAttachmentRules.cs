using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Rules for an artifact's <see cref="ManifestArtifact.Attachments"/>: images only, never empty, at most
/// <see cref="AttachmentKinds.MaxPerArtifact"/>, each a known kind, an image manifest listed among the artifact's blobs,
/// and a tagged kind under exactly the artifact's own cosign tag (so an attachment cannot be published under another image).
/// </summary>
internal static class ManifestAttachmentRules
{
    public static (string Message, BatchRejectionReason Reason)? FindProblem(ManifestArtifact artifact)
    {
        // An invalid artifact digest is reported by its own rule.
        if (artifact.Attachments is not { } attachments || !BatchIdentifiers.IsDigest(artifact.Digest))
        {
            return null;
        }

        if (artifact.Kind != ArtifactKinds.Image || attachments.Count == 0)
        {
            return ($"artifact {artifact.Name} lists attachments, which only a non-empty list on an image may",
                BatchRejectionReason.ManifestInvalid);
        }

        if (attachments.Count > AttachmentKinds.MaxPerArtifact)
        {
            return ($"artifact {artifact.Name} lists {attachments.Count} attachments; the limit is {AttachmentKinds.MaxPerArtifact}",
                BatchRejectionReason.LimitExceeded);
        }

        var blobs = artifact.Blobs.ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attachment in attachments)
        {
            var problem = Check(artifact, attachment, blobs);
            if (problem is not null)
            {
                return ($"artifact {artifact.Name}: attachment {DisplayText.Printable(attachment.Digest, 80)} {problem}",
                    BatchRejectionReason.ManifestInvalid);
            }

            if (!seen.Add(attachment.Digest) || (attachment.Tag is not null && !seen.Add(attachment.Tag)))
            {
                return ($"artifact {artifact.Name} lists attachment {attachment.Digest} or its tag twice",
                    BatchRejectionReason.DuplicateEntry);
            }
        }

        return null;
    }

    private static string? Check(ManifestArtifact artifact, ManifestAttachment attachment, HashSet<string> blobs)
    {
        if (!AttachmentKinds.IsKnown(attachment.Kind))
        {
            return $"has the unknown kind '{DisplayText.Printable(attachment.Kind, 40)}'";
        }

        if (!BatchIdentifiers.IsDigest(attachment.Digest) || attachment.Digest == artifact.Digest || !blobs.Contains(attachment.Digest))
        {
            return "is not a sha256 digest among the artifact's blobs, other than the artifact's own";
        }

        if (!OciMediaTypes.IsImageManifest(attachment.MediaType))
        {
            return $"has media type '{DisplayText.Printable(attachment.MediaType, 80)}', not an image manifest";
        }

        var suffix = AttachmentKinds.TagSuffix(attachment.Kind);
        var expected = suffix is null ? null : CosignNames.Tag(Digest.Parse(artifact.Digest), suffix);
        return attachment.Tag == expected ? null : $"of kind {attachment.Kind} must have the tag {expected ?? "null"}";
    }
}

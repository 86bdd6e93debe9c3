using System.Diagnostics.CodeAnalysis;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// A fully qualified image reference: <c>registry[:port]/repository(:tag|@sha256:hex|:tag@sha256:hex)</c>.
/// The registry host is mandatory (there is no implicit docker.io) and a tag or digest is required.
/// </summary>
public sealed record ImageReference
{
    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host with optional port, e.g. <c>registry.example.org:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry, e.g. <c>library/nginx</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, when the reference names one.</summary>
    public string? Tag { get; }

    /// <summary>The manifest digest, when the reference pins one; it wins over <see cref="Tag"/> when fetching.</summary>
    public Digest? Digest { get; }

    /// <summary>
    /// The start of the tags that belong beside other images on a registry: cosign's <c>sha256-HEX.sig</c>, <c>.att</c> and
    /// <c>.sbom</c>, and the referrers fallback's <c>sha256-HEX</c>. An image is never requested, shipped or published
    /// under one, as it would replace another image's signature or referrers on the mirror.
    /// </summary>
    public const string AttachmentTagPrefix = "sha256-";

    /// <summary>True when <paramref name="tag"/> is one of those (<see cref="AttachmentTagPrefix"/>).</summary>
    public static bool IsAttachmentTag(string? tag) => tag?.StartsWith(AttachmentTagPrefix, StringComparison.Ordinal) == true;

    /// <summary>What goes in <c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: the digest if present, else the tag.</summary>
    public string Reference => Digest?.Value ?? Tag!;

    /// <summary>Parses <paramref name="value"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    /// <summary>Parses and validates a reference; on failure <paramref name="error"/> is a sentence an operator understands.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "image reference is empty";
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is <= ' ' or >= '\u007f')
            {
                error = $"image reference contains whitespace, a control or a non-ASCII character at position {i + 1}";
                return false;
            }
        }

        var name = value;
        Digest? digest = null;
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = value[..at];
            if (!Oci.Digest.TryParse(value[(at + 1)..], out var parsed, out var digestError))
            {
                error = $"image reference '{value}' has an invalid digest: {digestError}";
                return false;
            }

            digest = parsed;
        }

        return TryParseName(value, name, digest, out reference, out error);
    }

    /// <summary>Creates a validated reference from parts; throws <see cref="ArgumentException"/> when a part is invalid.</summary>
    public static ImageReference Create(string registry, string repository, string? tag, Digest? digest)
    {
        OciGrammar.ThrowIfInvalidRegistry(registry, nameof(registry));
        OciGrammar.ThrowIfInvalidRepository(repository, nameof(repository));
        if (tag is not null && !OciGrammar.IsValidTag(tag))
        {
            throw new ArgumentException($"'{DisplayText.Printable(tag)}' is not a valid tag.", nameof(tag));
        }

        if (tag is null && digest is null)
        {
            throw new ArgumentException("A reference needs a tag or a digest.", nameof(tag));
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    /// <summary>The same repository pinned to <paramref name="digest"/> (tag dropped), e.g. for a child of an index.</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, null, digest);

    /// <summary>The same repository with <paramref name="tag"/> and no digest.</summary>
    public ImageReference WithTag(string tag) => Create(Registry, Repository, tag, null);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Registry}/{Repository}";
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        return Digest is { } d ? $"{text}@{d.Value}" : text;
    }

    private static bool TryParseName(string value, string name, Digest? digest, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !OciGrammar.LooksLikeRegistry(name[..slash]))
        {
            error = $"image reference '{value}' is missing the registry host (there is no implicit docker.io); write it as registry.example.org/repository:tag";
            return false;
        }

        var registry = name[..slash];
        if (!OciGrammar.IsValidRegistry(registry))
        {
            error = $"image reference '{value}' has an invalid registry host '{registry}'";
            return false;
        }

        var path = name[(slash + 1)..];
        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
            if (!OciGrammar.IsValidTag(tag))
            {
                error = $"image reference '{value}' has an invalid tag '{tag}': a tag is 1-128 characters of A-Z a-z 0-9 _ . - and cannot start with . or -";
                return false;
            }
        }

        if (!OciGrammar.IsValidRepository(path))
        {
            error = $"image reference '{value}' has an invalid repository '{path}': "
                + "use lowercase a-z and 0-9, separated by single . or _, double _ or dashes, with components joined by /";
            return false;
        }

        if (registry.Length + 1 + path.Length > OciGrammar.MaxNameLength)
        {
            error = $"image reference '{value}' is too long: registry and repository together must be at most {OciGrammar.MaxNameLength} characters";
            return false;
        }

        if (tag is null && digest is null)
        {
            error = $"image reference '{value}' needs a tag (:tag) or a digest (@sha256:...)";
            return false;
        }

        reference = new ImageReference(registry, path, tag, digest);
        error = string.Empty;
        return true;
    }
}

using System.Text.Json;

namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// The signed claim of a cosign signature (Red Hat "simple signing"):
/// <c>{"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":…},"optional":{…}}</c>.
/// </summary>
/// <param name="DockerReference">Where the signer says the image lives; cosign's spec says verifiers ignore it.</param>
/// <param name="ImageDigest">The manifest digest the signature is for.</param>
public sealed record SimpleSigningPayload(string DockerReference, Digest ImageDigest)
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>
    /// Parses strictly: exactly the fields above in <c>critical</c> (the containers-signature format tells consumers
    /// to reject unknown critical fields), <c>type</c> exactly <see cref="CosignNames.PayloadType"/>, no duplicate keys,
    /// and <c>optional</c> an object or null. Throws <see cref="OciFormatException"/> saying what is wrong.
    /// </summary>
    public static SimpleSigningPayload Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new OciFormatException($"The signature payload is not valid JSON: {DisplayText.Printable(ex.Message, 300)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            RequireOnly(root, "the payload", "critical", "optional");
            if (root.TryGetProperty("optional", out var optional) && optional.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new OciFormatException("The signature payload's 'optional' is neither an object nor null.");
            }

            var critical = Require(root, "critical", "the payload");
            RequireOnly(critical, "'critical'", "identity", "image", "type");
            var type = RequireString(critical, "type", "'critical'");
            if (type != CosignNames.PayloadType)
            {
                throw new OciFormatException(
                    $"The signature payload's type is '{DisplayText.Printable(type, 80)}', not '{CosignNames.PayloadType}'.");
            }

            var identity = Require(critical, "identity", "'critical'");
            RequireOnly(identity, "'critical.identity'", "docker-reference");
            var reference = RequireString(identity, "docker-reference", "'critical.identity'");
            var image = Require(critical, "image", "'critical'");
            RequireOnly(image, "'critical.image'", "docker-manifest-digest");
            var digestText = RequireString(image, "docker-manifest-digest", "'critical.image'");
            return Digest.TryParse(digestText, out var digest, out var error)
                ? new SimpleSigningPayload(reference, digest)
                : throw new OciFormatException($"The signature payload's docker-manifest-digest is invalid: {error}.");
        }
    }

    private static void RequireOnly(JsonElement element, string where, params ReadOnlySpan<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new OciFormatException($"In the signature payload, {where} is not a JSON object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new OciFormatException(
                    $"In the signature payload, {where} has an unexpected field '{DisplayText.Printable(property.Name, 80)}'.");
            }
        }
    }

    private static JsonElement Require(JsonElement parent, string name, string where) =>
        parent.TryGetProperty(name, out var value)
            ? value
            : throw new OciFormatException($"In the signature payload, {where} has no '{name}'.");

    private static string RequireString(JsonElement parent, string name, string where)
    {
        var value = Require(parent, name, where);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new OciFormatException($"In the signature payload, {where}.{name} is not a string.");
    }
}

using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// One edit of a written manifest.json that touches one field-level rule of the batch format, and whether the
/// edited manifest is still valid under that rule's id (<paramref name="Rule"/>). <paramref name="ProductGap"/> says why
/// the product does not follow the rule yet: for such a case only the schema's verdict is checked.
/// </summary>
internal sealed record ManifestMutation(string Rule, string Scenario, bool Valid, Action<JsonObject> Edit, string? ProductGap = null)
{
    /// <summary>System.Text.Json applies nullable annotations to properties, not to the elements of a list.</summary>
    public const string NullElement =
        "the reader lets a null list element through; the validator throws NullReferenceException (an artifact's blobs: accepts it)";

    /// <summary>The product's patterns end in '$', which in .NET also matches before a final line feed.</summary>
    public const string TrailingLineFeed =
        "the product accepts a trailing line feed: the patterns of BatchIdentifiers and ManifestTimeConverter end in '$', not '\\z'";

    public override string ToString() => $"{Rule} {Scenario}";
}

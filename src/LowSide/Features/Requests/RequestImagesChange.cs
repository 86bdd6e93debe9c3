namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>The body of POST /api/requests/{id}/images: image references to add to the request, and to drop from it.</summary>
internal sealed record RequestImagesChange(IReadOnlyList<string>? Add, IReadOnlyList<string>? Drop);

using System.Globalization;
using System.Text.Json;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// What `lowside request list` prints: a line a request, or the list as JSON (<c>--json</c>). The full executable's verb and
/// the Native AOT front (src/LowSide.Front), which compiles this file, both print through here.
/// </summary>
internal static class RequestListOutput
{
    public static void Write(IReadOnlyList<ArtifactRequest> requests, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(output);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(requests, RequestListJson.Default.IReadOnlyListArtifactRequest));
            return;
        }

        foreach (var r in requests)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Id}  {r.Status,-9}  {r.Kind,-5}  {r.Source}{(r.Name is null ? "" : $" {r.Name} {r.Version}")}  ({r.Requester})"));
        }
    }
}

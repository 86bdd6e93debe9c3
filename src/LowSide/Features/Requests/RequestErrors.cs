using TransferPipeline.LowSide.Errors;

namespace TransferPipeline.LowSide.Features.Requests;

internal static class RequestErrors
{
    public static LowSideError NotFound(string id) => new(LowSideError.NotFound, $"no request with id '{id}'", "id");

    public static LowSideError BeingCut(string id, string batchId) =>
        new(LowSideError.Conflict, $"request {id} is being written into batch {batchId} and can no longer be cancelled", "id");

    public static LowSideError NotCancellable(string id, string status) =>
        new(LowSideError.Conflict, $"request {id} is {status} and can no longer be cancelled", "id");
}

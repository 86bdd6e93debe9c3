using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Requests;

internal static class RequestErrors
{
    public static Failure NotFound(string id) => LowSideFailure.Create(LowSideReasons.NotFound, $"no request with id '{id}'", "id");

    public static Failure NotYours(string id) =>
        LowSideFailure.Create(LowSideReasons.Forbidden, $"request {id} is someone else's: a requester sees and cancels only their own", "id");

    public static Failure BeingCut(string id, string batchId, string change = "cancelled") =>
        LowSideFailure.Create(LowSideReasons.Conflict, $"request {id} is being written into batch {batchId} and can no longer be {change}", "id");

    public static Failure NotCancellable(string id, string status, string change = "cancelled") =>
        LowSideFailure.Create(LowSideReasons.Conflict, $"request {id} is {status} and can no longer be {change}", "id");
}

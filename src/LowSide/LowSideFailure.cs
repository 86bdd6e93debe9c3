using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide;

/// <summary>Makes a <see cref="Failure"/> for a low-side reason code, with the kind that code always has.</summary>
internal static class LowSideFailure
{
    public static Failure Create(string code, string message, string? field = null) => new(code, message, KindOf(code), field);

    private static FailureKind KindOf(string code) => code switch
    {
        LowSideReasons.ValidationFailed => FailureKind.Invalid,
        LowSideReasons.SourceNotAllowed or LowSideReasons.Forbidden or LowSideReasons.MediaNotAllowed => FailureKind.Forbidden,
        LowSideReasons.NotFound => FailureKind.NotFound,
        LowSideReasons.Conflict or LowSideReasons.NothingToShip or LowSideReasons.CutInProgress => FailureKind.Conflict,
        LowSideReasons.InsufficientSpace => FailureKind.InsufficientStorage,
        _ => FailureKind.Refused,
    };
}

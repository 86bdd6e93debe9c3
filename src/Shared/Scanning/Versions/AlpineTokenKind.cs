namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>The parts of an apk version in the order they may follow each other; apk-tools compares by this order.</summary>
internal enum AlpineTokenKind
{
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    ReleaseNumber,
    End,
}

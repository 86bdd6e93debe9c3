namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>Publishing one artifact cannot go on; <see cref="Code"/> says why. Caught by <see cref="PublishService"/>.</summary>
internal sealed class PublishException : Exception
{
    public PublishException()
    {
        Code = PublishReasons.MirrorFailed;
    }

    public PublishException(string message)
        : base(message)
    {
        Code = PublishReasons.MirrorFailed;
    }

    public PublishException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = PublishReasons.MirrorFailed;
    }

    public PublishException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}

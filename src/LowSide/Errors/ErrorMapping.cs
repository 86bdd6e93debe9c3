using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Errors;

/// <summary>The one place where typed errors become HTTP problem details and CLI exit codes.</summary>
internal static class ErrorMapping
{
    public static int StatusCode(LowSideError error) => error.Code switch
    {
        LowSideError.ValidationFailed => StatusCodes.Status400BadRequest,
        LowSideError.SourceNotAllowed => StatusCodes.Status403Forbidden,
        LowSideError.NotFound => StatusCodes.Status404NotFound,
        LowSideError.Conflict or LowSideError.NothingToShip => StatusCodes.Status409Conflict,
        LowSideError.InsufficientSpace => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static IResult ToProblem(LowSideError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
            extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        }

        return TypedResults.Problem(detail: error.Message, statusCode: StatusCode(error), title: error.Code, extensions: extensions);
    }

    /// <summary>Writes the error as one line on stderr and returns the exit code.</summary>
    public static int ToExitCode(LowSideError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code == LowSideError.NotInitialized
            ? CliConsole.Usage(error.Message)
            : CliConsole.Fail(error.Message);
    }
}

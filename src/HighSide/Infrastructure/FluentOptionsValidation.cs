using FluentValidation;
using Microsoft.Extensions.Options;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Runs a FluentValidation validator when options are first resolved (and at start with ValidateOnStart).</summary>
internal sealed class FluentOptionsValidation<T>(IValidator<T> validator) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"{typeof(T).Name}.{e.PropertyName}: {e.ErrorMessage}"));
    }
}

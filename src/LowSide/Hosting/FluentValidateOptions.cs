using FluentValidation;
using Microsoft.Extensions.Options;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>Runs a FluentValidation validator when an options class is bound, so bad configuration stops the start.</summary>
internal sealed class FluentValidateOptions<TOptions>(string section, IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"configuration {section}:{e.PropertyName}: {e.ErrorMessage}"));
    }
}

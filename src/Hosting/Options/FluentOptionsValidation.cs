using FluentValidation;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Options;

/// <summary>
/// Runs a FluentValidation validator when options are bound, so bad configuration stops a command or
/// the daemon at start with a message naming the setting: <c>configuration Section:Property: why</c>.
/// </summary>
internal sealed class FluentOptionsValidation<TOptions>(string section, IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"configuration {SettingName.Of(section, e.PropertyName)}: {e.ErrorMessage}"));
    }
}

using System.Text.RegularExpressions;

namespace TransferPipeline.Hosting.Options;

/// <summary>The configuration key an operator writes for a property FluentValidation names.</summary>
internal static partial class SettingName
{
    /// <summary><c>Notifications</c> and <c>Webhooks[1].Url</c> give <c>Notifications:Webhooks:1:Url</c>.</summary>
    public static string Of(string section, string property) =>
        string.IsNullOrEmpty(property) ? section : $"{section}:{ListIndex().Replace(property, ":$1").Replace('.', ':')}";

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex ListIndex();
}

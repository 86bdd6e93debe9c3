using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Oci;

/// <summary>Grammar checks from the distribution spec, shared by parsing and by the client's argument checks.</summary>
internal static partial class OciGrammar
{
    // Many clients cap "host/name" at 255 characters; the distribution spec recommends the same.
    public const int MaxNameLength = 255;

    public static bool IsValidRepository(string? repository) =>
        !string.IsNullOrEmpty(repository) && repository.Length <= MaxNameLength && RepositoryRegex().IsMatch(repository);

    public static bool IsValidTag(string? tag) => !string.IsNullOrEmpty(tag) && TagRegex().IsMatch(tag);

    public static bool IsValidMediaType(string? mediaType) =>
        !string.IsNullOrEmpty(mediaType) && MediaTypeRegex().IsMatch(mediaType);

    /// <summary>True for <c>host</c>, <c>host:port</c>, <c>[v6]</c> and <c>[v6]:port</c> with a port in 1-65535.</summary>
    public static bool IsValidRegistry(string? registry)
    {
        if (string.IsNullOrEmpty(registry) || registry.Length > MaxNameLength)
        {
            return false;
        }

        var hostPart = registry;
        string? port = null;
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0
                || !IPAddress.TryParse(registry[1..close], out var address)
                || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            var rest = registry[(close + 1)..];
            if (rest.Length == 0)
            {
                return true;
            }

            return rest[0] == ':' && IsValidPort(rest[1..]);
        }

        var colon = registry.LastIndexOf(':');
        if (colon >= 0)
        {
            hostPart = registry[..colon];
            port = registry[(colon + 1)..];
        }

        return HostRegex().IsMatch(hostPart) && (port is null || IsValidPort(port));
    }

    /// <summary>Whether the first path component of a reference names a registry rather than a repository.</summary>
    public static bool LooksLikeRegistry(string component) =>
        component.Contains('.', StringComparison.Ordinal)
        || component.Contains(':', StringComparison.Ordinal)
        || component.StartsWith('[')
        || component.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1, with or without a port.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostOf(registry);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    public static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? registry[..(close + 1)] : registry;
        }

        var colon = registry.LastIndexOf(':');
        return colon >= 0 ? registry[..colon] : registry;
    }

    public static void ThrowIfInvalidRegistry(string registry, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry, paramName);
        if (!IsValidRegistry(registry))
        {
            throw new ArgumentException($"'{DisplayText.Printable(registry)}' is not a valid registry host[:port].", paramName);
        }
    }

    public static void ThrowIfInvalidRepository(string repository, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository, paramName);
        if (!IsValidRepository(repository))
        {
            throw new ArgumentException(
                $"'{DisplayText.Printable(repository)}' is not a valid repository name "
                + "(lowercase a-z, 0-9, separators . _ __ -, components joined by /).",
                paramName);
        }
    }

    private static bool IsValidPort(string port) =>
        port.Length is > 0 and <= 5
        && port.All(char.IsAsciiDigit)
        && int.Parse(port, CultureInfo.InvariantCulture) is >= 1 and <= 65535;

    [GeneratedRegex(@"\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryRegex();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex(
        @"\A(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])"
        + @"(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex HostRegex();

    // RFC 6838 restricted-name, type/subtype.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MediaTypeRegex();
}

namespace TransferPipeline.Shared.Scanning;

/// <summary>
/// One thing a scanner found in one artifact. <see cref="Id"/> is stable for the same finding in the same
/// artifact (officers name it in a waiver), and is made of the scanner's own id for the problem and what it
/// was found in, e.g. <c>CVE-2024-1234@pkg:deb/debian/openssl@3.0.11-1</c> or <c>malware:Eicar-Test@layer/sha256:…</c>.
/// </summary>
/// <param name="Id">Stable id within the artifact, at most 512 characters.</param>
/// <param name="Kind">Malware, vulnerability or policy.</param>
/// <param name="Scanner">The scanner that reported it: <c>clamav</c>, <c>osv</c>, or <c>hook:NAME</c>.</param>
/// <param name="Severity">Its severity; malware is always <see cref="ScanSeverity.Critical"/>.</param>
/// <param name="Subject">Where in the artifact: a path, a layer digest, a package URL.</param>
/// <param name="Title">The scanner's name for it: a signature name, a vulnerability summary.</param>
/// <param name="DataVersion">The version of the scanner's data that found it (a ClamAV database version, an OSV export date).</param>
/// <param name="Package">The affected package, for vulnerabilities.</param>
/// <param name="InstalledVersion">The version the artifact holds, for vulnerabilities.</param>
/// <param name="FixedVersion">The first fixed version, when the data names one.</param>
public sealed record ScanFinding(
    string Id,
    ScanFindingKind Kind,
    string Scanner,
    ScanSeverity Severity,
    string Subject,
    string Title,
    string? DataVersion,
    string? Package = null,
    string? InstalledVersion = null,
    string? FixedVersion = null);

using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Osv;

namespace TransferPipeline.Shared.Tests.Scanning.Osv;

public sealed class CvssV3Tests
{
    // Vector and base score pairs from the CVSS v3.1 specification's examples document (FIRST).
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)] // CVE-2013-1937 phpMyAdmin reflected XSS
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4)] // CVE-2013-0375 MySQL stored SQL injection
    [TestCase("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1)] // CVE-2014-3566 SSLv3 POODLE
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9)] // CVE-2012-1516 VMware guest to host escape
    [TestCase("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2)] // CVE-2009-0783 Apache Tomcat XML parser
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8)] // CVE-2012-0384 Cisco IOS command injection
    [TestCase("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8)] // CVE-2015-1098 Apple iWork denial of service
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)] // CVE-2014-0160 OpenSSL Heartbleed
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)] // CVE-2014-6271 GNU Bash Shellshock
    [TestCase("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8)] // CVE-2008-1447 DNS Kaminsky bug
    [TestCase("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8)] // CVE-2014-2005 Sophos login screen bypass
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8)] // CVE-2010-0467 Joomla directory traversal
    [TestCase("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3)] // CVE-2013-6014 Juniper proxy ARP denial of service
    [TestCase("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6)] // CVE-2014-2019 Apple iOS security control bypass
    [TestCase("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4)] // CVE-2014-0224 OpenSSL CCS injection
    [TestCase("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0)]
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O", 9.8)]
    public void BaseScore_SpecificationExamples_Match(string vector, double expected) =>
        Assert.That(CvssV3.BaseScore(vector), Is.EqualTo(expected).Within(1e-9));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [TestCase("CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C")]
    [TestCase("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")]
    [TestCase("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")]
    [TestCase("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [TestCase("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    public void BaseScore_NotACvss3Vector_IsNull(string? vector) => Assert.That(CvssV3.BaseScore(vector), Is.Null);

    // Appendix A of the 3.1 specification: round up to one decimal, immune to floating point error.
    [TestCase(4.02, 4.1)]
    [TestCase(4.0, 4.0)]
    [TestCase(4.000000000000001, 4.0)]
    [TestCase(0.01, 0.1)]
    [TestCase(9.96, 10.0)]
    public void Roundup_Values_RoundUpToOneDecimal(double value, double expected) =>
        Assert.That(CvssV3.Roundup(value), Is.EqualTo(expected).Within(1e-9));

    [TestCase(10.0, ScanSeverity.Critical)]
    [TestCase(9.0, ScanSeverity.Critical)]
    [TestCase(8.9, ScanSeverity.High)]
    [TestCase(7.0, ScanSeverity.High)]
    [TestCase(6.9, ScanSeverity.Medium)]
    [TestCase(4.0, ScanSeverity.Medium)]
    [TestCase(3.9, ScanSeverity.Low)]
    [TestCase(0.1, ScanSeverity.Low)]
    [TestCase(0.0, ScanSeverity.Unknown)]
    public void FromScore_QualitativeBands_Map(double score, ScanSeverity expected) =>
        Assert.That(OsvSeverity.FromScore(score), Is.EqualTo(expected));
}

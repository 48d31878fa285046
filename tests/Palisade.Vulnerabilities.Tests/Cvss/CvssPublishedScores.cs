namespace Palisade.Vulnerabilities.Tests.Cvss;

/// <summary>
/// Vectors with their published scores. Each row names where the score was published; the scores are facts, our
/// calculators must reproduce them. Sources:
/// <list type="bullet">
/// <item>FIRST31-EX: FIRST, "CVSS v3.1: Examples" (the worked CVE examples and their base scores).</item>
/// <item>FIRST31-CALC: FIRST's v3.1 calculator output for every base vector, as recorded in RedHatProductSecurity/cvss
/// tests/vectors_simple31 (base, temporal, environmental).</item>
/// <item>FIRST30-CALC: FIRST's v3.0 calculator, RedHatProductSecurity/cvss tests/vectors_calculator3.</item>
/// <item>NVD: the NVD's published base score of the named CVE.</item>
/// <item>GHSA: GitHub advisory API records (cvss.score and cvss.vectorString) in ossf/osv-schema tools/ghsa/testdata,
/// i.e. shared/conformance/osv/osv-schema.</item>
/// <item>FIRST40-CALC: FIRST's v4.0 reference calculator output as recorded in RedHatProductSecurity/cvss tests
/// vectors_simple4, vectors_threat4, vectors_security4 and tests/test_cvss4.py.</item>
/// <item>FIRST40-SPEC: FIRST, "CVSS v4.0 Specification Document" (the MacroVector table: a vector that is the highest
/// severity vector of its MacroVector scores exactly the table's value).</item>
/// <item>V2-GUIDE: FIRST, "A Complete Guide to the CVSS Version 2.0", section 3.3 examples.</item>
/// </list>
/// </summary>
public static class CvssPublishedScores
{
    /// <summary>CVSS v3.0 and v3.1 vectors: vector, published base score, source.</summary>
    public static TheoryData<string, double, string> V3 => new()
    {
        // FIRST v3.1 examples document.
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "FIRST31-EX CVE-2013-1937 phpMyAdmin reflected XSS" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, "FIRST31-EX CVE-2013-0375 MySQL stored SQL injection" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "FIRST31-EX CVE-2014-3566 SSLv3 POODLE" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, "FIRST31-EX CVE-2012-1516 VMware guest to host escape" },
        { "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, "FIRST31-EX CVE-2009-0783 Apache Tomcat XML parser" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, "FIRST31-EX CVE-2012-0384 Cisco IOS command execution" },
        { "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, "FIRST31-EX CVE-2015-1098 Apple iWork denial of service" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "FIRST31-EX CVE-2014-0160 OpenSSL Heartbleed" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "FIRST31-EX CVE-2014-6271 GNU Bash Shellshock" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, "FIRST31-EX CVE-2008-1447 DNS Kaminsky bug" },
        { "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, "FIRST31-EX CVE-2014-2005 Sophos login screen bypass" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8, "FIRST31-EX CVE-2010-0467 Joomla directory traversal" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8, "FIRST31-EX CVE-2012-1342 Cisco access control bypass" },
        { "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H", 9.3, "FIRST31-EX CVE-2013-6014 Juniper proxy ARP denial of service" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, "FIRST31-EX CVE-2014-9253 DokuWiki reflected XSS" },
        { "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8, "FIRST31-EX CVE-2011-1265 Windows Bluetooth remote code execution" },
        { "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6, "FIRST31-EX CVE-2014-2019 Apple iOS security control bypass" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, "FIRST31-EX CVE-2015-0970 SearchBlox CSRF" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4, "FIRST31-EX CVE-2014-0224 OpenSSL CCS injection" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6, "FIRST31-EX CVE-2012-5376 Google Chrome sandbox bypass" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.5, "FIRST31-EX CVE-2016-2118 Badlock" },
        { "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2, "FIRST31-EX CVE-2016-5729 Lenovo BIOS SMM privilege escalation" },
        { "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 7.6, "FIRST31-EX CVE-2018-3652 Intel Xeon debug access" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0, "FIRST31-EX CVE-2019-7551 Cantemo Portal stored XSS" },

        // NVD published base scores of well-known CVEs.
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "NVD CVE-2021-44228 Log4Shell" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.0, "NVD CVE-2021-45046 Log4j" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9, "NVD CVE-2021-45105 Log4j" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "NVD CVE-2023-44487 HTTP/2 Rapid Reset" },
        { "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "NVD CVE-2021-4034 PwnKit" },
        { "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.0, "NVD CVE-2016-5195 Dirty COW" },
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, "NVD CVE-2024-6387 regreSSHion" },
        { "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7, "NVD CVE-2018-5407 PortSmash (osv-schema linter testdata)" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3, "NVD CVE-2023-41045 Graylog (osv-schema linter testdata)" },

        // GitHub advisory records with cvss.score beside cvss.vectorString.
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "GHSA equals_no_patch.json paranoid2 backdoor" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1, "GHSA full_ranges.json Akka RNG" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "GHSA npm_greater_than.json jquery denial of service" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L", 8.3, "GHSA less_than_equals_no_patch.json shiba" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, "GHSA maven_greater_than.json XWiki" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "GHSA equals_with_patch.json mixin-deep" },

        // FIRST v3.1 calculator, all-base-vector table: scope changed and unchanged, every impact level, zero impact.
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:L/A:N", 9.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N", 8.6, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:L", 8.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N", 7.2, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L", 9.4, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", 8.6, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", 7.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", 6.5, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:N/A:N", 7.4, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:N/A:N", 4.7, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:N/I:N/A:N", 0.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:L", 7.6, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:L", 6.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:L", 4.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:N", 7.7, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:L", 7.4, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:N/I:N/A:L", 5.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 6.5, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L", 4.3, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:N", 8.7, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:N/A:N", 4.1, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H", 8.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:L", 5.5, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:N/I:N/A:L", 3.5, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:L", 6.6, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:N", 5.5, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:L/A:L", 6.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:N/A:N", 4.9, "FIRST31-CALC" },

        // FIRST v3.0 calculator; metrics in a non-preferred order are valid in v3.x.
        { "CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X", 3.8, "FIRST30-CALC" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H", 9.3, "FIRST30-CALC" },
    };

    /// <summary>
    /// CVSS v3.x vectors with temporal or environmental metrics: vector, base, temporal (or null), environmental (or
    /// null), source.
    /// </summary>
    public static TheoryData<string, double, double?, double?, string> V3TemporalEnvironmental => new()
    {
        { "CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X", 3.8, 3.7, null, "FIRST30-CALC" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H", 9.3, 8.9, 9.5, "FIRST30-CALC" },
        // FIRST31-CALC lists the environmental score of a base vector; CR:M has the weight of CR:X (1.0).
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H/CR:M", 9.6, null, 9.7, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/CR:M", 9.9, null, 10.0, "FIRST31-CALC" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H/CR:M", 9.0, null, 9.1, "FIRST31-CALC" },
        // v3.1 Roundup (Appendix A): 10.0 x 0.92 is 9.200000000000001 in floating point and must not round up to 9.3;
        // the v3.0 calculator's plain ceiling does round it up.
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U", 10.0, 9.2, null, "FIRST31 spec Appendix A" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U", 10.0, 9.3, null, "FIRST30-CALC (Math.ceil roundup)" },
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N/RC:U", 5.0, 4.6, null, "FIRST31 spec Appendix A" },
        { "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N/RC:U", 5.0, 4.7, null, "FIRST30-CALC (Math.ceil roundup)" },
        { "CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N/RC:U", 2.5, 2.3, null, "FIRST31 spec Appendix A" },
        { "CVSS:3.0/AV:L/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N/RC:U", 2.5, 2.4, null, "FIRST30-CALC (Math.ceil roundup)" },
    };

    /// <summary>CVSS v3.x vectors with a published qualitative rating only (RedHatProductSecurity/cvss tests/test_cvss3.py).</summary>
    public static TheoryData<string, string> V3Ratings => new()
    {
        { "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:C/C:N/I:N/A:N", "None" },
        { "CVSS:3.0/AV:P/AC:H/PR:L/UI:R/S:U/C:N/I:L/A:N", "Low" },
        { "CVSS:3.0/AV:N/AC:H/PR:L/UI:R/S:U/C:N/I:L/A:N", "Low" },
        { "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:L", "Low" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:L", "Medium" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:L", "Medium" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", "Medium" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", "High" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:H", "High" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:L/A:N", "Critical" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", "Critical" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L/E:P/CR:L/IR:L/AR:L/MAV:P", "High" },
    };

    /// <summary>CVSS v4.0 base vectors (CVSS-B): vector, published score, source.</summary>
    public static TheoryData<string, double, string> V4Base => new()
    {
        // Vectors at the top of their MacroVector score the specification's table value.
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "FIRST40-SPEC MacroVector 000100" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "FIRST40-SPEC MacroVector 000200" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7, "FIRST40-CALC test_cvss4.py" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9, "FIRST40-CALC (polycvss documentation example)" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "FIRST40-SPEC no impact" },
        { "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "FIRST40-CALC test_cvss4.py" },
        // Rounding: values that are x.x5 in exact arithmetic round up, as in the reference calculator.
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6, "FIRST40-CALC (x.x5 rounds up)" },
        { "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/SA:N", 5.7, "FIRST40-CALC vectors_simple4 (x.x5 rounds up)" },
        { "CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:A/VC:N/VI:H/VA:H/SC:N/SI:H/SA:N", 5.7, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/SA:L", 5.7, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:P/VC:L/VI:N/VA:H/SC:H/SI:N/SA:L", 5.7, "FIRST40-CALC vectors_simple4" },
        // EQ1 = 0 (AV:N, PR:N, UI:N).
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L", 9.2, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L", 7.8, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N", 6.9, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", 7.9, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H", 9.5, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:L/SC:H/SI:L/SA:L", 7.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:H/SA:L", 9.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:H", 7.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N", 9.5, "FIRST40-CALC vectors_simple4" },
        // EQ1 = 1.
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:N/VA:L/SC:N/SI:H/SA:N", 8.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L", 5.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:H/SI:N/SA:N", 8.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:H", 6.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:L", 7.2, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H", 9.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:L/SC:H/SI:H/SA:H", 9.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:N", 5.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 6.2, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N", 2.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 2.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:P/VC:H/VI:H/VA:H/SC:H/SI:L/SA:H", 8.8, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:L/SC:H/SI:L/SA:N", 8.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:H/SA:L", 6.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:L/SA:N", 7.7, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:H/SA:N", 8.6, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:P/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 5.8, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:H", 8.6, "FIRST40-CALC vectors_simple4" },
        // EQ1 = 2 (AV:P, or none of AV:N, PR:N, UI:N).
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:L/SI:L/SA:L", 7.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:L/VI:L/VA:N/SC:L/SI:N/SA:N", 4.8, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:L/VI:N/VA:N/SC:H/SI:N/SA:H", 6.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:L/SC:L/SI:L/SA:L", 7.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N", 1.8, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H", 5.2, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N", 4.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:L/VI:L/VA:L/SC:H/SI:N/SA:N", 4.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:L/VI:N/VA:L/SC:N/SI:L/SA:L", 2.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:L/SA:L", 1.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N", 6.9, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:L/SC:L/SI:H/SA:H", 2.3, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 1.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:H", 7.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N", 6.9, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:L/SC:L/SI:L/SA:N", 2.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:L/SC:L/SI:H/SA:H", 8.5, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:N/SI:L/SA:N", 2.4, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N", 4.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:N/SA:H", 2.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:N/SA:L", 1.0, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:H", 7.2, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:H", 2.1, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N", 6.9, "FIRST40-CALC vectors_simple4" },
        { "CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L", 5.4, "FIRST40-CALC vectors_simple4" },
    };

    /// <summary>
    /// CVSS v4.0 vectors with threat, environmental or supplemental metrics: vector, CVSS-B base score, score of all
    /// metrics, nomenclature, source.
    /// </summary>
    public static TheoryData<string, double, double, string, string> V4Full => new()
    {
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L", 8.7, 7.9, "CVSS-BE", "FIRST40-CALC test_cvss4.py" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H", 0.0, 7.7, "CVSS-BE", "FIRST40-CALC test_cvss4.py" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:L/E:U", 10.0, 9.1, "CVSS-BT", "FIRST40-CALC (as quoted by a PHP port's tests)" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A", 0.0, 0.0, "CVSS-BT", "FIRST40-CALC vectors_threat4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 7.3, 7.3, "CVSS-BT", "FIRST40-CALC vectors_threat4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P", 7.3, 5.9, "CVSS-BT", "FIRST40-CALC vectors_threat4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 7.3, 4.1, "CVSS-BT", "FIRST40-CALC vectors_threat4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:U", 0.0, 0.0, "CVSS-BT", "FIRST40-CALC vectors_threat4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:H", 7.3, 7.3, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M", 7.3, 7.2, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:M/AR:L", 7.3, 7.1, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:M/IR:M/AR:M", 7.3, 5.5, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:L/IR:H/AR:L", 7.3, 7.1, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L", 7.3, 5.4, "CVSS-BE", "FIRST40-CALC vectors_security4" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/CR:H/IR:H/AR:H", 0.0, 0.0, "CVSS-BE", "FIRST40-CALC vectors_security4" },
    };

    /// <summary>CVSS v2 base vectors: vector, published base score, source.</summary>
    public static TheoryData<string, double, string> V2 => new()
    {
        { "AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8, "V2-GUIDE CVE-2002-0392 Apache chunked encoding" },
        { "AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, "V2-GUIDE CVE-2003-0818 Microsoft ASN.1; NVD CVE-2014-6271" },
        { "AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2, "V2-GUIDE CVE-2003-0062 NOD32 antivirus" },
        { "AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, "NVD CVE-2014-0160 Heartbleed" },
        { "AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3, "NVD CVE-2021-44228 Log4Shell" },
        { "AV:L/AC:L/Au:N/C:C/I:C/A:C", 7.2, "NVD CVE-2016-5195 Dirty COW" },
        { "AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3, "NVD CVE-2014-3566 POODLE" },
        { "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, "NVD CVE-2012-1823 PHP-CGI" },
        { "AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3, "NVD (common: reflected XSS)" },
        { "AV:N/AC:M/Au:N/C:P/I:P/A:P", 6.8, "NVD (common)" },
        { "AV:N/AC:L/Au:N/C:N/I:N/A:P", 5.0, "NVD (common)" },
        { "AV:N/AC:L/Au:S/C:P/I:N/A:N", 4.0, "NVD (common)" },
        { "AV:L/AC:L/Au:N/C:P/I:N/A:N", 2.1, "NVD (common)" },
        { "AV:N/AC:H/Au:N/C:P/I:N/A:N", 2.6, "NVD (common)" },
        { "AV:A/AC:L/Au:N/C:C/I:C/A:C", 8.3, "NVD (common)" },
        { "AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0, "v2 guide: no impact" },
    };
}

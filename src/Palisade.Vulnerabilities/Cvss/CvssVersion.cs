namespace Palisade.Vulnerabilities.Cvss;

/// <summary>The CVSS version a vector string is written in.</summary>
public enum CvssVersion
{
    /// <summary>CVSS v2 (<c>AV:N/AC:L/Au:N/C:P/I:P/A:P</c>, no prefix).</summary>
    V2 = 2,

    /// <summary>CVSS v3.0 (<c>CVSS:3.0/...</c>).</summary>
    V30 = 30,

    /// <summary>CVSS v3.1 (<c>CVSS:3.1/...</c>).</summary>
    V31 = 31,

    /// <summary>CVSS v4.0 (<c>CVSS:4.0/...</c>).</summary>
    V40 = 40,
}

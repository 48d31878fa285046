using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>
/// <c>x509_decode()</c>: a PEM certificate or certificate request decoded into the JSON Kyverno produces (Go's
/// <c>x509.Certificate</c> / <c>x509.CertificateRequest</c> marshalled, with the RSA public key as
/// <c>{"N": "&lt;decimal&gt;", "E": 65537}</c>). Field names, Go's enum numbers (signature and key algorithms, key
/// usage bits, extended key usages) and null for empty lists follow Go. Only RSA keys are accepted, as in Kyverno.
/// </summary>
internal static class X509Decoder
{
    private const string RsaOid = "1.2.840.113549.1.1.1";

    private static readonly Dictionary<string, int> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = 1, ["1.2.840.113549.1.1.4"] = 2, ["1.2.840.113549.1.1.5"] = 3,
        ["1.2.840.113549.1.1.11"] = 4, ["1.2.840.113549.1.1.12"] = 5, ["1.2.840.113549.1.1.13"] = 6,
        ["1.2.840.10040.4.3"] = 7, ["2.16.840.1.101.3.4.3.2"] = 8, ["1.2.840.10045.4.1"] = 9,
        ["1.2.840.10045.4.3.2"] = 10, ["1.2.840.10045.4.3.3"] = 11, ["1.2.840.10045.4.3.4"] = 12, ["1.3.101.112"] = 16,
    };

    private static readonly Dictionary<string, int> PssHashes = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = 13, ["2.16.840.1.101.3.4.2.2"] = 14, ["2.16.840.1.101.3.4.2.3"] = 15,
    };

    private static readonly Dictionary<string, int> PublicKeyAlgorithms = new(StringComparer.Ordinal)
    {
        [RsaOid] = 1, ["1.2.840.10040.4.1"] = 2, ["1.2.840.10045.2.1"] = 3, ["1.3.101.112"] = 4,
    };

    private static readonly Dictionary<string, int> ExtKeyUsages = new(StringComparer.Ordinal)
    {
        ["2.5.29.37.0"] = 0, ["1.3.6.1.5.5.7.3.1"] = 1, ["1.3.6.1.5.5.7.3.2"] = 2, ["1.3.6.1.5.5.7.3.3"] = 3,
        ["1.3.6.1.5.5.7.3.4"] = 4, ["1.3.6.1.5.5.7.3.5"] = 5, ["1.3.6.1.5.5.7.3.6"] = 6, ["1.3.6.1.5.5.7.3.7"] = 7,
        ["1.3.6.1.5.5.7.3.8"] = 8, ["1.3.6.1.5.5.7.3.9"] = 9, ["1.3.6.1.4.1.311.10.3.3"] = 10,
        ["2.16.840.1.113730.4.1"] = 11, ["1.3.6.1.4.1.311.2.1.22"] = 12, ["1.3.6.1.4.1.311.61.1.1"] = 13,
    };

    private static readonly HashSet<string> HandledExtensions = new(StringComparer.Ordinal)
    {
        "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.31", "2.5.29.32", "2.5.29.33",
        "2.5.29.35", "2.5.29.36", "2.5.29.37", "2.5.29.54", "1.3.6.1.5.5.7.1.1",
    };

    /// <summary>Decodes the first PEM block of <paramref name="pem"/>.</summary>
    /// <exception cref="FormatException">No PEM block, not a certificate or request, malformed, or not RSA.</exception>
    public static JObject Decode(string pem)
    {
        var (type, der) = ReadPem(pem);
        try
        {
            return type switch
            {
                "CERTIFICATE" => DecodeCertificate(der),
                "CERTIFICATE REQUEST" => DecodeRequest(der),
                _ => throw new FormatException("PEM block neither contains a CERTIFICATE or CERTIFICATE REQUEST"),
            };
        }
        catch (AsnContentException e)
        {
            throw new FormatException("x509: malformed " + (type == "CERTIFICATE" ? "certificate" : "certificate request") + ": " + e.Message, e);
        }
    }

    private static (string Type, byte[] Der) ReadPem(string pem)
    {
        const string begin = "-----BEGIN ";
        var start = pem.IndexOf(begin, StringComparison.Ordinal);
        while (start >= 0)
        {
            var typeEnd = pem.IndexOf("-----", start + begin.Length, StringComparison.Ordinal);
            if (typeEnd < 0) break;
            var type = pem[(start + begin.Length)..typeEnd];
            var end = pem.IndexOf("-----END " + type + "-----", typeEnd, StringComparison.Ordinal);
            if (end < 0) break;
            var body = pem[(typeEnd + 5)..end];
            var lines = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains(':', StringComparison.Ordinal));
            try
            {
                return (type, Convert.FromBase64String(string.Concat(lines)));
            }
            catch (FormatException)
            {
                start = pem.IndexOf(begin, end, StringComparison.Ordinal);
            }
        }
        throw new FormatException("failed to decode PEM block");
    }

    private static JObject DecodeCertificate(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificate = outer.ReadSequence();
        var tbsRaw = certificate.PeekEncodedValue().ToArray();
        var tbs = certificate.ReadSequence();
        var (signatureAlgorithm, signature) = ReadSignature(certificate);

        var version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var explicitVersion = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            version = (int)explicitVersion.ReadInteger() + 1;
        }
        var serial = tbs.ReadInteger();
        tbs.ReadSequence();
        var rawIssuer = tbs.PeekEncodedValue().ToArray();
        var issuer = ReadName(tbs);
        var validity = tbs.ReadSequence();
        var notBefore = ReadTime(validity);
        var notAfter = ReadTime(validity);
        var rawSubject = tbs.PeekEncodedValue().ToArray();
        var subject = ReadName(tbs);
        var rawSpki = tbs.PeekEncodedValue().ToArray();
        var (keyAlgorithm, publicKey) = ReadPublicKey(tbs);
        var extensions = new List<(string Oid, bool Critical, byte[] Value)>();
        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
                extensions.AddRange(ReadExtensions(tbs.ReadSequence(tag).ReadSequence()));
            else
                tbs.ReadEncodedValue();
        }

        var obj = new JObject
        {
            ["Raw"] = Convert.ToBase64String(der),
            ["RawTBSCertificate"] = Convert.ToBase64String(tbsRaw),
            ["RawSubjectPublicKeyInfo"] = Convert.ToBase64String(rawSpki),
            ["RawSubject"] = Convert.ToBase64String(rawSubject),
            ["RawIssuer"] = Convert.ToBase64String(rawIssuer),
            ["Signature"] = Convert.ToBase64String(signature),
            ["SignatureAlgorithm"] = signatureAlgorithm,
            ["PublicKeyAlgorithm"] = keyAlgorithm,
            ["PublicKey"] = publicKey,
            ["Version"] = version,
            // Kyverno round-trips the result through Go's JSON decoding, which makes the serial a float64.
            ["SerialNumber"] = GoJson.Number((double)serial),
            ["Issuer"] = issuer,
            ["Subject"] = subject,
            ["NotBefore"] = GoTime.FormatRfc3339(notBefore),
            ["NotAfter"] = GoTime.FormatRfc3339(notAfter),
            ["KeyUsage"] = 0,
            ["Extensions"] = ExtensionsJson(extensions),
            ["ExtraExtensions"] = null,
            ["UnhandledCriticalExtensions"] = null,
            ["ExtKeyUsage"] = null,
            ["UnknownExtKeyUsage"] = null,
            ["BasicConstraintsValid"] = false,
            ["IsCA"] = false,
            ["MaxPathLen"] = 0,
            ["MaxPathLenZero"] = false,
            ["SubjectKeyId"] = null,
            ["AuthorityKeyId"] = null,
            ["OCSPServer"] = null,
            ["IssuingCertificateURL"] = null,
            ["DNSNames"] = null,
            ["EmailAddresses"] = null,
            ["IPAddresses"] = null,
            ["URIs"] = null,
            ["PermittedDNSDomainsCritical"] = false,
            ["PermittedDNSDomains"] = null,
            ["ExcludedDNSDomains"] = null,
            ["PermittedIPRanges"] = null,
            ["ExcludedIPRanges"] = null,
            ["PermittedEmailAddresses"] = null,
            ["ExcludedEmailAddresses"] = null,
            ["PermittedURIDomains"] = null,
            ["ExcludedURIDomains"] = null,
            ["CRLDistributionPoints"] = null,
            ["PolicyIdentifiers"] = null,
        };
        ApplyExtensions(obj, extensions, certificate: true);
        return obj;
    }

    private static JObject DecodeRequest(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var request = outer.ReadSequence();
        var infoRaw = request.PeekEncodedValue().ToArray();
        var info = request.ReadSequence();
        var (signatureAlgorithm, signature) = ReadSignature(request);
        var version = (int)info.ReadInteger();
        var rawSubject = info.PeekEncodedValue().ToArray();
        var subject = ReadName(info);
        var rawSpki = info.PeekEncodedValue().ToArray();
        var (keyAlgorithm, publicKey) = ReadPublicKey(info);
        var extensions = new List<(string Oid, bool Critical, byte[] Value)>();
        var attributes = new JArray();
        if (info.HasData)
        {
            var set = info.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var values = attribute.ReadSetOf(skipSortOrderValidation: true);
                if (oid == "1.2.840.113549.1.9.14" && values.HasData)
                    extensions.AddRange(ReadExtensions(values.ReadSequence()));
                attributes.Add(new JObject { ["Type"] = OidArray(oid), ["Value"] = null });
            }
        }
        var obj = new JObject
        {
            ["Raw"] = Convert.ToBase64String(der),
            ["RawTBSCertificateRequest"] = Convert.ToBase64String(infoRaw),
            ["RawSubjectPublicKeyInfo"] = Convert.ToBase64String(rawSpki),
            ["RawSubject"] = Convert.ToBase64String(rawSubject),
            ["Version"] = version,
            ["Signature"] = Convert.ToBase64String(signature),
            ["SignatureAlgorithm"] = signatureAlgorithm,
            ["PublicKeyAlgorithm"] = keyAlgorithm,
            ["PublicKey"] = publicKey,
            ["Subject"] = subject,
            ["Attributes"] = attributes.Count > 0 ? attributes : null,
            ["Extensions"] = ExtensionsJson(extensions),
            ["ExtraExtensions"] = null,
            ["DNSNames"] = null,
            ["EmailAddresses"] = null,
            ["IPAddresses"] = null,
            ["URIs"] = null,
        };
        ApplyExtensions(obj, extensions, certificate: false);
        return obj;
    }

    private static (int Algorithm, byte[] Signature) ReadSignature(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var code = SignatureAlgorithms.GetValueOrDefault(oid);
        if (oid == "1.2.840.113549.1.1.10" && algorithm.HasData)
        {
            // RSASSA-PSS: the hash is in the parameters ([0] hashAlgorithm).
            var parameters = algorithm.ReadSequence();
            if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var hash = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
                code = PssHashes.GetValueOrDefault(hash);
            }
        }
        var signature = reader.ReadBitString(out _);
        return (code, signature);
    }

    private static (int Algorithm, JObject PublicKey) ReadPublicKey(AsnReader reader)
    {
        var spki = reader.ReadSequence();
        var algorithm = spki.ReadSequence().ReadObjectIdentifier();
        var key = spki.ReadBitString(out _);
        if (algorithm != RsaOid) throw new FormatException("certificate should use rsa algorithm");
        try
        {
            var rsa = new AsnReader(key, AsnEncodingRules.DER).ReadSequence();
            var n = rsa.ReadInteger();
            var e = rsa.ReadInteger();
            return (PublicKeyAlgorithms[algorithm], new JObject { ["N"] = n.ToString(CultureInfo.InvariantCulture), ["E"] = (long)e });
        }
        catch (AsnContentException ex)
        {
            throw new FormatException("failed to parse subject public key info", ex);
        }
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    private static readonly Dictionary<string, string> NameFields = new(StringComparer.Ordinal)
    {
        ["2.5.4.6"] = "Country", ["2.5.4.10"] = "Organization", ["2.5.4.11"] = "OrganizationalUnit",
        ["2.5.4.7"] = "Locality", ["2.5.4.8"] = "Province", ["2.5.4.9"] = "StreetAddress", ["2.5.4.17"] = "PostalCode",
    };

    /// <summary>A distinguished name as Go's <c>pkix.Name</c> JSON.</summary>
    private static JObject ReadName(AsnReader reader)
    {
        var name = new JObject
        {
            ["Country"] = null, ["Organization"] = null, ["OrganizationalUnit"] = null, ["Locality"] = null,
            ["Province"] = null, ["StreetAddress"] = null, ["PostalCode"] = null, ["SerialNumber"] = "", ["CommonName"] = "",
        };
        var names = new JArray();
        var rdns = reader.ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = ReadAttributeValue(atv);
                names.Add(new JObject { ["Type"] = OidArray(oid), ["Value"] = value });
                if (value.Type != JTokenType.String) continue;
                if (oid == "2.5.4.3") name["CommonName"] = value;
                else if (oid == "2.5.4.5") name["SerialNumber"] = value;
                else if (NameFields.TryGetValue(oid, out var field))
                {
                    if (name[field] is not JArray list) name[field] = list = [];
                    list.Add(value);
                }
            }
        }
        name["Names"] = names.Count > 0 ? names : null;
        name["ExtraNames"] = null;
        return name;
    }

    private static JToken ReadAttributeValue(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            var universal = (UniversalTagNumber)tag.TagValue;
            if (universal is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString)
            {
                if (universal == UniversalTagNumber.T61String)
                    return new JValue(Encoding.Latin1.GetString(reader.ReadOctetString(new Asn1Tag(UniversalTagNumber.T61String))));
                return new JValue(reader.ReadCharacterString(universal));
            }
        }
        return new JValue(Convert.ToBase64String(reader.ReadEncodedValue().Span));
    }

    private static IEnumerable<(string Oid, bool Critical, byte[] Value)> ReadExtensions(AsnReader sequence)
    {
        var list = new List<(string, bool, byte[])>();
        while (sequence.HasData)
        {
            var extension = sequence.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            list.Add((oid, critical, extension.ReadOctetString()));
        }
        return list;
    }

    private static JToken ExtensionsJson(List<(string Oid, bool Critical, byte[] Value)> extensions)
    {
        if (extensions.Count == 0) return JValue.CreateNull();
        return new JArray(extensions.Select(e => new JObject
        {
            ["Id"] = OidArray(e.Oid),
            ["Critical"] = e.Critical,
            ["Value"] = Convert.ToBase64String(e.Value),
        }));
    }

    private static JArray OidArray(string oid) =>
        new(oid.Split('.').Select(p => (JToken)long.Parse(p, CultureInfo.InvariantCulture)));

    private static void ApplyExtensions(JObject obj, List<(string Oid, bool Critical, byte[] Value)> extensions, bool certificate)
    {
        var unhandled = new JArray();
        foreach (var (oid, critical, value) in extensions)
        {
            var reader = new AsnReader(value, AsnEncodingRules.DER);
            switch (oid)
            {
                case "2.5.29.17":
                    ReadGeneralNames(reader.ReadSequence(), obj);
                    break;
                case "2.5.29.15" when certificate:
                    var bits = reader.ReadBitString(out _);
                    var usage = 0;
                    for (var i = 0; i < 9 && i / 8 < bits.Length; i++)
                        if ((bits[i / 8] >> (7 - i % 8) & 1) != 0) usage |= 1 << i;
                    obj["KeyUsage"] = usage;
                    break;
                case "2.5.29.19" when certificate:
                    var constraints = reader.ReadSequence();
                    var isCa = constraints.HasData && constraints.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && constraints.ReadBoolean();
                    var maxPathLen = -1;
                    if (constraints.HasData) maxPathLen = (int)constraints.ReadInteger();
                    obj["BasicConstraintsValid"] = true;
                    obj["IsCA"] = isCa;
                    obj["MaxPathLen"] = maxPathLen;
                    obj["MaxPathLenZero"] = maxPathLen == 0;
                    break;
                case "2.5.29.37" when certificate:
                    ReadExtKeyUsage(reader.ReadSequence(), obj);
                    break;
                case "2.5.29.14" when certificate:
                    obj["SubjectKeyId"] = Convert.ToBase64String(reader.ReadOctetString());
                    break;
                case "2.5.29.35" when certificate:
                    var aki = reader.ReadSequence();
                    if (aki.HasData && aki.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                        obj["AuthorityKeyId"] = Convert.ToBase64String(aki.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0)));
                    break;
                case "1.3.6.1.5.5.7.1.1" when certificate:
                    ReadAuthorityInfoAccess(reader.ReadSequence(), obj);
                    break;
                case "2.5.29.31" when certificate:
                    ReadCrlDistributionPoints(reader.ReadSequence(), obj);
                    break;
                case "2.5.29.32" when certificate:
                    var policies = reader.ReadSequence();
                    var ids = new JArray();
                    while (policies.HasData) ids.Add(OidArray(policies.ReadSequence().ReadObjectIdentifier()));
                    obj["PolicyIdentifiers"] = ids.Count > 0 ? ids : null;
                    break;
                case "2.5.29.30" when certificate:
                    ReadNameConstraints(reader.ReadSequence(), obj, critical);
                    break;
                default:
                    if (critical && (!certificate || !HandledExtensions.Contains(oid))) unhandled.Add(OidArray(oid));
                    break;
            }
        }
        if (certificate && unhandled.Count > 0) obj["UnhandledCriticalExtensions"] = unhandled;
    }

    private static void Append(JObject obj, string field, JToken value)
    {
        if (obj[field] is not JArray list) obj[field] = list = [];
        list.Add(value);
    }

    private static void ReadGeneralNames(AsnReader names, JObject obj)
    {
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                names.ReadEncodedValue();
                continue;
            }
            switch (tag.TagValue)
            {
                case 1:
                    Append(obj, "EmailAddresses", names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 2:
                    Append(obj, "DNSNames", names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 6:
                    Append(obj, "URIs", UrlJson(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
                    break;
                case 7:
                    var bytes = names.ReadOctetString(tag);
                    if (bytes.Length is 4 or 16) Append(obj, "IPAddresses", new IPAddress(bytes).ToString());
                    break;
                default:
                    names.ReadEncodedValue();
                    break;
            }
        }
    }

    /// <summary>A URI as Go's <c>url.URL</c> struct marshals.</summary>
    private static JObject UrlJson(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? text[..colon] : "";
        var rest = colon > 0 ? text[(colon + 1)..] : text;
        var fragment = "";
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }
        var query = "";
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }
        var host = "";
        var opaque = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            host = slash < 0 ? rest[2..] : rest[2..slash];
            rest = slash < 0 ? "" : rest[slash..];
        }
        else if (scheme.Length > 0 && !rest.StartsWith('/'))
        {
            opaque = rest;
            rest = "";
        }
        return new JObject
        {
            ["Scheme"] = scheme, ["Opaque"] = opaque, ["User"] = null, ["Host"] = host, ["Path"] = Uri.UnescapeDataString(rest),
            ["RawPath"] = "", ["OmitHost"] = false, ["ForceQuery"] = false, ["RawQuery"] = query, ["Fragment"] = fragment, ["RawFragment"] = "",
        };
    }

    private static void ReadExtKeyUsage(AsnReader sequence, JObject obj)
    {
        while (sequence.HasData)
        {
            var oid = sequence.ReadObjectIdentifier();
            if (ExtKeyUsages.TryGetValue(oid, out var usage)) Append(obj, "ExtKeyUsage", usage);
            else Append(obj, "UnknownExtKeyUsage", OidArray(oid));
        }
    }

    private static void ReadAuthorityInfoAccess(AsnReader sequence, JObject obj)
    {
        while (sequence.HasData)
        {
            var description = sequence.ReadSequence();
            var method = description.ReadObjectIdentifier();
            var tag = description.PeekTag();
            if (!tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
            {
                description.ReadEncodedValue();
                continue;
            }
            var uri = description.ReadCharacterString(UniversalTagNumber.IA5String, tag);
            if (method == "1.3.6.1.5.5.7.48.1") Append(obj, "OCSPServer", uri);
            else if (method == "1.3.6.1.5.5.7.48.2") Append(obj, "IssuingCertificateURL", uri);
        }
    }

    private static void ReadCrlDistributionPoints(AsnReader sequence, JObject obj)
    {
        var context0 = new Asn1Tag(TagClass.ContextSpecific, 0);
        while (sequence.HasData)
        {
            var point = sequence.ReadSequence();
            if (!point.HasData || !point.PeekTag().HasSameClassAndValue(context0)) continue;
            var name = point.ReadSequence(context0);
            if (!name.HasData || !name.PeekTag().HasSameClassAndValue(context0)) continue;
            var fullName = name.ReadSequence(context0);
            while (fullName.HasData)
            {
                var tag = fullName.PeekTag();
                if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
                    Append(obj, "CRLDistributionPoints", fullName.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                else
                    fullName.ReadEncodedValue();
            }
        }
    }

    private static void ReadNameConstraints(AsnReader sequence, JObject obj, bool critical)
    {
        obj["PermittedDNSDomainsCritical"] = critical;
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            var prefix = tag.TagValue == 0 ? "Permitted" : "Excluded";
            var subtrees = sequence.ReadSequence(tag);
            while (subtrees.HasData)
            {
                var subtree = subtrees.ReadSequence();
                var baseTag = subtree.PeekTag();
                switch (baseTag.TagValue)
                {
                    case 1:
                        Append(obj, prefix + "EmailAddresses", subtree.ReadCharacterString(UniversalTagNumber.IA5String, baseTag));
                        break;
                    case 2:
                        Append(obj, prefix + "DNSDomains", subtree.ReadCharacterString(UniversalTagNumber.IA5String, baseTag));
                        break;
                    case 6:
                        Append(obj, prefix + "URIDomains", subtree.ReadCharacterString(UniversalTagNumber.IA5String, baseTag));
                        break;
                    case 7:
                        var bytes = subtree.ReadOctetString(baseTag);
                        if (bytes.Length is 8 or 32)
                        {
                            var half = bytes.Length / 2;
                            Append(obj, prefix + "IPRanges", new JObject
                            {
                                ["IP"] = new IPAddress(bytes.AsSpan(0, half)).ToString(),
                                ["Mask"] = Convert.ToBase64String(bytes, half, half),
                            });
                        }
                        break;
                    default:
                        subtree.ReadEncodedValue();
                        break;
                }
            }
        }
    }
}

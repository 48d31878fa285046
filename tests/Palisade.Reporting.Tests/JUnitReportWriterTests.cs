using System.Xml.Linq;
using Palisade.Core.Findings;
using Palisade.Reporting.JUnit;

namespace Palisade.Reporting.Tests;

public class JUnitReportWriterTests
{
    private static XElement Suites(ScanReport report, out string text)
    {
        text = Render.With(new JUnitReportWriter(), report);
        return XDocument.Parse(text).Root!;
    }

    private static int Attr(XElement element, string name) => int.Parse(element.Attribute(name)!.Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Output_is_well_formed_utf8_xml_with_counts()
    {
        var root = Suites(TestReports.Rich(), out var text);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text);
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("palisade", root.Attribute("name")!.Value);
        Assert.Equal(11, Attr(root, "tests"));   // 8 findings + 2 errors + 1 clean target
        Assert.Equal(8, Attr(root, "failures"));
        Assert.Equal(2, Attr(root, "errors"));
        Assert.Equal(Attr(root, "tests"), root.Descendants("testcase").Count());
    }

    [Fact]
    public void One_suite_per_target_with_its_own_counts()
    {
        var suites = Suites(TestReports.Rich(), out _).Elements("testsuite").ToList();

        Assert.Equal(["deploy/web app.yaml", "charts/api/templates/déploy #1 100%.yaml", "clean.yaml", @"build\Dockerfile"],
            suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal([6, 3, 1, 1], suites.Select(s => Attr(s, "tests")));
        Assert.Equal([5, 2, 0, 1], suites.Select(s => Attr(s, "failures")));
        Assert.Equal([1, 1, 0, 0], suites.Select(s => Attr(s, "errors")));
        Assert.All(suites, s => Assert.Equal(Attr(s, "tests"), s.Elements("testcase").Count()));
        Assert.Equal("dockerfile", suites[3].Element("properties")!.Element("property")!.Attribute("value")!.Value);
    }

    [Fact]
    public void A_finding_is_a_failed_test_case()
    {
        var testCase = Suites(TestReports.Rich(), out _).Element("testsuite")!.Elements("testcase").First();

        Assert.Equal("deploy/web app.yaml", testCase.Attribute("classname")!.Value);
        Assert.Equal("KSV-017 Deployment/shop/web", testCase.Attribute("name")!.Value);
        var failure = testCase.Element("failure")!;
        Assert.Equal("Privileged container", failure.Attribute("message")!.Value);
        Assert.Equal("CRITICAL", failure.Attribute("type")!.Value);
        Assert.Contains("should set 'securityContext.privileged' to false", failure.Value);
        Assert.Contains("Location: deploy/web app.yaml:21", failure.Value);
        Assert.Contains("Remediation: Set this in the pod spec:", failure.Value);
    }

    [Fact]
    public void Without_a_resource_the_test_case_is_named_by_location()
    {
        var names = Suites(TestReports.Rich(), out _).Elements("testsuite").ElementAt(1).Elements("testcase")
            .Select(t => t.Attribute("name")!.Value);

        Assert.Contains("KSV-001 charts/api/templates/déploy #1 100%.yaml:7", names);
        Assert.Contains("CUSTOM-9 Deployment/api/api", names);
    }

    [Fact]
    public void A_scan_error_is_an_errored_test_case()
    {
        var errors = Suites(TestReports.Rich(), out _).Descendants("error").ToList();

        Assert.Equal(2, errors.Count);
        Assert.Equal("mapping values are not allowed here <&>", errors[0].Attribute("message")!.Value);
        Assert.Equal("error deploy/web app.yaml:55", errors[0].Parent!.Attribute("name")!.Value);
        Assert.Equal("charts/api/templates/déploy #1 100%.yaml: template rendering failed: nil pointer", errors[1].Value);
    }

    [Fact]
    public void A_clean_target_has_one_passing_test_case()
    {
        var clean = Suites(TestReports.Rich(), out _).Elements("testsuite").Single(s => s.Attribute("name")!.Value == "clean.yaml");

        var testCase = Assert.Single(clean.Elements("testcase"));
        Assert.Empty(testCase.Elements());
    }

    [Fact]
    public void Special_and_control_characters_are_escaped_or_replaced()
    {
        var failure = Suites(TestReports.Rich(), out var text).Descendants("failure")
            .First(f => f.Attribute("message")!.Value == "Can elevate its own privileges");

        Assert.Contains("quote \" apostrophe ' <tag> & amp; [x]", failure.Value);
        Assert.Contains("naïve – 日本語 😀 ctl:\uFFFD\uFFFD\uFFFD\u007f lone:\uFFFD end", failure.Value);
        Assert.DoesNotContain('\u0001', text);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Control_characters_in_attributes_do_not_break_the_xml()
    {
        var report = TestReports.Empty();
        var target = new TargetResult("a\u0000b.yaml", "kubernetes");
        target.Findings.Add(TestReports.Finding("R\u0002", Severity.Low, "t\u0003\"<&>", "m\uFFFE", null, null));
        target.Errors.Add(new ScanError("e\u001f\uDC00", null));
        report.Results.Add(target);

        var root = Suites(report, out _);

        Assert.Equal("a\uFFFDb.yaml", root.Element("testsuite")!.Attribute("name")!.Value);
        Assert.Equal("t\uFFFD\"<&>", root.Descendants("failure").Single().Attribute("message")!.Value);
        Assert.Equal("R\uFFFD", root.Descendants("testcase").First().Attribute("name")!.Value);
        Assert.Equal("e\uFFFD\uFFFD", root.Descendants("error").Single().Attribute("message")!.Value);
    }

    [Fact]
    public void Empty_report_has_no_suites()
    {
        var root = Suites(TestReports.Empty(), out _);

        Assert.Empty(root.Elements());
        Assert.Equal(0, Attr(root, "tests"));
    }
}

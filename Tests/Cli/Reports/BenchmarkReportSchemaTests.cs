using System.Text.Json.Nodes;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Tests.Cli.Reports;

/// <summary>The documented report schema (Cli/Reports/run-report.schema.json) is the one the report types produce.</summary>
public sealed class BenchmarkReportSchemaTests
{
    private static readonly string SchemaFile = Path.Combine(BenchmarkTestKit.RepositoryRoot(), "Cli", "Reports", "run-report.schema.json");

    [Fact]
    public void CommittedSchemaMatchesTheReportTypes()
    {
        var generated = ReportSchema.GenerateText();
        if (Environment.GetEnvironmentVariable("EDGEVISION_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(SchemaFile, generated);
        }

        Assert.True(File.Exists(SchemaFile), $"{SchemaFile} is missing; run this test with EDGEVISION_UPDATE_SCHEMA=1 to write it.");
        Assert.True(generated == File.ReadAllText(SchemaFile),
            $"{SchemaFile} is out of date with the report types; rerun this test with EDGEVISION_UPDATE_SCHEMA=1 and commit the file.");
    }

    [Fact]
    public void EveryReportFieldIsDescribed()
    {
        var undescribed = new List<string>();
        Walk(ReportSchema.Generate(), "$", undescribed);

        Assert.Empty(undescribed);
    }

    private static void Walk(JsonNode? node, string path, List<string> undescribed)
    {
        if (node is not JsonObject schema || schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, property) in properties)
        {
            if (property is JsonObject field && field["description"] is null && field["$ref"] is null)
            {
                undescribed.Add($"{path}.{name}");
            }

            Walk(property, $"{path}.{name}", undescribed);
            if (property?["items"] is { } items)
            {
                Walk(items, $"{path}.{name}[]", undescribed);
            }
        }
    }
}

using System.ComponentModel;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EdgeVision.Cli.Reports;

/// <summary>The JSON schema of <see cref="RunReport"/> as <see cref="CliJson"/> writes it, with every field's description.</summary>
internal static class ReportSchema
{
    public static JsonNode Generate()
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                // A property's own description, else its type's (nested report records describe themselves).
                var text = Description(context.PropertyInfo?.AttributeProvider) ?? Description(context.TypeInfo.Type);
                if (schema is JsonObject node && text is not null && !node.ContainsKey("description"))
                {
                    node.Insert(0, "description", text);
                }

                return schema;
            },
        };
        // The report is written with numbers as numbers; reading-side leniency (Web defaults) is no part of its schema.
        var options = new JsonSerializerOptions(CliJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver(), NumberHandling = JsonNumberHandling.Strict };
        var schema = options.GetJsonSchemaAsNode(typeof(RunReport), exporter);
        if (schema is JsonObject root)
        {
            root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
            root.Insert(1, "title", "EdgeVision run report");
        }

        return schema;
    }

    public static string GenerateText() =>
        Generate().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    private static string? Description(ICustomAttributeProvider? provider)
    {
        if (provider is null)
        {
            return null;
        }

        // Positional record properties carry the attribute on the constructor parameter as [property: ...] targets it.
        return provider.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute attribute, ..]
            ? attribute.Description
            : null;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeVision.Cli;

/// <summary>How every report the CLI writes is formatted: camelCase, indented, enums as strings.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}

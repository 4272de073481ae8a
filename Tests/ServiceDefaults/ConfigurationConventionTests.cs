using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>
/// The rules of docs/configuration.md over every options class a host binds: durations name their unit, milliseconds only
/// in the silo's deadline arithmetic, and one validation style.
/// </summary>
public sealed partial class ConfigurationConventionTests
{
    /// <summary>The classes whose durations are milliseconds: the latency budget and the engine that schedules against it.</summary>
    private static readonly string[] MillisecondClasses = ["InferenceConfig", "InferenceEngineOptions"];

    public static TheoryData<string> Hosts => ["EdgeAgent", "Silo", "Dashboard", "Broker"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void EveryDurationKeyNamesItsUnit(string host)
    {
        var unnamed = Settings(host)
            .Where(p => DurationWord().IsMatch(p.Name) && !p.Name.EndsWith("Ms", StringComparison.Ordinal) && !p.Name.EndsWith("Seconds", StringComparison.Ordinal))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(unnamed);
        Assert.DoesNotContain(Settings(host), p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == typeof(TimeSpan));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void MillisecondsAreOnlyTheSilosDeadlineArithmetic(string host)
    {
        var elsewhere = Settings(host)
            .Where(p => p.Name.EndsWith("Ms", StringComparison.Ordinal) && !MillisecondClasses.Contains(p.DeclaringType!.Name))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(elsewhere);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void EveryOptionsClassValidatesItselfUnderTheSectionItIsGiven(string host)
    {
        var withoutValidate = BoundOptions(host)
            .Where(type => type.GetMethod("Validate", [typeof(string)]) is not { ReturnType: var returns } || returns != typeof(IReadOnlyList<string>))
            .Select(type => type.Name);

        Assert.Empty(withoutValidate);
    }

    [Fact]
    public void NoProductAssemblyWritesAValidatorClassOfItsOwn()
    {
        var validators = ProductAssemblies()
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>)))
            .Select(type => type.FullName);

        Assert.Empty(validators);
    }

    /// <summary>The options classes <paramref name="host"/> binds and validates at start.</summary>
    private static List<Type> BoundOptions(string host)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        _ = host switch
        {
            "EdgeAgent" => builder.AddEdgeAgent(),
            "Silo" => builder.AddSilo(),
            "Dashboard" => builder.AddDashboard(),
            _ => builder.AddBroker(),
        };
        var bound = builder.Services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(type => type.Namespace?.StartsWith("EdgeVision.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        Assert.NotEmpty(bound);
        return bound;
    }

    /// <summary>Every setting of <paramref name="host"/>'s options, nested options and list elements included.</summary>
    private static List<PropertyInfo> Settings(string host)
    {
        var settings = new List<PropertyInfo>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(BoundOptions(host));
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                settings.Add(property);
                var valueType = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments().Last() : property.PropertyType;
                if (valueType.Namespace?.StartsWith("EdgeVision.", StringComparison.Ordinal) == true && valueType.IsClass)
                {
                    pending.Enqueue(valueType);
                }
            }
        }

        return settings;
    }

    /// <summary>The projects with options; ServiceDefaults is left out: its one adapter from <c>Validate(section)</c> to <see cref="IValidateOptions{TOptions}"/> is the style itself.</summary>
    private static IEnumerable<Assembly> ProductAssemblies() =>
        new[] { "Contracts", "Mqtt", "Inference", "Edge", "EdgeAgent", "Silo", "Dashboard", "Broker" }.Select(name => Assembly.Load($"EdgeVision.{name}"));

    /// <summary>Words that make a key a duration.</summary>
    [GeneratedRegex("Delay|Timeout|Interval|Expiry|After|Latency|Cooldown|Warmup|KeepAlive|Stall|Period|Duration|Age")]
    private static partial Regex DurationWord();
}

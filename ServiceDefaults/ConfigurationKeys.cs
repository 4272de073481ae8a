using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Which configuration keys name a setting: the properties the binder would set, followed into nested options, list
/// elements and dictionary values. Keys compare as the binder compares them, ignoring case; problems name the key as the
/// configuration spells it.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>Adds a problem to <paramref name="problems"/> for every key under <paramref name="section"/> that <paramref name="type"/> has no setting for.</summary>
    public static void Check(IConfigurationSection section, Type type, ISet<string> ownedElsewhere, List<string> problems)
    {
        var settings = Settings(type);
        foreach (var child in section.GetChildren())
        {
            if (ownedElsewhere.Contains(child.Path))
            {
                continue;
            }

            if (settings.TryGetValue(child.Key, out var property))
            {
                CheckValue(child, property.PropertyType, ownedElsewhere, problems);
            }
            else
            {
                problems.Add(NotASetting(child.Path, section.Path, settings.Keys, "is not a setting"));
            }
        }
    }

    /// <summary>
    /// "<paramref name="path"/> <paramref name="problem"/>", with the closest of <paramref name="known"/> (under
    /// <paramref name="parent"/>) when one is a likely typo, else the list of them.
    /// </summary>
    public static string NotASetting(string path, string parent, IEnumerable<string> known, string problem)
    {
        var names = known.Order(StringComparer.OrdinalIgnoreCase).ToList();
        var key = path[(path.LastIndexOf(':') + 1)..];
        var closest = names.Select(name => (Name: name, Distance: Distance(key, name)))
            .Where(candidate => candidate.Distance <= Math.Max(2, key.Length / 3)
                || candidate.Name.StartsWith(key, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(candidate.Name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();
        var prefix = string.IsNullOrEmpty(parent) ? "" : parent + ":";
        return closest is not null
            ? $"{path} {problem}: did you mean {prefix}{closest}?"
            : $"{path} {problem}; {(string.IsNullOrEmpty(parent) ? "the configuration" : parent)} has {(names.Count == 0 ? "none" : string.Join(", ", names))}.";
    }

    private static void CheckValue(IConfigurationSection section, Type type, ISet<string> ownedElsewhere, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            // A value the binder cannot convert is the binder's to report, naming its key.
            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                CheckValue(item, element, ownedElsewhere, problems);
            }

            return;
        }

        Check(section, type, ownedElsewhere, problems);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    /// <summary>The value type of a dictionary, the element type of an array or list; null for an object with settings.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type) && !type.IsInterface)
        {
            return null;
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>The properties the binder sets, by the key that sets each: public, with a public setter (init included).</summary>
    private static Dictionary<string, PropertyInfo> Settings(Type type)
    {
        var settings = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                {
                    var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                    settings.TryAdd(key, property);
                }
            }
        }

        return settings;
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) between two keys, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

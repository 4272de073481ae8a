using System.Text.Json;
using StackExchange.Redis;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Reads Orleans' Redis membership table the way the silos keep it (Microsoft.Orleans.Clustering.Redis): one hash
/// <c>{serviceId}/members/{clusterId}</c>, a <c>Version</c> field and one JSON row per silo address.
/// </summary>
internal static class MultiProcessMembership
{
    /// <summary>Orleans' <c>SiloStatus.Active</c>, as the table stores it.</summary>
    public const int Active = 3;

    /// <summary>Orleans' <c>SiloStatus.Dead</c>.</summary>
    public const int Dead = 6;

    public static async Task<IReadOnlyList<Member>> ReadAsync(string redis, string serviceId, string clusterId)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var rows = await connection.GetDatabase().HashGetAllAsync($"{serviceId}/members/{clusterId}");
        var members = new List<Member>();
        foreach (var row in rows.Where(r => r.Name != "Version"))
        {
            using var json = JsonDocument.Parse(row.Value.ToString());
            var entry = json.RootElement;
            members.Add(new Member(row.Name.ToString(), entry.GetProperty("SiloName").GetString() ?? string.Empty, entry.GetProperty("Status").GetInt32()));
        }

        return members;
    }

    /// <param name="Address">The silo address Orleans keys the row by (<c>ip:port@generation</c>).</param>
    public sealed record Member(string Address, string SiloName, int Status);
}

using System.Security.Cryptography;

namespace EdgeVision.Dashboard.Assets;

/// <summary>One embedded file: its bytes, content type and a URL that changes when the bytes do.</summary>
public sealed class EmbeddedAsset
{
    private EmbeddedAsset(string path, byte[] content, string contentType)
    {
        Path = path;
        Content = content;
        ContentType = contentType;
    }

    public string Path { get; }

    public byte[] Content { get; }

    public string ContentType { get; }

    internal static EmbeddedAsset Load(string name, string contentType)
    {
        var assembly = typeof(EmbeddedAsset).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EdgeVision.Dashboard.Assets.{name}")
            ?? throw new InvalidOperationException($"The resource {name} is not embedded in {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        var extension = System.IO.Path.GetExtension(name);
        return new EmbeddedAsset($"/assets/{System.IO.Path.GetFileNameWithoutExtension(name)}.{hash}{extension}", content, contentType);
    }
}

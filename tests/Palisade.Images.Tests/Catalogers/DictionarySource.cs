using System.Text;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

/// <summary>An in-memory catalog source for tests.</summary>
internal sealed class DictionarySource(Dictionary<string, string> files, string? layer = null) : ICatalogSource
{
    public IEnumerable<string> Files => files.Keys.Order(StringComparer.Ordinal);

    public byte[]? Read(string path) => files.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null;

    public string? LayerDigestOf(string path) => files.ContainsKey(path) ? layer : null;
}

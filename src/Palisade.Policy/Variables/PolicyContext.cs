using System.Text;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>Who sends an admission request: user name, groups, and the RBAC roles bound to them.</summary>
public sealed record RequestUser
{
    /// <summary>The user name (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> for a ServiceAccount).</summary>
    public string? Username { get; init; }

    /// <summary>The user's groups.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>Roles bound to the user, as <c>namespace:name</c> (<c>request.roles</c>).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>ClusterRoles bound to the user (<c>request.clusterRoles</c>).</summary>
    public IReadOnlyList<string>? ClusterRoles { get; init; }
}

/// <summary>
/// The JSON document Kyverno evaluates variables over, for one resource:
/// <list type="bullet">
/// <item><c>request</c>: <c>operation</c>, <c>object</c>, <c>oldObject</c>, <c>userInfo</c> {<c>username</c>, <c>groups</c>},
/// <c>namespace</c>, <c>name</c>, <c>kind</c>, <c>roles</c>, <c>clusterRoles</c> (an AdmissionReview request);</item>
/// <item><c>serviceAccountName</c>/<c>serviceAccountNamespace</c> from a <c>system:serviceaccount:NS:NAME</c> user (empty otherwise);</item>
/// <item><c>images</c> (built on first use from the resource's containers, see <see cref="ImageInfo"/>);</item>
/// <item><c>element</c>/<c>elementIndex</c> and <c>element&lt;N&gt;</c>/<c>elementIndex&lt;N&gt;</c> inside <c>foreach</c>;</item>
/// <item>rule context entries (<see cref="AddVariable"/>, <see cref="AddData"/>) and values-file overrides (<see cref="SetVariable"/>).</item>
/// </list>
/// Creating a context is cheap: the document (a normalized copy of the resource) is built on first use.
/// Scopes (<see cref="PushScope"/>/<see cref="PopScope"/>) undo what a foreach iteration or rule added.
/// A context is used by one thread at a time.
/// </summary>
public sealed class PolicyContext
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    private readonly JToken? _resource;
    private readonly JToken? _oldResource;
    private readonly RequestUser? _user;
    private readonly string? _namespace;
    private readonly List<List<UndoEntry>> _scopes = [];
    private JObject? _root;
    private bool _imagesBuilt;
    private string? _imagesError;

    /// <summary>A change to undo when a scope ends: the key's previous value (null when the key was absent).</summary>
    private readonly record struct UndoEntry(JObject Parent, string Key, JToken? Previous);

    /// <summary>Creates the context for a resource under admission.</summary>
    /// <param name="resource">The object (<c>request.object</c>); null for DELETE.</param>
    /// <param name="operation">CREATE, UPDATE, DELETE or CONNECT (<c>request.operation</c>); null leaves it out.</param>
    /// <param name="oldResource">The previous object (<c>request.oldObject</c>) for UPDATE and DELETE.</param>
    /// <param name="user">The requester (<c>request.userInfo</c>, roles, ServiceAccount variables).</param>
    /// <param name="requestNamespace">The request's namespace; by default the object's <c>metadata.namespace</c>.</param>
    public PolicyContext(JToken? resource, string? operation = "CREATE", JToken? oldResource = null, RequestUser? user = null, string? requestNamespace = null)
    {
        _resource = resource;
        _oldResource = oldResource;
        _user = user;
        Operation = operation;
        _namespace = requestNamespace ?? Metadata(resource ?? oldResource, "namespace");
    }

    /// <summary>The request operation (variables read <c>request.oldObject</c> for <c>request.object</c> when it is DELETE).</summary>
    public string? Operation { get; }

    /// <summary>The whole variables document. Read it, do not change it: use <see cref="SetVariable"/>.</summary>
    public JObject Data => Root;

    internal JObject Root => _root ??= BuildRoot();

    /// <summary>Why the <c>images</c> variable is missing: an image of the resource that does not parse (null when none failed).</summary>
    public string? ImagesError
    {
        get
        {
            EnsureImages();
            return _imagesError;
        }
    }

    private JObject BuildRoot()
    {
        var request = new JObject();
        if (Operation is not null) request["operation"] = Operation;
        request["object"] = _resource is null ? JValue.CreateNull() : GoJson.Normalize(_resource);
        request["oldObject"] = _oldResource is null ? JValue.CreateNull() : GoJson.Normalize(_oldResource);
        var userInfo = new JObject();
        if (!string.IsNullOrEmpty(_user?.Username)) userInfo["username"] = _user.Username;
        if (_user?.Groups is { Count: > 0 } groups) userInfo["groups"] = new JArray(groups);
        request["userInfo"] = userInfo;
        request["roles"] = _user?.Roles is { } roles ? new JArray(roles) : JValue.CreateNull();
        request["clusterRoles"] = _user?.ClusterRoles is { } clusterRoles ? new JArray(clusterRoles) : JValue.CreateNull();
        if (_namespace is not null) request["namespace"] = _namespace;
        var subject = _resource ?? _oldResource;
        if (Metadata(subject, "name") is { } name) request["name"] = name;
        if ((string?)subject?["kind"] is { } kind)
        {
            var apiVersion = (string?)subject["apiVersion"] ?? "";
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            request["kind"] = new JObject
            {
                ["group"] = slash < 0 ? "" : apiVersion[..slash],
                ["version"] = slash < 0 ? apiVersion : apiVersion[(slash + 1)..],
                ["kind"] = kind,
            };
        }
        var (saNamespace, saName) = ServiceAccount(_user?.Username);
        return new JObject
        {
            ["request"] = request,
            ["serviceAccountName"] = saName,
            ["serviceAccountNamespace"] = saNamespace,
        };
    }

    private static string? Metadata(JToken? resource, string field) =>
        resource is JObject obj && obj["metadata"] is JObject metadata && metadata[field] is JValue { Type: JTokenType.String } value ? (string?)value : null;

    /// <summary>The namespace and name of a <c>system:serviceaccount:NS:NAME</c> user; empty strings for other users.</summary>
    public static (string Namespace, string Name) ServiceAccount(string? username)
    {
        if (username is null || !username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal)) return ("", "");
        var parts = username[ServiceAccountPrefix.Length..].Split(':');
        return parts.Length >= 2 ? (parts[0], parts[1]) : ("", "");
    }

    /// <summary>Adds the <c>images</c> variable the first time an expression may read it.</summary>
    internal void EnsureImages()
    {
        if (_imagesBuilt) return;
        _imagesBuilt = true;
        if (Root.ContainsKey("images")) return;
        var images = ImageInfo.ExtractImages(_resource ?? _oldResource, out _imagesError);
        if (images is not null) Root["images"] = images;
    }

    /// <summary>
    /// Sets a variable, creating objects along a dotted path (<c>saMap.data.busybox</c>,
    /// <c>request.object.spec.serviceAccountName</c>; quote a key containing dots: <c>a."b.c"</c>) and keeping
    /// what else those objects hold. The value is copied (numbers normalized as Go reads JSON).
    /// </summary>
    public void SetVariable(string name, JToken? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = SplitPath(name);
        var copy = value is null ? JValue.CreateNull() : GoJson.Normalize(value);
        var current = Root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (current[path[i]] is JObject next)
            {
                current = next;
                continue;
            }
            Record(current, path[i]);
            var created = new JObject();
            current[path[i]] = created;
            current = created;
        }
        Record(current, path[^1]);
        current[path[^1]] = copy;
    }

    private void Record(JObject parent, string key)
    {
        if (_scopes.Count == 0) return;
        _scopes[^1].Add(new UndoEntry(parent, key, parent.TryGetValue(key, out var previous) ? previous : null));
    }

    /// <summary>Splits a dotted variable name; double-quoted segments may contain dots.</summary>
    internal static List<string> SplitPath(string name)
    {
        var segments = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\\' && quoted && i + 1 < name.Length)
            {
                sb.Append(name[++i]);
            }
            else if (c == '.' && !quoted)
            {
                segments.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        segments.Add(sb.ToString());
        if (segments.Any(s => s.Length == 0)) throw new ArgumentException($"invalid variable name \"{name}\"", nameof(name));
        return segments;
    }

    /// <summary>
    /// A rule context <c>variable</c> entry, as Kyverno loads it: <paramref name="value"/> (variables substituted),
    /// optionally transformed by <paramref name="jmesPath"/> (whose own <c>{{ }}</c> are substituted first; without
    /// a value it is evaluated over the whole context); <paramref name="defaultValue"/> when the result is null or the
    /// JMESPath fails.
    /// </summary>
    /// <exception cref="VariableException">The value or JMESPath cannot be resolved and there is no default.</exception>
    public void AddVariable(string name, JToken? value = null, string? jmesPath = null, JToken? defaultValue = null) =>
        VariableResolver.LoadVariable(this, name, value, jmesPath, defaultValue, external: false);

    /// <summary>
    /// A rule context entry whose data comes from outside (a ConfigMap, an API call, an image registry, a global
    /// context entry, as a values file supplies it): <paramref name="jmesPath"/>, if any, is applied to
    /// <paramref name="data"/>; <paramref name="defaultValue"/> replaces a null result.
    /// </summary>
    public void AddData(string name, JToken? data, string? jmesPath = null, JToken? defaultValue = null) =>
        VariableResolver.LoadVariable(this, name, data, jmesPath, defaultValue, external: true);

    /// <summary>
    /// Sets the current foreach element: <c>element</c>, <c>elementIndex</c>, and for nesting level
    /// <paramref name="nesting"/> (0 for the outermost foreach) <c>element&lt;N&gt;</c> and <c>elementIndex&lt;N&gt;</c>.
    /// </summary>
    public void SetElement(JToken? element, int index, int nesting = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nesting);
        var level = nesting.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SetVariable("element", element);
        SetVariable("element" + level, element);
        SetVariable("elementIndex", new JValue((long)index));
        SetVariable("elementIndex" + level, new JValue((long)index));
    }

    /// <summary>Starts a scope: variables set until the matching <see cref="PopScope"/> are undone then.</summary>
    public void PushScope() => _scopes.Add([]);

    /// <summary>Ends the innermost scope, restoring every variable it set or replaced.</summary>
    /// <exception cref="InvalidOperationException">No scope is open.</exception>
    public void PopScope()
    {
        if (_scopes.Count == 0) throw new InvalidOperationException("PopScope without PushScope");
        var entries = _scopes[^1];
        _scopes.RemoveAt(_scopes.Count - 1);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (parent, key, previous) = entries[i];
            if (previous is null) parent.Remove(key);
            else parent[key] = previous;
        }
    }

    /// <summary>A scope ended by <c>Dispose</c>: <c>using (context.EnterScope()) { … }</c>.</summary>
    public Scope EnterScope()
    {
        PushScope();
        return new Scope(this);
    }

    /// <summary>Evaluates a JMESPath expression over this context (see <see cref="VariableResolver.Evaluate(string, PolicyContext)"/>).</summary>
    public JToken? Query(string jmesPath) => VariableResolver.Evaluate(jmesPath, this);

    /// <summary>An open scope of a <see cref="PolicyContext"/>; disposing it ends the scope.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly PolicyContext? _context;

        internal Scope(PolicyContext context) => _context = context;

        /// <summary>Ends the scope.</summary>
        public void Dispose() => _context?.PopScope();
    }
}

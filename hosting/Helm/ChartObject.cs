using k8s;

namespace Aspire.Hosting.Helm;

/// <summary>A Kubernetes object and where it goes: <c>templates/&lt;Folder&gt;/&lt;File&gt;.yaml</c>.
/// <paramref name="EnabledBy"/> names a boolean in values.yaml that switches an optional component on.</summary>
public sealed record ChartObject(string Folder, string File, IKubernetesObject Object, ValuesPath? EnabledBy = null);

/// <summary>An object whose kind KubernetesClient has no model for (ServiceMonitor, ScaledObject, Karpenter).</summary>
public sealed class CustomObject : IKubernetesObject<k8s.Models.V1ObjectMeta>
{
    public CustomObject(string apiVersion, string kind, string name, IDictionary<string, object> spec)
    {
        ApiVersion = apiVersion;
        Kind = kind;
        Metadata = new k8s.Models.V1ObjectMeta { Name = name };
        Spec = spec;
    }

    public string ApiVersion { get; set; }

    public string Kind { get; set; }

    public k8s.Models.V1ObjectMeta Metadata { get; set; }

    public IDictionary<string, object> Spec { get; }
}

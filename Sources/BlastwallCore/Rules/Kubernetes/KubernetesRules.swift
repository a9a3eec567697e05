/// kubectl, oc and helm: deleting namespaces and workloads, scaling to zero, uninstalling releases.
public enum KubernetesRules {
    public static let family = ToolFamily(
        name: "kubernetes", programs: ["kubectl", "oc", "helm"], isRemote: true,
        rules: [])
}

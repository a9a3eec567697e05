/// Where a kubectl, oc or helm command lands: `--context`, `--namespace`, `KUBECONTEXT`, then the
/// kubeconfig's current context as read at the edge.
enum KubernetesHints {
    static func find(_ invocation: Invocation, _ context: AnalysisContext) -> [TargetHint] {
        var builder = HintBuilder(invocation, context)
        builder.flag(.kubeContext, "--context", "--kube-context")
        builder.flag(.kubeNamespace, "--namespace", "-n")
        builder.variable(.kubeContext, "KUBECONTEXT")
        builder.variable(.kubeNamespace, "NAMESPACE")
        builder.add(.kubeContext, context.workspace.kubeContext, source: "the current kube context")
        return builder.hints
    }
}

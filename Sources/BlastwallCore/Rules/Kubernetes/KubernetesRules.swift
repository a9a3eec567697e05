/// kubectl, oc and helm: deleting namespaces and workloads, scaling to zero, uninstalling releases.
public enum KubernetesRules {
    /// kubectl and oc options that take a separate value, global or per command.
    static let kubectlOptionsWithValues: Set<String> = [
        "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server", "--token", "--as",
        "--as-group", "--as-uid", "--certificate-authority", "--client-certificate", "--client-key",
        "--request-timeout", "-v", "--v", "--cache-dir", "--tls-server-name", "--profile", "--password", "--username",
        "-l", "--selector", "-f", "--filename", "-o", "--output", "-c", "--container", "--field-selector",
        "--grace-period", "--timeout", "-p", "--patch", "--image", "--clusterrole", "--role", "--serviceaccount",
        "--group", "--sort-by", "--template", "--tail", "--since", "-L", "--label-columns", "--replicas", "--type",
        "--for", "--chunk-size", "-k", "--kustomize", "--field-manager", "--prune-allowlist", "--port",
        "--target-port", "--name", "--max-unavailable", "--pod-running-timeout", "--current-replicas",
        "--resource-version", "--subresource", "--env", "-e", "--limits", "--requests", "--overrides",
    ]

    /// helm options that take a separate value.
    static let helmOptionsWithValues: Set<String> = [
        "-n", "--namespace", "--kube-context", "--kubeconfig", "--registry-config", "--repository-cache",
        "--repository-config", "--burst-limit", "--kube-apiserver", "--kube-as-user", "--kube-as-group",
        "--kube-ca-file", "--kube-token", "--kube-tls-server-name", "-f", "--values", "--set", "--set-string",
        "--set-file", "--set-json", "--set-literal", "--version", "--timeout", "-o", "--output", "--description",
        "--post-renderer", "--post-renderer-args", "--revision", "--max", "--repo", "--username", "--password",
        "--ca-file", "--cert-file", "--key-file", "--history-max", "--cascade", "-l", "--selector", "--filter",
        "--name-template", "--output-dir", "--api-versions", "--kube-version",
    ]

    /// A kubectl, oc or helm command line: the verb and its operands.
    struct Command {
        let invocation: Invocation
        let isHelm: Bool
        let words: [Argument]

        init(_ invocation: Invocation) {
            self.invocation = invocation
            isHelm = invocation.program == "helm"
            words = invocation.positionals(
                optionsWithValues: isHelm ? KubernetesRules.helmOptionsWithValues : KubernetesRules.kubectlOptionsWithValues)
        }

        var verb: Argument? { words.first }
        var verbText: String { words.first?.text ?? "" }
        var operands: [Argument] { Array(words.dropFirst()) }

        func flag(_ names: String...) -> Argument? { invocation.flagArgument(names) }

        /// The span from the verb through `argument`.
        func span(through argument: Argument?) -> SourceSpan? {
            guard let verb else { return nil }
            return verb.span.union(argument?.span ?? verb.span)
        }

        /// What `delete` (or `get`, `create`, …) names: `TYPE[,TYPE] NAME…` or `TYPE/NAME…`, each
        /// type in its canonical singular form, with the argument that names it.
        var targets: [(kind: String, name: String?, argument: Argument)] {
            let operands = self.operands
            guard let first = operands.first else { return [] }
            if first.approximation.contains("/") {
                return operands.map { argument in
                    let parts = argument.approximation.split(separator: "/", maxSplits: 1)
                    return (KubernetesRules.canonicalKind(String(parts.first ?? "")), parts.count > 1 ? String(parts[1]) : nil, argument)
                }
            }
            let names = operands.dropFirst().map(\.approximation)
            var result: [(kind: String, name: String?, argument: Argument)] = []
            for kind in first.approximation.split(separator: ",") {
                if names.isEmpty {
                    result.append((KubernetesRules.canonicalKind(String(kind)), nil, first))
                }
                for name in names { result.append((KubernetesRules.canonicalKind(String(kind)), name, first)) }
            }
            return result
        }
    }

    static func canonicalKind(_ text: String) -> String {
        let kind = text.lowercased().split(separator: ".").first.map(String.init) ?? text.lowercased()
        switch kind {
        case "ns", "namespace", "namespaces", "project", "projects": return "namespace"
        case "pv", "persistentvolume", "persistentvolumes": return "persistentvolume"
        case "pvc", "persistentvolumeclaim", "persistentvolumeclaims": return "persistentvolumeclaim"
        case "sts", "statefulset", "statefulsets": return "statefulset"
        case "crd", "crds", "customresourcedefinition", "customresourcedefinitions": return "customresourcedefinition"
        case "po", "pod", "pods": return "pod"
        case "deploy", "deployment", "deployments": return "deployment"
        case "svc", "service", "services": return "service"
        case "clusterrolebinding", "clusterrolebindings": return "clusterrolebinding"
        case "rolebinding", "rolebindings": return "rolebinding"
        case "clusterrole", "clusterroles": return "clusterrole"
        case "role", "roles": return "role"
        default: return kind
        }
    }

    static let dataKinds: [String: String] = [
        "persistentvolume": "persistent volume", "persistentvolumeclaim": "persistent volume claim",
        "statefulset": "stateful set", "customresourcedefinition": "custom resource definition",
    ]

    static func describe(_ targets: [(kind: String, name: String?, argument: Argument)]) -> String {
        targets.map { target in target.name.map { "\(target.kind) \($0)" } ?? "every \(target.kind)" }.joined(separator: ", ")
    }

    static func resources(_ targets: [(kind: String, name: String?, argument: Argument)]) -> [String] {
        targets.map { "\($0.kind)/\($0.name ?? "*")" }
    }

    public static let family = ToolFamily(
        name: "kubernetes", programs: ["kubectl", "oc", "helm"], isRemote: true,
        rules: [
            CommandRule(
                "kubernetes.help", .read, summary: "Shows help; changes nothing",
                triggering: ["kubectl delete ns «--help»", "helm uninstall «-h»", "kubectl «help» delete"],
                nonTriggering: ["kubectl delete ns staging", "helm list"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.verbText == "help", let verb = command.verb { return RuleMatch(span: verb.span) }
                guard let flag = invocation.flagArgument(["--help", "-h"]) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "kubernetes.dry-run", .read, summary: "A dry run: shows what would change and changes nothing",
                triggering: [
                    "kubectl delete ns payments «--dry-run=client»", "kubectl apply -f k8s/ «--dry-run=server»",
                    "helm upgrade --install api ./chart «--dry-run»", "kubectl --context prod-eu delete deploy api «--dry-run»",
                    "helm uninstall api «--dry-run»", "kubectl set image -f d.yaml nginx=nginx:1.9 «--local» -o yaml",
                    "kubectl set env deploy/api «--list»",
                ],
                nonTriggering: [
                    "kubectl delete ns payments --dry-run=none", "kubectl apply -f k8s/", "kubectl exec api -- app --dry-run",
                    "kubectl delete ns payments --dry-run=client --dry-run=none",
                ]
            ) { invocation, _ in
                // The last --dry-run wins, as kubectl reads it: `--dry-run=client --dry-run=none` is no dry run.
                // `kubectl set … --local` and `set env --list` work on files and print; nothing is sent.
                if let local = invocation.flagArgument(["--local"])
                    ?? (["set", "annotate", "label"].contains(Command(invocation).verbText) ? invocation.flagArgument(["--list"]) : nil)
                {
                    return RuleMatch(span: local.span, acts: .here)
                }
                guard
                    let flag = invocation.arguments.prefix(while: { $0.text != "--" }).last(where: {
                        ($0.text ?? "") == "--dry-run" || ($0.text ?? "").hasPrefix("--dry-run=")
                    }),
                    let text = flag.text
                else { return nil }
                let value = text.hasPrefix("--dry-run=") ? String(text.dropFirst("--dry-run=".count)).lowercased() : "client"
                guard ["client", "server", "true"].contains(value) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "kubernetes.delete-all", .irreversible,
                summary: "Deletes every object of a kind, in a namespace or across all of them",
                safer: "Delete named objects, after listing them with the same selector (kubectl get … first)",
                triggering: [
                    "kubectl delete pods «--all»", "kubectl delete deploy,svc «--all» -n payments",
                    "kubectl --context prod-eu delete pvc «-A» -l app=db",
                    "kubectl delete jobs «--all-namespaces» --field-selector status.successful=1",
                ],
                nonTriggering: ["kubectl get pods --all", "kubectl get pods -A", "kubectl delete pod api-7d9f"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "delete",
                    let flag = command.flag("--all", "-A", "--all-namespaces")
                else { return nil }
                let targets = command.targets
                let everywhere = flag.text != "--all"
                return RuleMatch(
                    span: flag.span, resources: resources(targets),
                    message:
                        "Deletes every \(targets.map(\.kind).joined(separator: ", ")) \(everywhere ? "in every namespace" : "in the namespace")"
                )
            },
            CommandRule(
                "kubernetes.delete-namespace", .irreversible,
                summary: "Deletes a namespace and everything in it, volumes and secrets included",
                safer: "Delete the workloads you mean to remove one by one, and back up volumes first",
                triggering: [
                    "kubectl «delete ns» payments", "kubectl --context prod-eu -n x «delete namespace» checkout",
                    "kubectl «delete namespace/payments»", "oc «delete project» acme-staging", "kubectl «delete namespaces» a b",
                ],
                nonTriggering: ["kubectl get ns", "kubectl create namespace payments", "kubectl delete pod -n payments api-1"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "delete" else { return nil }
                let targets = command.targets
                guard let namespace = targets.first(where: { $0.kind == "namespace" }) else { return nil }
                let names = targets.filter { $0.kind == "namespace" }.compactMap(\.name)
                return RuleMatch(
                    span: command.span(through: namespace.argument) ?? namespace.argument.span, resources: names.map { "namespace/\($0)" },
                    message: "Deletes the namespace \(names.joined(separator: ", ")) with every workload, volume claim and secret in it")
            },
            CommandRule(
                "kubernetes.delete-data", .irreversible,
                summary: "Deletes persistent volumes, volume claims, stateful sets or custom resource definitions, and the data they hold",
                safer: "Back up the volume (snapshot it) first, and check the reclaim policy is Retain",
                triggering: [
                    "kubectl «delete pvc» data-postgres-0", "kubectl -n production «delete statefulset» postgres",
                    "kubectl «delete pv» pvc-1234", "kubectl «delete sts/redis»", "kubectl «delete crd» certificates.cert-manager.io",
                ],
                nonTriggering: ["kubectl get pvc", "kubectl delete deployment api", "kubectl describe sts postgres"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "delete" else { return nil }
                let targets = command.targets
                guard let data = targets.first(where: { dataKinds[$0.kind] != nil }) else { return nil }
                let kind = data.kind
                let what =
                    kind == "customresourcedefinition"
                    ? "Deletes the custom resource definition and every object of that kind in the cluster"
                    : "Deletes \(describe(targets)); the data on the volumes may be lost for good"
                return RuleMatch(
                    span: command.span(through: data.argument) ?? data.argument.span, resources: resources(targets), message: what)
            },
            CommandRule(
                "kubernetes.delete-pod", .write,
                summary: "Deletes a pod its controller replaces; running work in it is interrupted",
                safer: "Use kubectl rollout restart for a controlled restart",
                triggering: [
                    "kubectl «delete pod» api-7d9f8-x2x", "kubectl -n production «delete po» worker-1 --grace-period=30",
                    "kubectl «delete pod/api-1»", "kubectl «delete pods» -l app=worker",
                ],
                nonTriggering: ["kubectl get pods", "kubectl delete pods --all", "kubectl delete deploy api"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "delete" else { return nil }
                let targets = command.targets
                guard let first = targets.first, targets.allSatisfy({ $0.kind == "pod" }) else { return nil }
                let forced = command.flag("--force") != nil
                return RuleMatch(
                    span: command.span(through: first.argument) ?? first.argument.span, resources: resources(targets),
                    message:
                        "Deletes \(describe(targets)); a replaceable pod is recreated by its controller, but work running in it is interrupted"
                        + (forced ? " (--force skips graceful shutdown)" : ""))
            },
            CommandRule(
                "kubernetes.delete", .destroy,
                summary: "Deletes Kubernetes objects",
                safer: "Remove the objects from the manifests and apply them through the reviewed pipeline",
                triggering: [
                    "kubectl «delete deployment» api", "kubectl --context prod-eu «delete svc» api", "kubectl «delete» -f k8s/api.yaml",
                    "oc -n shop «delete deploymentconfig» web", "kubectl «delete configmap,secret» app-config app-secret",
                ],
                nonTriggering: ["kubectl get deployment api", "kubectl rollout restart deployment api", "kubectl delete pod api-1"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "delete", let verb = command.verb else { return nil }
                let targets = command.targets
                if targets.isEmpty {
                    let file = invocation.option("-f", "--filename", "-k", "--kustomize")
                    return RuleMatch(
                        span: verb.span, resources: file.map { [$0] } ?? [],
                        message: "Deletes every object defined in \(file ?? "the given manifests")")
                }
                return RuleMatch(
                    span: command.span(through: targets[0].argument) ?? verb.span, resources: resources(targets),
                    message: "Deletes \(describe(targets))")
            },
            CommandRule(
                "kubernetes.apply-prune", .destroy,
                summary: "Applies manifests and deletes every matching object missing from them",
                safer: "Run kubectl diff first, or use --dry-run=server --prune to see what would be pruned",
                triggering: ["kubectl apply -f k8s/ «--prune» -l app=api", "kubectl -n production apply -k overlays/prod «--prune» --all"],
                nonTriggering: ["kubectl apply -f k8s/", "kubectl apply -f k8s/ --prune --dry-run=server"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "apply", let flag = command.flag("--prune") else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "kubernetes.replace-force", .destroy,
                summary: "Deletes the objects and creates them again",
                safer: "Use kubectl apply, which updates in place",
                triggering: [
                    "kubectl replace «--force» -f deploy.yaml", "kubectl -n production replace -f sts.yaml «--force» --grace-period=0",
                ],
                nonTriggering: ["kubectl replace -f deploy.yaml", "kubectl apply --force-conflicts --server-side -f a.yaml"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "replace", let flag = command.flag("--force") else { return nil }
                return RuleMatch(
                    span: flag.span,
                    message:
                        "replace --force deletes the objects and creates them again; pods restart and data on deleted volumes can be lost")
            },
            CommandRule(
                "kubernetes.rbac", .privilege,
                summary: "Changes who may do what in the cluster (role bindings, roles, tokens, certificates)",
                safer: "Bind the narrowest role in one namespace, through reviewed manifests",
                triggering: [
                    "kubectl «create clusterrolebinding» ci-admin --clusterrole=cluster-admin --serviceaccount=ci:runner",
                    "kubectl -n production «create rolebinding» dev-edit --clusterrole=edit --user=alice",
                    "oc adm policy «add-cluster-role-to-user» cluster-admin bob", "kubectl «certificate approve» csr-abc",
                    "kubectl «create token» deployer --duration=8760h", "kubectl «auth reconcile» -f rbac.yaml",
                ],
                nonTriggering: [
                    "kubectl get clusterrolebindings", "kubectl auth can-i delete pods", "kubectl create deployment api --image=api",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, let verb = command.verb else { return nil }
                let operands = command.operands
                switch command.verbText {
                case "create", "edit", "patch", "set":
                    guard let kind = operands.first else { return nil }
                    var canonical = canonicalKind(kind.approximation.split(separator: "/").first.map(String.init) ?? "")
                    if command.verbText == "set", kind.text == "subject" { canonical = "rolebinding" }
                    guard ["clusterrolebinding", "rolebinding", "clusterrole", "role", "token"].contains(canonical) else { return nil }
                    return RuleMatch(span: verb.span.union(kind.span), resources: operands.dropFirst().map(\.approximation))
                case "certificate", "auth":
                    guard let action = operands.first, ["approve", "reconcile"].contains(action.text ?? "") else { return nil }
                    return RuleMatch(span: verb.span.union(action.span))
                case "adm":
                    guard operands.count >= 2, ["policy", "groups"].contains(operands[0].text ?? ""),
                        let action = operands[1].text, action.hasPrefix("add-") || action.hasPrefix("remove-")
                    else { return nil }
                    return RuleMatch(span: operands[1].span, resources: operands.dropFirst(2).map(\.approximation))
                default:
                    return nil
                }
            },
            CommandRule(
                "kubernetes.scale-to-zero", .write,
                summary: "Scales a workload to zero replicas: it stops serving",
                safer: "Scale down gradually, and check nothing depends on the workload first",
                triggering: ["kubectl scale deployment api «--replicas=0»", "kubectl -n production scale sts/postgres «--replicas 0»"],
                nonTriggering: ["kubectl scale deployment api --replicas=3", "kubectl get deployment api"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "scale", let found = invocation.optionArgument(["--replicas"]),
                    found.value == "0"
                else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.operands.map(\.approximation),
                    message:
                        "Scales \(command.operands.map(\.approximation).joined(separator: " ")) to zero replicas: it stops serving until scaled up again"
                )
            },
            CommandRule(
                "kubernetes.drain", .write,
                summary: "Cordons or drains a node: its pods are evicted and rescheduled",
                safer: "Check PodDisruptionBudgets first, and drain one node at a time",
                triggering: [
                    "kubectl «drain» node-1 --ignore-daemonsets", "kubectl «cordon» node-2",
                    "kubectl --context prod-eu «drain» ip-10-0-1-5 --delete-emptydir-data",
                ],
                nonTriggering: ["kubectl get nodes", "kubectl describe node node-1"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, ["drain", "cordon", "uncordon", "taint"].contains(command.verbText), let verb = command.verb else {
                    return nil
                }
                let emptyDir = command.flag("--delete-emptydir-data", "--delete-local-data") != nil
                return RuleMatch(
                    span: verb.span, resources: command.operands.map(\.approximation),
                    message: command.verbText == "drain"
                        ? "Drains \(command.operands.map(\.approximation).joined(separator: ", ")): every pod on it is evicted"
                            + (emptyDir ? ", and their emptyDir data is deleted" : "")
                        : nil)
            },
            CommandRule(
                "kubernetes.rollout", .write,
                summary: "Restarts or rolls back a workload",
                safer: "Check the rollout status and the previous revision first (kubectl rollout history)",
                triggering: [
                    "kubectl «rollout restart» deployment/api", "kubectl -n production «rollout undo» deploy/api --to-revision=3",
                ],
                nonTriggering: ["kubectl rollout status deployment/api", "kubectl rollout history deploy/api"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, command.verbText == "rollout", let verb = command.verb, let action = command.operands.first,
                    ["restart", "undo", "pause", "resume"].contains(action.text ?? "")
                else { return nil }
                return RuleMatch(span: verb.span.union(action.span), resources: command.operands.dropFirst().map(\.approximation))
            },
            CommandRule(
                "kubernetes.exec", .write,
                summary: "Runs a command inside a running container (the command itself is checked separately)",
                safer: "Prefer reads (kubectl logs, kubectl get) and changes through manifests",
                triggering: [
                    "kubectl «exec» -it api-1 -- sh -c 'ls /data'", "kubectl -n production «exec» db-0 -- psql -c 'select 1'",
                    "kubectl «debug» node/n1 -it --image=busybox",
                    "kubectl «cp» api-1:/tmp/dump.sql dump.sql",
                    "kubectl «exec» api-1 rm -rf /data", "kubectl «attach» -it api-1",
                ],
                nonTriggering: ["kubectl logs api-1", "kubectl get pods", "kubectl port-forward svc/db 5432:5432"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, ["exec", "debug", "attach", "cp", "run", "rsh"].contains(command.verbText),
                    let verb = command.verb
                else { return nil }
                // The core looks inside `exec POD -- COMMAND`; the old form without `--` runs a
                // command nobody checks.
                if command.verbText == "exec", !invocation.arguments.contains(where: { $0.text == "--" }), command.operands.count > 1 {
                    return RuleMatch(
                        span: verb.span, resources: command.operands.prefix(1).map(\.approximation),
                        message:
                            "exec without -- runs \(command.operands.dropFirst().map(\.approximation).joined(separator: " ")) in \(command.operands[0].approximation), which is not checked here",
                        effectClass: .opaque)
                }
                // `exec POD -- CMD`: CMD is judged where it runs; opening the session changes nothing.
                if command.verbText == "exec", invocation.arguments.contains(where: { $0.text == "--" }) {
                    return RuleMatch(
                        span: verb.span, resources: command.operands.prefix(1).map(\.approximation),
                        message:
                            "Runs a command inside \(command.operands.first?.approximation ?? "a container"); the command itself is judged below",
                        effectClass: .read)
                }
                // Attaching without -i only watches the output.
                if command.verbText == "attach", invocation.flagArgument(["-i", "--stdin", "-it", "-ti"]) == nil {
                    return RuleMatch(span: verb.span, resources: command.operands.prefix(1).map(\.approximation), effectClass: .read)
                }
                // Copying out of a pod reads the cluster and writes here.
                if command.verbText == "cp", let destination = command.operands.last, !(destination.text ?? "…").contains(":") {
                    return RuleMatch(span: verb.span, resources: [destination.approximation], acts: .here)
                }
                return RuleMatch(span: verb.span, resources: command.operands.prefix(1).map(\.approximation))
            },
            CommandRule(
                "kubernetes.switch-context", .write,
                summary: "Changes the kubeconfig: later commands land somewhere else",
                safer: "Pass --context to each command instead of switching the default",
                triggering: [
                    "kubectl «config use-context» prod-eu", "kubectl «config set-context» --current --namespace=production",
                    "oc «project» acme-prod",
                ],
                nonTriggering: ["kubectl config view", "kubectl config get-contexts", "oc project"],
                // The kubeconfig is a file on this machine; what later commands do is judged where
                // they land (analysis follows the switch within a line).
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, let verb = command.verb else { return nil }
                if command.verbText == "config", let action = command.operands.first, let text = action.text,
                    text.hasPrefix("use") || text.hasPrefix("set") || text.hasPrefix("delete") || text == "rename-context"
                        || text == "unset"
                {
                    return RuleMatch(span: verb.span.union(action.span), resources: command.operands.dropFirst().map(\.approximation))
                }
                if invocation.program == "oc", command.verbText == "project", command.operands.count == 1 {
                    return RuleMatch(span: verb.span, resources: [command.operands[0].approximation])
                }
                return nil
            },
            CommandRule(
                "kubernetes.helm-local", .write,
                summary:
                    "Works on charts and repositories on this machine (create, lint, template, package, repo, dependency); nothing in the cluster changes",
                triggering: [
                    "helm «create» api", "helm «repo add» bitnami https://charts.bitnami.com/bitnami", "helm «dependency update»",
                    "helm «lint» ./chart", "helm «package» ./chart",
                ],
                nonTriggering: ["helm install api ./chart", "helm uninstall api", "kubectl create ns x"],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.isHelm, let verb = command.verb else { return nil }
                let local: Set<String> = [
                    "create", "repo", "dependency", "dep", "package", "lint", "completion", "plugin", "pull", "fetch", "show",
                    "inspect", "search", "env", "verify", "registry",
                ]
                guard local.contains(command.verbText) else { return nil }
                let span =
                    command.operands.first.map {
                        ["repo", "dependency", "dep", "plugin", "registry"].contains(command.verbText)
                            ? verb.span.union($0.span) : verb.span
                    } ?? verb.span
                return RuleMatch(span: span)
            },
            CommandRule(
                "kubernetes.local", .read,
                summary: "Forwards a port or proxies the API to this machine, or prints completion scripts; nothing in the cluster changes",
                triggering: [
                    "kubectl «port-forward» svc/api 8080:80", "kubectl «proxy» --port=8001", "kubectl «completion» zsh",
                    "kubectl «proxy» --address 0.0.0.0",
                ],
                nonTriggering: ["kubectl exec -it api -- sh", "kubectl apply -f x.yaml"],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isHelm, ["port-forward", "proxy", "completion"].contains(command.verbText), let verb = command.verb
                else { return nil }
                // Listening on every interface opens the cluster to the network, not only to this machine.
                if let address = invocation.optionArgument(["--address"])?.value,
                    !address.split(separator: ",").allSatisfy({ ["localhost", "127.0.0.1", "::1"].contains(String($0)) })
                {
                    return RuleMatch(
                        span: verb.span,
                        message: "kubectl \(command.verbText) listens on \(address): the cluster is reachable from the network",
                        effectClass: .privilege, acts: .remote)
                }
                return RuleMatch(span: verb.span, resources: command.operands.map(\.approximation))
            },
            CommandRule(
                "kubernetes.apply", .write,
                summary: "Creates or changes objects in the cluster",
                safer: "Run kubectl diff first and apply through the reviewed pipeline",
                triggering: [
                    "kubectl «apply» -f k8s/", "kubectl «create» deployment api --image=api:1", "kubectl «patch» deploy api -p '{}'",
                    "kubectl «set» image deploy/api api=api:2", "kubectl «scale» deploy api --replicas=5", "kubectl «edit» svc api",
                ],
                nonTriggering: ["kubectl get deploy", "kubectl diff -f k8s/"]
            ) { invocation, _ in
                let command = Command(invocation)
                let writes: Set<String> = [
                    "apply", "create", "patch", "edit", "replace", "set", "label", "annotate", "expose", "autoscale", "scale",
                    "new-project", "new-app", "start-build", "tag",
                ]
                guard !command.isHelm, writes.contains(command.verbText), let verb = command.verb else { return nil }
                if command.verbText == "apply", command.operands.first?.text == "view-last-applied" { return nil }
                return RuleMatch(span: verb.span, resources: command.operands.map(\.approximation))
            },
            CommandRule(
                "kubernetes.helm-uninstall", .destroy,
                summary: "Uninstalls a Helm release and deletes everything it created",
                safer: "Check what the release owns first (helm get manifest), and back up volumes it uses",
                triggering: [
                    "helm «uninstall» api", "helm -n production «uninstall» postgres --wait", "helm --kube-context prod-eu «delete» api",
                    "helm «un» api --keep-history",
                ],
                nonTriggering: ["helm list", "helm status api", "helm uninstall api --dry-run"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.isHelm, ["uninstall", "delete", "del", "un"].contains(command.verbText), let verb = command.verb else {
                    return nil
                }
                let releases = command.operands.map(\.approximation)
                return RuleMatch(
                    span: verb.span, resources: releases,
                    message: "Uninstalls the release \(releases.joined(separator: ", ")) and deletes every object it created")
            },
            CommandRule(
                "kubernetes.helm-rollback", .write,
                summary: "Rolls a Helm release back to an earlier revision",
                safer: "Check the revision first: helm history RELEASE and helm diff rollback",
                triggering: ["helm «rollback» api 3", "helm -n production «rollback» api"],
                nonTriggering: ["helm history api", "helm rollback api 3 --dry-run"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.isHelm, command.verbText == "rollback", let verb = command.verb else { return nil }
                return RuleMatch(span: verb.span, resources: command.operands.prefix(1).map(\.approximation))
            },
            CommandRule(
                "kubernetes.helm-upgrade", .write,
                summary: "Installs or upgrades a Helm release",
                safer: "Preview first: helm diff upgrade, or helm upgrade --dry-run",
                triggering: [
                    "helm «upgrade» --install api ./chart -f values-prod.yaml", "helm «install» redis bitnami/redis -n cache",
                    "helm --kube-context prod-eu «upgrade» api ./chart --force",
                ],
                nonTriggering: ["helm template api ./chart", "helm upgrade api ./chart --dry-run"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.isHelm, ["upgrade", "install"].contains(command.verbText), let verb = command.verb else { return nil }
                let forced = command.flag("--force") != nil
                return RuleMatch(
                    span: verb.span, resources: command.operands.prefix(1).map(\.approximation),
                    message: forced ? "Upgrades the release with --force, which deletes and recreates objects that cannot be patched" : nil)
            },
            CommandRule(
                "kubernetes.read", .read, summary: "Gets, describes or reads logs; changes nothing",
                triggering: [
                    "kubectl «get» pods -A", "kubectl --context prod-eu -n production «describe» deploy api",
                    "kubectl «logs» -f api-1 --tail 100",
                    "kubectl «config view»", "kubectl «auth can-i» delete pods", "helm «list» -A", "helm «template» api ./chart",
                    "kubectl «diff» -f k8s/", "oc «whoami»",
                ],
                nonTriggering: ["kubectl delete pod api-1", "helm uninstall api", "kubectl config use-context prod-eu"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let verb = command.verb else { return nil }
                let action = command.operands.first
                if command.isHelm {
                    let reads: Set<String> = [
                        "list", "ls", "status", "get", "history", "hist", "template", "show", "inspect", "search", "lint", "version",
                        "env", "verify", "diff",
                    ]
                    if reads.contains(command.verbText) { return RuleMatch(span: verb.span) }
                    if ["repo", "dependency", "dep", "plugin", "registry"].contains(command.verbText), let action,
                        ["list", "ls"].contains(action.text ?? "")
                    {
                        return RuleMatch(span: verb.span.union(action.span))
                    }
                    return nil
                }
                let reads: Set<String> = [
                    "get", "describe", "logs", "top", "explain", "version", "diff", "api-resources", "api-versions",
                    "cluster-info", "events", "wait", "completion", "kustomize", "whoami", "status", "projects", "options",
                ]
                if reads.contains(command.verbText) { return RuleMatch(span: verb.span) }
                let subcommandReads: [String: Set<String>] = [
                    "config": ["view", "get-contexts", "current-context", "get-clusters", "get-users"],
                    "auth": ["can-i", "whoami"], "rollout": ["status", "history"], "plugin": ["list"],
                ]
                if let allowed = subcommandReads[command.verbText], let action, allowed.contains(action.text ?? "") {
                    return RuleMatch(span: verb.span.union(action.span))
                }
                if invocation.program == "oc", command.verbText == "project", command.operands.isEmpty {
                    return RuleMatch(span: verb.span)
                }
                return nil
            },
            .commandTable(
                "kubernetes.command", .kubectl, tool: "kubectl",
                triggering: ["kubectl «certificate deny» csr-1"],
                nonTriggering: ["helm list", "kubectl no-such-verb", "kubectl get pods"]
            ) { invocation in
                invocation.program == "kubectl" ? Command(invocation).words : []
            },
        ],
        hints: { invocation, context in
            // The shared hints first (flags, variables, the current context); then what the
            // command itself names: the namespace it deletes, the context it switches to.
            var hints = KubernetesHints.find(invocation, context)
            let command = Command(invocation)
            guard !command.isHelm else { return hints }
            if command.verbText == "delete" {
                for target in command.targets where target.kind == "namespace" {
                    if let name = target.name { hints.append(TargetHint(.kubeNamespace, name, source: "the namespace being deleted")) }
                }
            }
            if command.verbText == "config", command.operands.first?.text == "use-context",
                let name = command.operands.dropFirst().first?.text
            {
                hints.append(TargetHint(.kubeContext, name, source: "config use-context"))
            }
            if invocation.program == "oc", command.verbText == "project", command.operands.count == 1, let name = command.operands[0].text {
                hints.append(TargetHint(.kubeNamespace, name, source: "oc project"))
            }
            return hints
        })
}

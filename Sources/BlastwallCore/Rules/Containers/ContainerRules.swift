/// docker, podman and compose: removing volumes, pruning, and tearing stacks down.
public enum ContainerRules {
    public static let family = ToolFamily(
        name: "containers", programs: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose"], isRemote: false,
        rules: [])
}

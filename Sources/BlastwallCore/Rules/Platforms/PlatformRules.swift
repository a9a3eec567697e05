/// Platform CLIs: deleting repositories, apps, databases, secrets and key-value data.
public enum PlatformRules {
    public static let family = ToolFamily(
        name: "platform", programs: ["gh", "heroku", "flyctl", "fly", "doctl", "supabase", "vault", "consul", "etcdctl"], isRemote: true,
        rules: [])
}

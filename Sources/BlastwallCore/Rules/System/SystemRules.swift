/// System administration: stopping machines and services, wiping schedules and firewalls.
public enum SystemRules {
    public static let family = ToolFamily(
        name: "system", programs: ["shutdown", "reboot", "halt", "poweroff", "systemctl", "crontab", "iptables"], isRemote: false,
        rules: [])
}

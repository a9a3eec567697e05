/// az: deleting resource groups, databases, storage and their protections.
public enum AzureRules {
    public static let family = ToolFamily(
        name: "azure", programs: ["az"], isRemote: true,
        rules: [])
}

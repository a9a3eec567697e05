/// aws: destructive verbs and protection downgrades across AWS services.
public enum AWSRules {
    public static let family = ToolFamily(
        name: "aws", programs: ["aws"], isRemote: true,
        rules: [])
}

/// pulumi, cdk, serverless: destroying stacks.
public enum InfraToolRules {
    public static let family = ToolFamily(
        name: "infra", programs: ["pulumi", "cdk", "serverless", "sls", "cdktf", "sst"], isRemote: true,
        rules: [])
}

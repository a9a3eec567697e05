/// Framework database commands and package scripts that drop, reset or migrate databases.
public enum FrameworkRules {
    public static let family = ToolFamily(
        name: "framework", programs: ["rails", "rake", "prisma", "alembic", "flyway", "liquibase"], isRemote: true,
        rules: [])
}

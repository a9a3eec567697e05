/// Database clients: SQL and commands that drop or empty data.
public enum DatabaseRules {
    public static let family = ToolFamily(
        name: "database", programs: ["psql", "mysql", "mariadb", "dropdb", "mysqladmin", "mongosh", "mongo", "redis-cli", "sqlite3", "pg_restore", "cqlsh"], isRemote: true,
        rules: [])
}

/// Framework and migration-tool database commands (rails, Django's manage.py, artisan, prisma,
/// alembic, flyway, liquibase, knex, sequelize, typeorm, ecto, EF Core, drizzle-kit) and package
/// scripts whose names say they reset, migrate or deploy something. Drops and resets are
/// irreversible, rollbacks destroy, migrations write; which database they hit comes from the
/// framework's environment variable or flag (`RAILS_ENV=production`, `--settings=app.settings.prod`).
public enum FrameworkRules {
    enum Kind: Sendable {
        case help, dropDatabase, rollback, console, packageScript, privilege, migrate, local, read
    }

    /// What a framework command does.
    struct Action: Sendable {
        var kind: Kind
        var effectClass: EffectClass
        var message: String
        var span: SourceSpan
        var resources: [String] = []

        /// Whether the framework's environment says where it lands (builds and tests stay here).
        var landsInEnvironment: Bool { kind != .local && kind != .help }
    }

    static func action(_ kind: Kind, _ effectClass: EffectClass, _ message: String, _ span: SourceSpan, resources: [String] = []) -> Action
    {
        Action(kind: kind, effectClass: effectClass, message: message, span: span, resources: resources)
    }

    /// `action(for:)`, read once per invocation for all the family's rules.
    static let memoizedAction = InvocationMemo { invocation, _ in action(for: invocation) }

    /// What the command does, or nil when no rule knows it.
    static func action(for invocation: Invocation) -> Action? {
        let program = invocation.program
        if invocation.asksForHelp || invocation.arguments.contains(where: { ["--version", "-V"].contains($0.text ?? "") }) {
            let flag = invocation.arguments.first { ["--help", "-help", "help", "--version", "-V", "-h"].contains($0.text ?? "") }
            return action(.help, .read, "Shows help or the version; changes nothing", flag?.span ?? invocation.programSpan)
        }
        switch program {
        case "rails", "rake":
            return rails(invocation)
        case "python", "python3", "python2", "pypy3", "django-admin", "manage.py":
            return django(invocation)
        case "php", "artisan":
            return artisan(invocation)
        case "prisma":
            return prisma(invocation)
        case "alembic":
            return alembic(invocation)
        case "flyway":
            return flyway(invocation)
        case "liquibase":
            return liquibase(invocation)
        case "knex", "sequelize", "sequelize-cli", "typeorm", "typeorm-ts-node-commonjs", "typeorm-ts-node-esm":
            return nodeMigrator(invocation)
        case "mix":
            return mix(invocation)
        case "dotnet":
            return dotnet(invocation)
        case "drizzle-kit":
            return drizzle(invocation)
        case "npm", "yarn", "pnpm", "bun":
            return packageScript(invocation)
        default:
            return nil
        }
    }

    /// The first positional word and the rest, skipping options (and the values of `withValues`).
    static func command(_ arguments: [Argument], withValues: Set<String> = []) -> (Argument, [Argument])? {
        var index = 0
        while index < arguments.count {
            let text = arguments[index].approximation
            if text == "--" {
                index += 1
                break
            }
            guard text.hasPrefix("-"), text.count > 1 else { break }
            index += withValues.contains(text) ? 2 : 1
        }
        guard index < arguments.count else { return nil }
        return (arguments[index], Array(arguments.dropFirst(index + 1)))
    }

    static func has(_ arguments: [Argument], _ flags: String...) -> Argument? {
        arguments.first { argument in
            guard let text = argument.text else { return false }
            return flags.contains { text == $0 || ($0.hasPrefix("--") && text.hasPrefix($0 + "=")) }
        }
    }

    static func operands(_ arguments: [Argument]) -> [Argument] {
        arguments.filter { !($0.text ?? "").hasPrefix("-") }
    }

    // MARK: - Ruby on Rails

    static let railsDrops: [String: String] = [
        "db:drop": "deletes the database", "db:drop:all": "deletes every configured database",
        "db:drop:_unsafe": "deletes the database", "db:reset": "drops the database and recreates it from the schema",
        "db:schema:load": "recreates every table from the schema file, deleting the rows they held",
        "db:structure:load": "recreates every table from structure.sql, deleting the rows they held",
        "db:purge": "empties the database", "db:purge:all": "empties every configured database",
        "db:setup": "loads the schema into the database, replacing the tables it has",
        "db:migrate:reset": "drops the database and runs every migration again",
        "db:seed:replant": "empties every table before seeding", "db:truncate_all": "empties every table",
        "db:fixtures:load": "replaces the rows of every fixture table",
    ]
    static let railsRollbacks: [String: String] = [
        "db:rollback": "unapplies the last migrations, which may drop tables and columns",
        "db:migrate:down": "unapplies a migration, which may drop tables and columns",
        "db:migrate:redo": "unapplies and reapplies migrations, which may drop tables and columns",
    ]
    static let railsWrites: Set<String> = [
        "db:migrate", "db:migrate:up", "db:seed", "db:create", "db:create:all", "db:prepare", "db:encryption:init",
        "db:schema:cache:dump", "db:schema:cache:clear",
    ]
    static let railsReads: Set<String> = [
        "db:version", "db:migrate:status", "db:abort_if_pending_migrations", "routes", "about", "stats", "notes",
        "-T", "--tasks", "-P", "middleware", "time:zones", "time:zones:all", "initializers", "zeitwerk:check",
        "credentials:show", "secret", "runner:help", "version", "db:system:change",
    ]
    static let railsLocal: Set<String> = [
        "server", "s", "generate", "g", "destroy", "d", "new", "test", "t", "spec", "assets:precompile",
        "assets:clean", "assets:clobber", "tmp:clear", "tmp:cache:clear", "log:clear", "credentials:edit",
        "app:update", "restart", "db:test:prepare", "db:test:purge", "db:test:load", "db:test:load_schema",
        "db:schema:dump", "db:structure:dump", "dev:cache", "plugin", "yarn:install", "importmap:install",
    ]

    static func rails(_ invocation: Invocation) -> Action? {
        let program = invocation.program
        if program == "rake", let code = invocation.optionArgument(["-e", "--execute", "-p", "--execute-print"]) {
            return action(.console, .opaque, "rake -e runs Ruby code that cannot be checked", code.span)
        }
        let tasks = invocation.positionals(optionsWithValues: [
            "-e", "--environment", "-f", "--rakefile", "-C", "--directory", "-I", "--libdir", "-r", "--require", "-j", "--jobs",
        ])
        .filter { !($0.text ?? "").contains("=") || ($0.text ?? "").hasPrefix("db:") }
        let unsafe =
            (invocation.assignments["DISABLE_DATABASE_ENVIRONMENT_CHECK"] ?? "").isEmpty == false
            || invocation.arguments.contains { ($0.text ?? "").hasPrefix("DISABLE_DATABASE_ENVIRONMENT_CHECK=") }
        let guardNote = unsafe ? ", and DISABLE_DATABASE_ENVIRONMENT_CHECK turns off Rails' own refusal to do it in production" : ""
        let targetsVersion = invocation.arguments.contains { ($0.text ?? "").hasPrefix("VERSION=") }
        var best: Action?
        func consider(_ candidate: Action) {
            if best == nil || candidate.effectClass > best!.effectClass { best = candidate }
        }
        if tasks.isEmpty, invocation.arguments.contains(where: { ["-T", "--tasks", "-P", "-D"].contains($0.text ?? "") }) {
            return action(.read, .read, "\(program) lists its tasks", invocation.programSpan)
        }
        /// `db:drop:primary` (one database of several) is graded as `db:drop`.
        func lookup(_ table: [String: String], _ name: String) -> String? {
            var segments = name.split(separator: ":")
            while segments.count >= 2 {
                if let found = table[segments.joined(separator: ":")] { return found }
                segments.removeLast()
            }
            return nil
        }
        for task in tasks {
            let name = task.approximation
            if let what = lookup(railsDrops, name) {
                consider(action(.dropDatabase, .irreversible, "\(program) \(name) \(what)\(guardNote)", task.span))
            } else if let what = lookup(railsRollbacks, name) {
                consider(action(.rollback, .destroy, "\(program) \(name) \(what)", task.span))
            } else if name == "db:migrate" && targetsVersion {
                consider(
                    action(
                        .rollback, .destroy,
                        "\(program) db:migrate VERSION=… moves the schema to that version, unapplying later migrations (which may drop tables and columns)",
                        task.span))
            } else if railsReads.contains(name) || name.hasSuffix(":status") {
                consider(action(.read, .read, "\(program) \(name) only reads", task.span))
            } else if railsWrites.contains(name) || name.hasPrefix("db:migrate:") || name.hasPrefix("db:seed")
                || name.hasPrefix("db:create")
            {
                consider(action(.migrate, .write, "\(program) \(name) changes the database schema or data", task.span))
            } else if ["console", "c", "runner", "r", "dbconsole", "db"].contains(name) {
                consider(console(invocation, name: "\(program) \(name)", span: task.span))
                break
            } else if railsLocal.contains(name) || name.hasPrefix("test:") || name.hasPrefix("spec:") || name.hasPrefix("assets:")
                || name.hasPrefix("tmp:") || name.hasPrefix("javascript:") || name.hasPrefix("css:") || name.hasPrefix("stimulus:")
            {
                consider(action(.local, .write, "\(program) \(name) builds, tests or generates code on this machine", task.span))
            }
            if ["console", "c", "runner", "r", "generate", "g", "destroy", "d", "new", "server", "s"].contains(name) { break }
        }
        return best
    }

    /// Consoles and database shells: interactive, or fed code or SQL on standard input.
    static func console(_ invocation: Invocation, name: String, span: SourceSpan, sql: Bool = false) -> Action {
        let isDatabaseShell = sql || name.hasSuffix("dbconsole") || name.hasSuffix(" db") || name.hasSuffix("dbshell")
        if isDatabaseShell, case .text(let text, let inputSpan, let isExact) = invocation.standardInput {
            let source = DatabaseRules.Source(standardInput: text, span: inputSpan, isExact: isExact)
            let operations = DatabaseRules.sql(source, dialect: .generic, client: name)
            if let worst = operations.max(by: { $0.effectClass < $1.effectClass }) {
                return action(.console, max(.opaque, worst.effectClass), worst.message, worst.span, resources: worst.resources)
            }
        }
        let runsCode = name.hasSuffix("runner") || name.hasSuffix(" r") || name.hasSuffix("runscript")
        return action(
            .console, .opaque,
            runsCode
                ? "\(name) runs application code against the database, which cannot be checked"
                : "\(name) opens a console on the application's database; what runs in it cannot be checked", span)
    }

    // MARK: - Django

    static func django(_ invocation: Invocation) -> Action? {
        var arguments = invocation.arguments
        var label = invocation.program
        if invocation.program.hasPrefix("py") {
            // python [options] manage.py …, or python -m django …
            var index = 0
            while index < arguments.count, let text = arguments[index].text, text.hasPrefix("-") {
                if text == "-m" {
                    guard arguments[safe: index + 1]?.text == "django" else { return nil }
                    index += 2
                    label = "django-admin"
                    arguments = Array(arguments.dropFirst(index))
                    return djangoCommand(invocation, arguments, label: label)
                }
                index += ["-W", "-X", "-Q"].contains(text) ? 2 : 1
            }
            guard let script = arguments[safe: index]?.text, script == "manage.py" || script.hasSuffix("/manage.py") else {
                return nil
            }
            label = "manage.py"
            arguments = Array(arguments.dropFirst(index + 1))
        }
        return djangoCommand(invocation, arguments, label: label)
    }

    static func djangoCommand(_ invocation: Invocation, _ arguments: [Argument], label: String) -> Action? {
        let withValues: Set<String> = ["--settings", "--pythonpath", "--database", "-v", "--verbosity"]
        guard let (word, rest) = command(arguments, withValues: withValues), let name = word.text else { return nil }
        let prefix = "\(label) \(name)"
        switch name {
        case "flush", "reset_db", "reset_schema":
            return action(.dropDatabase, .irreversible, "\(prefix) deletes every row of every table", word.span)
        case "migrate":
            if let flag = has(rest, "--plan", "--check") {
                return action(.read, .read, "\(prefix) \(flag.approximation) only shows what would run", flag.span)
            }
            let targets = operands(rest.filter { !withValues.contains($0.text ?? "") })
            if targets.count >= 2, let app = targets.first, let target = targets.dropFirst().first {
                if target.text == "zero" {
                    return action(
                        .dropDatabase, .irreversible,
                        "\(prefix) \(app.approximation) zero unapplies every migration of \(app.approximation), dropping its tables",
                        word.span.union(target.span), resources: [app.approximation])
                }
                return action(
                    .rollback, .destroy,
                    "\(prefix) \(app.approximation) \(target.approximation) moves \(app.approximation) to that migration, unapplying any later ones (which may drop tables and columns)",
                    word.span.union(target.span), resources: [app.approximation])
            }
            return action(.migrate, .write, "\(prefix) applies migrations to the database", word.span)
        case "loaddata", "createcachetable", "remove_stale_contenttypes", "clearsessions":
            return action(.migrate, .write, "\(prefix) writes to the database", word.span)
        case "showmigrations", "sqlmigrate", "sqlflush", "sqlsequencereset", "check", "diffsettings", "inspectdb", "dumpdata",
            "version", "show_urls", "print_settings", "validate_templates", "sendtestemail":
            return action(.read, .read, "\(prefix) only reads or prints", word.span)
        case "shell", "dbshell", "shell_plus", "runscript":
            return console(invocation, name: prefix, span: word.span)
        case "createsuperuser", "changepassword":
            return action(.privilege, .privilege, "\(prefix) creates or changes an administrator account", word.span)
        case "runserver", "test", "startapp", "startproject", "makemigrations", "compilemessages", "makemessages",
            "collectstatic", "squashmigrations", "optimizemigration", "graph_models":
            return action(.local, .write, "\(prefix) works on this machine", word.span)
        default:
            return nil
        }
    }

    // MARK: - Laravel

    static func artisan(_ invocation: Invocation) -> Action? {
        var arguments = invocation.arguments
        if invocation.program == "php" {
            var index = 0
            // `php -d memory_limit=-1 artisan …`; `-f` names the script itself.
            while index < arguments.count, let text = arguments[index].text, text.hasPrefix("-") {
                index += ["-d", "-c", "-z"].contains(text) ? 2 : 1
            }
            guard let script = arguments[safe: index]?.text, script == "artisan" || script.hasSuffix("/artisan") else { return nil }
            arguments = Array(arguments.dropFirst(index + 1))
        }
        guard let (word, rest) = command(arguments, withValues: ["--env"]), let name = word.text else { return nil }
        let prefix = "artisan \(name)"
        if let pretend = has(rest, "--pretend") {
            return action(.read, .read, "\(prefix) --pretend only prints the SQL it would run", pretend.span)
        }
        switch name {
        case "migrate:fresh":
            return action(.dropDatabase, .irreversible, "\(prefix) drops every table and runs every migration again", word.span)
        case "migrate:reset":
            return action(.dropDatabase, .irreversible, "\(prefix) unapplies every migration, dropping the tables", word.span)
        case "migrate:refresh":
            return action(
                .dropDatabase, .irreversible, "\(prefix) unapplies every migration and runs them again, losing the data in between",
                word.span)
        case "db:wipe":
            return action(.dropDatabase, .irreversible, "\(prefix) drops every table, view and type", word.span)
        case "migrate:rollback":
            return action(
                .rollback, .destroy, "\(prefix) unapplies the last batch of migrations, which may drop tables and columns", word.span)
        case "migrate", "migrate:install", "db:seed", "schema:dump", "queue:flush", "queue:clear", "cache:clear":
            return action(.migrate, .write, "\(prefix) changes the database or a shared store", word.span)
        case "migrate:status", "db:show", "db:table", "db:monitor", "route:list", "about", "list", "env", "schedule:list",
            "model:show", "event:list", "--version":
            return action(.read, .read, "\(prefix) only reads", word.span)
        case "tinker", "db":
            return console(invocation, name: prefix, span: word.span, sql: name == "db")
        default:
            if ["make:", "config:", "route:", "view:", "optimize", "key:", "vendor:", "package:", "ide-helper:", "serve", "test", "pail"]
                .contains(where: { name.hasPrefix($0) })
            {
                return action(.local, .write, "\(prefix) works on this machine", word.span)
            }
            return nil
        }
    }

    // MARK: - Node and other migration tools

    static func prisma(_ invocation: Invocation) -> Action? {
        let withValues: Set<String> = ["--schema", "--url", "--file", "--name", "--from-url", "--to-url", "--config"]
        let words = invocation.positionals(optionsWithValues: withValues)
        guard let first = words.first, let name = first.text else { return nil }
        let second = words.dropFirst().first
        let path = second.map { "\(name) \($0.approximation)" } ?? name
        let span = first.span.union(second?.span ?? first.span)
        switch path {
        case "migrate reset":
            return action(.dropDatabase, .irreversible, "prisma migrate reset drops the database and runs every migration again", span)
        case "db push":
            if let flag = has(invocation.arguments, "--force-reset") {
                return action(
                    .dropDatabase, .irreversible, "prisma db push --force-reset drops the database before pushing the schema", flag.span)
            }
            if let flag = has(invocation.arguments, "--accept-data-loss") {
                return action(
                    .dropDatabase, .irreversible, "prisma db push --accept-data-loss applies schema changes even when they delete data",
                    flag.span)
            }
            return action(.migrate, .write, "prisma db push changes the database schema without a migration", span)
        case "migrate deploy", "migrate dev", "migrate resolve", "db seed":
            if path == "migrate dev", has(invocation.arguments, "--create-only") != nil {
                return action(.local, .write, "prisma migrate dev --create-only only writes a migration file", span)
            }
            return action(.migrate, .write, "prisma \(path) changes the database", span)
        case "migrate status", "migrate diff", "validate", "version":
            return action(.read, .read, "prisma \(path) only reads", span)
        case "db execute":
            if has(invocation.arguments, "--stdin") != nil {
                return console(invocation, name: "prisma db execute", span: span, sql: true)
            }
            return action(.console, .opaque, "prisma db execute runs SQL from a file, which is not checked here", span)
        default:
            if name == "studio" {
                return action(.console, .opaque, "prisma studio opens an editor on the database's rows", first.span)
            }
            if ["generate", "format", "init", "db pull", "debug"].contains(where: { path.hasPrefix($0) }) {
                return action(.local, .write, "prisma \(name) works on this machine", first.span)
            }
            return nil
        }
    }

    static func alembic(_ invocation: Invocation) -> Action? {
        guard let (word, rest) = command(invocation.arguments, withValues: ["-c", "--config", "-n", "--name", "-x"]), let name = word.text
        else {
            return nil
        }
        if let sql = has(rest, "--sql") {
            return action(.read, .read, "alembic \(name) --sql only prints the SQL it would run", sql.span)
        }
        let target = rest.first { !($0.text ?? "").hasPrefix("--") }
        switch name {
        case "downgrade":
            let span = word.span.union(target?.span ?? word.span)
            if target?.text == "base" {
                return action(
                    .dropDatabase, .irreversible, "alembic downgrade base unapplies every migration, dropping what they created", span)
            }
            return action(
                .rollback, .destroy,
                "alembic downgrade \(target?.approximation ?? "") unapplies migrations, which may drop tables and columns", span)
        case "upgrade", "stamp", "ensure_version":
            return action(.migrate, .write, "alembic \(name) changes the database", word.span)
        case "current", "history", "heads", "branches", "show", "check", "list_templates":
            return action(.read, .read, "alembic \(name) only reads", word.span)
        case "revision", "init", "merge", "edit":
            return action(.local, .write, "alembic \(name) writes migration files on this machine", word.span)
        default:
            return nil
        }
    }

    static func flyway(_ invocation: Invocation) -> Action? {
        for word in operands(invocation.arguments) {
            guard let name = word.text?.lowercased() else { continue }
            switch name {
            case "clean":
                return action(.dropDatabase, .irreversible, "flyway clean drops every object in the configured schemas", word.span)
            case "undo":
                return action(.rollback, .destroy, "flyway undo unapplies the last migration", word.span)
            case "migrate", "repair", "baseline", "deploy":
                return action(.migrate, .write, "flyway \(name) changes the database", word.span)
            case "info", "validate", "check", "version", "help", "auth", "snapshot", "diff", "difftext", "generate", "prepare":
                return action(.read, .read, "flyway \(name) only reads or writes reports", word.span)
            default:
                continue
            }
        }
        return nil
    }

    static func liquibase(_ invocation: Invocation) -> Action? {
        let withValues: Set<String> = [
            "--url", "--username", "--password", "--changelog-file", "--changeLogFile", "--defaults-file", "--defaultsFile", "--tag",
            "--count", "--date", "--search-path", "--contexts", "--labels", "--sql", "--sql-file",
        ]
        guard let (word, _) = command(invocation.arguments, withValues: withValues), let raw = word.text else { return nil }
        let name = raw.lowercased().filter { $0 != "-" }
        if name.hasSuffix("sql") && name != "executesql" {
            return action(.read, .read, "liquibase \(raw) only prints the SQL it would run", word.span)
        }
        if name == "dropall" {
            return action(.dropDatabase, .irreversible, "liquibase \(raw) drops every object in the database", word.span)
        }
        if name.hasPrefix("rollback") || name == "futurerollback" {
            return action(.rollback, .destroy, "liquibase \(raw) unapplies changesets, which may drop tables and columns", word.span)
        }
        if name.hasPrefix("update")
            || ["changelogsync", "changelogsynctotag", "tag", "marknextchangesetran", "releaselocks", "clearchecksums"].contains(name)
        {
            return action(.migrate, .write, "liquibase \(raw) changes the database", word.span)
        }
        if name == "executesql" {
            return action(.console, .opaque, "liquibase \(raw) runs SQL that is not checked here", word.span)
        }
        if [
            "status", "history", "diff", "validate", "snapshot", "dbdoc", "listlocks", "diffchangelog", "generatechangelog", "checks",
            "connect",
        ].contains(name) {
            return action(.read, .read, "liquibase \(raw) only reads", word.span)
        }
        return nil
    }

    static func nodeMigrator(_ invocation: Invocation) -> Action? {
        let tool = invocation.program.hasPrefix("typeorm") ? "typeorm" : invocation.program.hasPrefix("sequelize") ? "sequelize" : "knex"
        guard
            let (word, rest) = command(
                invocation.arguments,
                withValues: [
                    "--env", "--knexfile", "--cwd", "--url", "-d", "--dataSource", "--config", "--migrations-path", "--seeders-path",
                    "--options-path", "--models-path",
                ]),
            let name = word.text
        else { return nil }
        let prefix = "\(tool) \(name)"
        switch name {
        case "db:drop", "schema:drop":
            return action(.dropDatabase, .irreversible, "\(prefix) drops the database or every table in it", word.span)
        case "migrate:rollback", "migrate:down", "db:migrate:undo", "db:migrate:undo:all", "db:seed:undo", "db:seed:undo:all",
            "migration:revert":
            let all = has(rest, "--all") != nil || name.hasSuffix(":all")
            return action(
                .rollback, .destroy, "\(prefix) unapplies \(all ? "every migration" : "migrations"), which may drop tables and columns",
                word.span)
        case "schema:sync":
            return action(
                .migrate, .destroy, "\(prefix) makes the schema match the entities, dropping columns and tables they no longer have",
                word.span)
        case "migrate:latest", "migrate:up", "seed:run", "migrate:unlock", "db:migrate", "db:seed", "db:seed:all", "db:create",
            "migration:run":
            return action(.migrate, .write, "\(prefix) changes the database", word.span)
        case "migrate:status", "migrate:list", "migrate:currentVersion", "db:migrate:status", "schema:log", "migration:show":
            return action(.read, .read, "\(prefix) only reads", word.span)
        case "query":
            guard let sql = operands(rest).first, let source = DatabaseRules.Source(sql) else {
                return action(.console, .opaque, "\(prefix) runs SQL only known at run time", word.span)
            }
            let operations = DatabaseRules.sql(source, dialect: .generic, client: prefix)
            guard let worst = operations.max(by: { $0.effectClass < $1.effectClass }) else { return nil }
            return action(.console, max(.opaque, worst.effectClass), worst.message, worst.span, resources: worst.resources)
        default:
            if name.hasSuffix(":make") || name.hasSuffix(":generate") || name.hasSuffix(":create") || name == "init"
                || name.hasPrefix("init:")
            {
                return action(.local, .write, "\(prefix) writes files on this machine", word.span)
            }
            return nil
        }
    }

    static func mix(_ invocation: Invocation) -> Action? {
        guard let (word, rest) = command(invocation.arguments), let name = word.text else { return nil }
        switch name {
        case "ecto.drop":
            return action(.dropDatabase, .irreversible, "mix ecto.drop deletes the database", word.span)
        case "ecto.reset":
            return action(.dropDatabase, .irreversible, "mix ecto.reset drops the database and sets it up again", word.span)
        case "ecto.rollback":
            let all = has(rest, "--all") != nil
            return action(
                .rollback, .destroy,
                "mix ecto.rollback unapplies \(all ? "every migration" : "migrations"), which may drop tables and columns", word.span)
        case "ecto.migrate", "ecto.create", "ecto.setup", "ecto.load":
            return action(.migrate, .write, "mix \(name) changes the database", word.span)
        case "ecto.migrations":
            return action(.read, .read, "mix ecto.migrations only reads", word.span)
        case "run":
            if let code = has(rest, "-e", "--eval") {
                return action(.console, .opaque, "mix run -e runs Elixir code that cannot be checked", code.span)
            }
            return action(.migrate, .write, "mix run runs a project script, which may write to the database", word.span)
        default:
            return action(.local, .write, "mix \(name) works on this machine", word.span)
        }
    }

    static func dotnet(_ invocation: Invocation) -> Action? {
        let withValues: Set<String> = [
            "-p", "--project", "-s", "--startup-project", "-c", "--context", "--framework", "--configuration", "--runtime", "--connection",
            "-o", "--output", "--msbuildprojectextensionspath",
        ]
        let words = invocation.positionals(optionsWithValues: withValues)
        guard words.first?.text == "ef" else {
            return words.first.map { action(.local, .write, "dotnet \($0.approximation) works on this machine", $0.span) }
        }
        let path = words.dropFirst().prefix(2).map(\.approximation).joined(separator: " ")
        let span = words[0].span.union(words[min(2, words.count - 1)].span)
        let target = words.dropFirst(3).first
        switch path {
        case "database drop":
            if let dry = has(invocation.arguments, "--dry-run") {
                return action(.read, .read, "dotnet ef database drop --dry-run only shows what it would drop", dry.span)
            }
            return action(.dropDatabase, .irreversible, "dotnet ef database drop deletes the database", span)
        case "database update":
            guard let target, let name = target.text else {
                return action(.migrate, .write, "dotnet ef database update applies migrations to the database", span)
            }
            if name == "0" {
                return action(
                    .dropDatabase, .irreversible, "dotnet ef database update 0 unapplies every migration, dropping the tables",
                    span.union(target.span))
            }
            return action(
                .rollback, .destroy, "dotnet ef database update \(name) moves the database to that migration, unapplying any later ones",
                span.union(target.span))
        case "migrations remove":
            if let force = has(invocation.arguments, "--force", "-f") {
                return action(
                    .rollback, .destroy, "dotnet ef migrations remove --force unapplies the last migration from the database", force.span)
            }
            return action(.local, .write, "dotnet ef migrations remove deletes the last migration's files", span)
        case "migrations list", "migrations script", "dbcontext info", "dbcontext list", "migrations has-pending-model-changes":
            return action(.read, .read, "dotnet ef \(path) only reads", span)
        default:
            return action(.local, .write, "dotnet ef \(path) works on this machine", span)
        }
    }

    static func drizzle(_ invocation: Invocation) -> Action? {
        guard let (word, _) = command(invocation.arguments, withValues: ["--config", "--dialect", "--schema", "--url", "--out"]),
            let name = word.text
        else { return nil }
        switch name {
        case "push", "push:pg", "push:mysql", "push:sqlite":
            if let force = has(invocation.arguments, "--force") {
                return action(
                    .dropDatabase, .irreversible,
                    "drizzle-kit push --force applies schema changes, approving every data-loss statement without asking", force.span)
            }
            return action(.migrate, .write, "drizzle-kit push changes the database schema without a migration", word.span)
        case "migrate":
            return action(.migrate, .write, "drizzle-kit migrate applies migrations to the database", word.span)
        case "studio":
            return action(.console, .opaque, "drizzle-kit studio opens an editor on the database's rows", word.span)
        case "check", "up":
            return action(.read, .read, "drizzle-kit \(name) only reads", word.span)
        default:
            return action(.local, .write, "drizzle-kit \(name) works on this machine", word.span)
        }
    }

    // MARK: - Package scripts

    /// Words in a script name that say it changes a database or infrastructure.
    static let riskyScriptWords: Set<String> = [
        "drop", "reset", "nuke", "wipe", "purge", "destroy", "teardown", "truncate", "migrate", "migration", "migrations",
        "seed", "seeds", "push", "deploy", "release", "rollback", "flush", "provision", "restore", "apply", "fresh",
        "undeploy", "rebuilddb", "recreate",
    ]
    static let databaseWords: Set<String> = [
        "db", "database", "schema", "prisma", "drizzle", "typeorm", "sequelize", "knex", "sql", "postgres", "mysql", "mongo", "redis",
    ]
    static let databaseVerbs: Set<String> = [
        "setup", "sync", "load", "init", "clean", "clear", "empty", "delete", "remove", "create", "down", "up", "rebuild", "refresh",
        "import", "execute", "exec", "run",
    ]
    /// Programs that `yarn X` / `pnpm X` run directly when X is not a script.
    static let frameworkPrograms: Set<String> = ["prisma", "knex", "sequelize", "sequelize-cli", "typeorm", "drizzle-kit", "rails", "rake"]

    /// The words of a script name: `db:reset`, `prisma-reset`, `dbReset`, `scripts/reset_db.ts`.
    static func scriptWords(_ name: String) -> [String] {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in base {
            if character.isLetter || character.isNumber {
                if character.isUppercase && previousLower {
                    words.append(current)
                    current = ""
                }
                current.append(character)
                previousLower = character.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    static func packageScript(_ invocation: Invocation) -> Action? {
        let manager = invocation.program
        let withValues: Set<String> = [
            "--prefix", "-w", "--workspace", "-C", "--dir", "--filter", "-F", "--cwd", "--env-file", "-c", "--config",
        ]
        let words = invocation.positionals(optionsWithValues: manager == "pnpm" ? withValues.subtracting(["-w"]) : withValues)
        let builtins: Set<String>
        let scriptAliases: Set<String>
        switch manager {
        case "npm":
            builtins = [
                "install", "i", "ci", "add", "uninstall", "remove", "rm", "update", "up", "dedupe", "prune", "rebuild", "link", "init",
                "pack", "version", "ls", "list", "view", "info", "show", "outdated", "audit", "help", "doctor", "config", "explain", "why",
                "search", "whoami", "fund", "root", "bin", "prefix", "cache", "publish", "unpublish", "deprecate", "dist-tag", "owner",
                "access", "token", "login", "logout", "adduser", "query", "sbom", "pkg", "set", "get",
            ]
            scriptAliases = ["test", "t", "tst", "start", "stop", "restart"]
        case "yarn":
            builtins = [
                "add", "install", "remove", "upgrade", "up", "info", "why", "list", "config", "cache", "init", "global", "link", "unlink",
                "outdated", "pack", "publish", "version", "versions", "workspaces", "dlx", "exec", "node", "set", "plugin", "constraints",
                "dedupe", "bin", "audit", "npm", "patch", "patch-commit", "rebuild", "explain", "search", "stage", "import", "login",
                "logout", "owner", "policies", "tag", "team", "licenses", "generate-lock-entry", "check", "autoclean", "help", "create",
                "unplug", "upgrade-interactive",
            ]
            scriptAliases = []
        case "pnpm":
            builtins = [
                "add", "install", "i", "remove", "rm", "uninstall", "update", "up", "upgrade", "list", "ls", "ll", "why", "outdated",
                "audit", "exec", "dlx", "create", "store", "link", "ln", "unlink", "import", "rebuild", "rb", "prune", "fetch", "patch",
                "patch-commit", "publish", "pack", "root", "bin", "config", "c", "setup", "env", "init", "deploy", "licenses", "server",
                "install-test", "it", "doctor", "dedupe", "approve-builds", "self-update", "recursive", "-r",
            ]
            scriptAliases = []
        default:
            builtins = [
                "install", "i", "add", "a", "remove", "rm", "update", "outdated", "link", "unlink", "pm", "build", "init", "create", "c",
                "upgrade", "x", "test", "repl", "exec", "publish", "patch", "audit", "info", "why",
            ]
            scriptAliases = []
        }
        var rest = words[...]
        if manager == "yarn", rest.first?.text == "workspace" { rest = rest.dropFirst(2) }
        if manager == "yarn", rest.first?.text == "workspaces", let run = rest.firstIndex(where: { $0.text == "run" }) {
            rest = rest[run...]
        }
        guard let first = rest.first, let verb = first.text else {
            return action(.local, .write, "\(manager) installs dependencies", invocation.programSpan)
        }
        let scriptArgument: Argument
        if ["run", "run-script", "rum", "urn"].contains(verb) {
            guard let name = rest.dropFirst().first else {
                return action(.read, .read, "\(manager) \(verb) lists the package scripts", first.span)
            }
            scriptArgument = name
        } else if scriptAliases.contains(verb) {
            scriptArgument = first
        } else if builtins.contains(verb) {
            if [
                "ls", "list", "view", "info", "show", "outdated", "why", "explain", "help", "root", "bin", "prefix", "whoami", "search",
                "doctor",
            ].contains(verb) {
                return action(.read, .read, "\(manager) \(verb) only reads", first.span)
            }
            if ["publish", "unpublish", "deprecate", "dist-tag", "owner", "access", "token", "login", "logout", "adduser", "deploy"]
                .contains(verb)
            {
                // `--dry-run` packs and checks without sending; `owner ls` lists.
                if invocation.hasFlag("--dry-run") || (verb == "owner" && ["ls", "list"].contains(rest.dropFirst().first?.text ?? "")) {
                    return action(.read, .read, "\(manager) \(verb) only checks or lists", first.span)
                }
                return nil
            }
            return action(.local, .write, "\(manager) \(verb) works on this machine", first.span)
        } else if frameworkPrograms.contains(verb) {
            // `yarn prisma migrate reset` runs the package's binary.
            var inner = invocation
            inner.program = verb
            inner.programSpan = first.span
            if let index = invocation.arguments.firstIndex(where: { $0.span == first.span }) {
                inner.arguments = Array(invocation.arguments.dropFirst(index + 1))
            }
            return action(for: inner)
        } else {
            scriptArgument = first
        }
        let name = scriptArgument.approximation
        let scriptWords = scriptWords(name)
        let risky =
            scriptWords.first { riskyScriptWords.contains($0) }
            ?? (scriptWords.contains(where: databaseWords.contains) ? scriptWords.first(where: databaseVerbs.contains) : nil)
        if let risky {
            return action(
                .packageScript, .opaque,
                "\(manager) runs the \(name.contains("/") ? "script" : "package script") \(name), whose commands are not checked here; its name (\(risky)) suggests it changes a database or infrastructure",
                scriptArgument.span, resources: [name])
        }
        return action(.local, .write, "\(manager) runs the package script \(name) on this machine", scriptArgument.span, resources: [name])
    }

    // MARK: - Where it lands

    static let environmentVariables = [
        "RAILS_ENV", "RACK_ENV", "APP_ENV", "NODE_ENV", "MIX_ENV", "FLASK_ENV", "ASPNETCORE_ENVIRONMENT",
        "DOTNET_ENVIRONMENT", "DJANGO_SETTINGS_MODULE", "FLYWAY_ENVIRONMENT", "STAGE", "ENVIRONMENT",
    ]
    static let urlVariables = ["DATABASE_URL", "FLYWAY_URL", "LIQUIBASE_COMMAND_URL", "SQLALCHEMY_DATABASE_URI"]

    static func hints(_ invocation: Invocation, _ context: AnalysisContext) -> [TargetHint] {
        let found = action(for: invocation)
        if let found, !found.landsInEnvironment { return [] }
        if found == nil, ["npm", "yarn", "pnpm", "bun"].contains(invocation.program) { return [] }
        var hints = DatabaseHints()
        if found == nil {
            // Scripts no rule knows (`python deploy.py`) land where their own variables point,
            // as an unknown program's would.
            for (name, kind) in [
                ("AWS_PROFILE", TargetHint.Kind.awsProfile), ("KUBECONTEXT", .kubeContext), ("TF_WORKSPACE", .terraformWorkspace),
                ("PGHOST", .databaseHost), ("CLOUDSDK_CORE_PROJECT", .gcpProject), ("AZURE_SUBSCRIPTION_ID", .azureSubscription),
            ] {
                hints.add(kind, invocation.assignments[name], source: "\(name) set on the command line")
            }
        }
        // Flags first.
        for argument in invocation.arguments {
            guard let text = argument.text else { continue }
            for prefix in ["RAILS_ENV=", "RACK_ENV=", "APP_ENV=", "NODE_ENV=", "MIX_ENV="] where text.hasPrefix(prefix) {
                hints.name(String(text.dropFirst(prefix.count)), source: "\(prefix)… on the command line")
            }
            if text.hasPrefix("-url=") || text.hasPrefix("-url ") {
                hints.url(String(text.dropFirst(5)), source: "-url")
            }
            if text.hasPrefix("-environment=") { hints.name(String(text.dropFirst(13)), source: "-environment") }
            if text.hasPrefix("-configFiles=") || text.hasPrefix("--defaults-file=") {
                let file = String(text.split(separator: "=", maxSplits: 1).last ?? "")
                hints.name(fileStem(file), source: String(text.prefix { $0 != "=" }))
            }
        }
        // `-e` is rails' environment flag only (rake -e runs code; flyway's `-environment=` is above).
        let environmentFlags = invocation.program == "rails" ? ["-e", "--environment", "--env"] : ["--environment", "--env"]
        if let found = invocation.optionArgument(environmentFlags) { hints.name(found.value, source: "--env") }
        if let value = invocation.option("--settings") { hints.name(lastComponent(value), source: "--settings") }
        if let value = invocation.option("--database") { hints.name(value, source: "--database") }
        if invocation.program == "alembic" {
            if let value = invocation.option("-n", "--name") { hints.name(value, source: "--name") }
            for argument in invocation.arguments.indices where invocation.arguments[argument].text == "-x" {
                if let pair = invocation.arguments[safe: argument + 1]?.text, let equals = pair.firstIndex(of: "=") {
                    hints.name(String(pair[pair.index(after: equals)...]), source: "-x \(pair[..<equals])")
                }
            }
        }
        if let value = invocation.option("--url") { hints.url(value, source: "--url") }
        if let value = invocation.option("--connection") { hints.connection(value, source: "--connection") }
        if let value = invocation.option("--defaults-file") { hints.name(fileStem(value), source: "--defaults-file") }
        // Then variables: the command's own, then the session's.
        for (values, origin) in [(invocation.assignments, "set on the command line"), (context.environment, "in the environment")] {
            for name in environmentVariables {
                guard let value = values[name] else { continue }
                hints.name(name == "DJANGO_SETTINGS_MODULE" ? lastComponent(value) : value, source: "\(name) \(origin)")
            }
            for name in urlVariables {
                guard let value = values[name] else { continue }
                hints.url(value, source: "\(name) \(origin)")
            }
        }
        return hints.hints
    }

    /// `app.settings.prod` → `prod`.
    static func lastComponent(_ module: String) -> String {
        module.split(separator: ".").last.map(String.init) ?? module
    }

    /// `conf/prod.conf` → `prod`.
    static func fileStem(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.split(separator: ".").first.map(String.init) ?? base
    }

    // MARK: - Rules

    static func rule(
        _ id: String, _ effectClass: EffectClass, _ kind: Kind, summary: String, safer: String? = nil,
        triggering: [String], nonTriggering: [String], acts locality: Locality? = nil
    ) -> CommandRule {
        CommandRule(
            id, effectClass, summary: summary, safer: safer, triggering: triggering, nonTriggering: nonTriggering, acts: locality
        ) {
            invocation, context in
            guard let action = memoizedAction(invocation, context), action.kind == kind else { return nil }
            return RuleMatch(
                span: action.span, resources: action.resources, message: action.message,
                effectClass: action.effectClass == effectClass ? nil : action.effectClass)
        }
    }

    public static let family = ToolFamily(
        name: "framework",
        programs: [
            "rails", "rake", "python", "python3", "python2", "pypy3", "django-admin", "manage.py", "php", "artisan",
            "prisma", "alembic", "flyway", "liquibase", "knex", "sequelize", "sequelize-cli", "typeorm",
            "typeorm-ts-node-commonjs", "typeorm-ts-node-esm", "mix", "dotnet", "drizzle-kit", "npm", "yarn", "pnpm", "bun",
        ],
        isRemote: true,
        rules: [
            rule(
                "framework.help", .read, .help, summary: "Shows help or the version; changes nothing",
                triggering: ["rails db:drop «--help»", "prisma migrate reset «--help»", "alembic «--version»"],
                nonTriggering: ["rails db:drop", "prisma migrate reset"]),
            CommandRule(
                "framework.unpublish-all", .irreversible,
                summary: "Unpublishes every version of a package from the public registry; those versions can never be published again",
                safer: "Deprecate the package (npm deprecate) instead, or unpublish one version",
                triggering: ["npm «unpublish» left-pad --force", "npm «unpublish» --force", "pnpm «unpublish» @acme/ui --force"],
                nonTriggering: ["npm unpublish left-pad@1.0.1", "npm unpublish left-pad --dry-run", "npm publish"],
                acts: .remote
            ) { invocation, _ in
                guard ["npm", "pnpm", "yarn"].contains(invocation.program), !invocation.hasFlag("--dry-run"),
                    let verb = invocation.positionals().first, verb.text == "unpublish"
                else { return nil }
                // Without `name@version` npm removes the whole package, and insists on --force.
                let named = invocation.positionals().dropFirst().first?.text ?? ""
                guard invocation.hasFlag("--force", "-f"), !named.dropFirst().contains("@") else { return nil }
                return RuleMatch(span: verb.span, resources: named.isEmpty ? [] : [named])
            },
            rule(
                "framework.drop-database", .irreversible, .dropDatabase,
                summary: "Drops, resets or empties the application's database",
                safer: "Back the database up first, and reset only a local or disposable database",
                triggering: [
                    "rails «db:drop»", "RAILS_ENV=production bin/rails «db:reset»", "python manage.py «flush» --no-input",
                    "php artisan «migrate:fresh» --seed", "npx prisma «migrate reset» --force",
                    "flyway -url=jdbc:postgresql://db/app «clean»",
                    "alembic «downgrade base»", "python manage.py «migrate shop zero»",
                ],
                nonTriggering: [
                    "rails db:migrate", "python manage.py migrate", "php artisan migrate:fresh --pretend", "rails db:test:prepare",
                ]),
            rule(
                "framework.rollback", .destroy, .rollback,
                summary: "Unapplies migrations, which may drop tables and columns",
                safer: "Write a new forward migration that undoes the change, and review it",
                triggering: [
                    "rails «db:rollback» STEP=2", "php artisan «migrate:rollback»", "alembic «downgrade -1»",
                    "knex «migrate:rollback» --all", "npx sequelize-cli «db:migrate:undo:all»", "python manage.py «migrate shop 0003»",
                ],
                nonTriggering: ["rails db:migrate", "alembic upgrade head", "alembic downgrade -1 --sql"]),
            rule(
                "framework.console", .opaque, .console,
                summary: "Opens an application or database console, or runs code, that cannot be checked",
                safer: "Run the specific command or migration instead of a console",
                triggering: [
                    "rails «console» -e production", "python manage.py «dbshell»", "php artisan «tinker»",
                    "rails «runner» 'User.delete_all'",
                ],
                nonTriggering: ["rails server", "python manage.py runserver"]),
            rule(
                "framework.package-script-database", .opaque, .packageScript,
                summary: "Runs a package script whose name says it resets, migrates, seeds or deploys a database or infrastructure",
                safer: "Run the underlying command directly so it can be checked",
                triggering: [
                    "npm run «db:reset»", "yarn «migrate»", "pnpm run «prisma:reset»", "bun run «deploy»",
                    "yarn workspace api run «db:seed»", "npm run «nuke»",
                ],
                nonTriggering: ["npm run build", "npm test", "yarn lint", "pnpm dev"]),
            rule(
                "framework.privilege", .privilege, .privilege,
                summary: "Creates or changes administrator accounts",
                safer: "Create accounts through the reviewed process that owns them",
                triggering: ["python manage.py «createsuperuser»", "python3 manage.py «changepassword» admin"],
                nonTriggering: ["python manage.py migrate"]),
            rule(
                "framework.migrate", .write, .migrate,
                summary: "Applies migrations, seeds or schema changes to the database",
                safer: "Review the pending migrations (rails db:migrate:status, prisma migrate status) and run them on staging first",
                triggering: [
                    "rails «db:migrate»", "python manage.py «migrate»", "php artisan «migrate» --force", "npx prisma «migrate deploy»",
                    "alembic «upgrade» head", "flyway «migrate»", "liquibase «update»", "npx typeorm «schema:sync»",
                ],
                nonTriggering: ["rails db:migrate:status", "prisma migrate status", "flyway info"]),
            rule(
                "framework.local-task", .write, .local,
                summary: "Builds, tests or generates code on this machine",
                triggering: [
                    "npm run «build»", "npm «test»", "rails «generate» model User", "python manage.py «makemigrations»",
                    "NODE_ENV=production npm run «build»",
                ],
                nonTriggering: ["npm run db:reset", "rails db:drop"], acts: .here),
            rule(
                "framework.read", .read, .read,
                summary: "Shows migration status or other information; changes nothing",
                triggering: [
                    "rails «db:migrate:status»", "python manage.py «showmigrations»", "php artisan «migrate:status»", "flyway «info»",
                    "alembic «current»", "python manage.py «sqlflush»",
                ],
                nonTriggering: ["rails db:migrate", "flyway migrate"]),
            CommandRule(
                "framework.run-local", .write,
                summary: "Runs the project's own script, module or task on this machine",
                triggering: ["«python» app.py", "«python3» -m pytest", "«php» -S localhost:8000", "«python» -m http.server"],
                nonTriggering: ["python deploy.py", "rake db:drop", "python manage.py migrate", "rake release"],
                acts: .here
            ) { invocation, context in
                guard ["python", "python3", "python2", "pypy3", "php", "rake"].contains(invocation.program),
                    memoizedAction(invocation, context) == nil
                else { return nil }
                // A script or task whose name says it deploys, migrates or resets lands wherever
                // its variables point; the rest is work on this machine.
                let names =
                    invocation.positionals(optionsWithValues: ["-m", "-W", "-X", "-c", "-f", "--rakefile", "-C", "--directory"])
                    .prefix(2).map(\.approximation) + [invocation.optionArgument(["-m"])?.value ?? ""]
                if names.flatMap(scriptWords).contains(where: { riskyScriptWords.contains($0) || databaseWords.contains($0) }) {
                    return nil
                }
                return RuleMatch(span: invocation.programSpan)
            },
        ],
        hints: hints)
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}

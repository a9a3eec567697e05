/// Database clients and tools: SQL given to psql, mysql, sqlite3, cqlsh, clickhouse and cockroach
/// (on the command line, in here-documents or piped in), MongoDB shell code, redis commands, and
/// the tools that drop or overwrite whole databases (`dropdb`, `mysqladmin drop`, `pg_restore --clean`).
/// Every command is split into operations; the strictest one decides which rule reports it.
public enum DatabaseRules {
    /// One thing a database command does: a statement, a redis command, a mongo call, a tool action.
    struct Operation: Sendable {
        var kind: DatabaseEffectKind
        var effectClass: EffectClass
        var message: String
        var span: SourceSpan
        var resources: [String] = []
    }

    /// Text that holds SQL, redis commands or mongo code, and where it sits in the command line:
    /// `base` is the offset of its first byte when the text is a verbatim slice of the input.
    struct Source {
        var text: String
        var span: SourceSpan
        var base: Int?

        /// The value of an argument (from `valueOffset` bytes in, for `--command=…` and `-c…`).
        init?(_ argument: Argument, valueOffset: Int = 0) {
            guard let text = argument.text else { return nil }
            let bytes = Array(text.utf8)
            self.text = String(decoding: bytes.dropFirst(valueOffset), as: UTF8.self)
            span = argument.span
            let written = argument.span.end - argument.span.start
            // Unquoted, or wrapped in one pair of quotes with nothing escaped inside.
            if written == bytes.count {
                base = argument.span.start + valueOffset
            } else if written == bytes.count + 2 {
                base = argument.span.start + 1 + valueOffset
            }
        }

        init(standardInput text: String, span: SourceSpan, isExact: Bool) {
            self.text = text
            self.span = span
            let count = text.utf8.count
            let written = span.end - span.start
            guard isExact else { return }
            // A here-document body is verbatim; a here-string gains a newline (and maybe quotes).
            if written == count || (text.hasSuffix("\n") && written == count - 1) {
                base = span.start
            } else if text.hasSuffix("\n") && written == count + 1 {
                base = span.start + 1
            }
        }

        func span(_ start: Int, _ end: Int) -> SourceSpan {
            guard let base else { return span }
            return SourceSpan(base + start, base + end)
        }
    }

    // MARK: - Options

    /// A client's command line read the way getopt reads it: bundled short options (`-tAc SQL`),
    /// attached values (`-hprod`, `--host=prod`), and positionals.
    struct Options {
        struct Option {
            var name: String
            var value: String?
            /// The argument holding the option, and the one holding its value when separate.
            var argument: Argument
            var valueArgument: Argument?
            /// Where the value starts inside `argument` when attached.
            var valueOffset: Int

            var span: SourceSpan { valueArgument.map { argument.span.union($0.span) } ?? argument.span }

            /// The value as a text source for SQL or code; nil when only known at run time.
            var source: Source? {
                if let valueArgument { return Source(valueArgument) }
                return value == nil ? nil : Source(argument, valueOffset: valueOffset)
            }

            var isDynamic: Bool { (valueArgument ?? argument).isDynamic }
        }

        var options: [Option] = []
        var positionals: [Argument] = []

        /// `shortValues` are letters whose value may be attached or the next argument;
        /// `attachedOnly` letters take only an attached value (mysql's `-pSECRET`).
        /// With `singleDash`, `-name` is a long option (sqlite3, flyway).
        init(
            _ arguments: [Argument], shortValues: Set<Character> = [], attachedOnly: Set<Character> = [],
            longValues: Set<String> = [], singleDash: Bool = false
        ) {
            var index = 0
            var afterDoubleDash = false
            while index < arguments.count {
                let argument = arguments[index]
                defer { index += 1 }
                guard let text = argument.text, !afterDoubleDash, text.hasPrefix("-"), text != "-" else {
                    positionals.append(argument)
                    continue
                }
                if text == "--" {
                    afterDoubleDash = true
                    continue
                }
                if text.hasPrefix("--") || singleDash {
                    let body = text.drop { $0 == "-" }
                    let name = "-" + (text.hasPrefix("--") && !singleDash ? "-" : "") + String(body.prefix { $0 != "=" })
                    if let equals = text.firstIndex(of: "=") {
                        let offset = text.utf8.distance(from: text.utf8.startIndex, to: equals) + 1
                        options.append(
                            Option(name: name, value: String(text[text.index(after: equals)...]), argument: argument, valueOffset: offset))
                    } else if longValues.contains(name), index + 1 < arguments.count {
                        let next = arguments[index + 1]
                        options.append(
                            Option(name: name, value: next.approximation, argument: argument, valueArgument: next, valueOffset: 0))
                        index += 1
                    } else {
                        options.append(Option(name: name, value: nil, argument: argument, valueOffset: 0))
                    }
                    continue
                }
                let letters = Array(text.dropFirst())
                for (position, letter) in letters.enumerated() {
                    let rest = String(letters[(position + 1)...])
                    let offset = 1 + String(letters[...position]).utf8.count
                    if attachedOnly.contains(letter) {
                        options.append(
                            Option(name: "-\(letter)", value: rest.isEmpty ? nil : rest, argument: argument, valueOffset: offset))
                        break
                    }
                    guard shortValues.contains(letter) else {
                        options.append(Option(name: "-\(letter)", value: nil, argument: argument, valueOffset: 0))
                        continue
                    }
                    if !rest.isEmpty {
                        options.append(Option(name: "-\(letter)", value: rest, argument: argument, valueOffset: offset))
                    } else if index + 1 < arguments.count {
                        let next = arguments[index + 1]
                        options.append(
                            Option(name: "-\(letter)", value: next.approximation, argument: argument, valueArgument: next, valueOffset: 0))
                        index += 1
                    } else {
                        options.append(Option(name: "-\(letter)", value: nil, argument: argument, valueOffset: 0))
                    }
                    break
                }
            }
        }

        func all(_ names: String...) -> [Option] { options.filter { names.contains($0.name) } }
        func first(_ names: String...) -> Option? { options.first { names.contains($0.name) } }
        func has(_ names: String...) -> Bool { options.contains { names.contains($0.name) } }
    }

    // MARK: - Operations

    static let postgresTools: Set<String> = [
        "psql", "pg_restore", "pg_dump", "pg_dumpall", "dropdb", "createdb", "dropuser", "createuser", "pg_isready", "vacuumdb",
        "reindexdb", "clusterdb",
    ]
    static let mysqlTools: Set<String> = ["mysql", "mariadb", "mysqladmin", "mariadb-admin", "mysqldump", "mariadb-dump"]
    static let mongoTools: Set<String> = ["mongosh", "mongo", "mongorestore", "mongoimport", "mongodump", "mongoexport"]
    static let readOnlyTools: Set<String> = [
        "pg_dump", "pg_dumpall", "pg_isready", "mysqldump", "mariadb-dump", "mongodump", "mongoexport",
    ]

    static let psqlShort: Set<Character> = ["c", "d", "f", "h", "p", "U", "v", "o", "L", "F", "R", "P", "T"]
    static let psqlLong: Set<String> = [
        "--command", "--dbname", "--file", "--host", "--port", "--username", "--set", "--variable", "--output",
        "--log-file", "--field-separator", "--record-separator", "--pset", "--table-attr",
    ]
    /// Options of pg_dump, pg_restore, dropdb and friends that take a value (`-c` is --clean there).
    static let pgToolShort: Set<Character> = ["d", "h", "p", "U", "f", "F", "j", "n", "N", "t", "T", "L", "I", "P", "S", "Z"]
    static let mysqlShort: Set<Character> = ["e", "h", "u", "P", "D", "S"]
    static let mysqlLong: Set<String> = [
        "--execute", "--host", "--user", "--port", "--database", "--socket", "--login-path", "--defaults-file",
        "--defaults-extra-file", "--defaults-group-suffix", "--init-command", "--protocol", "--default-character-set",
        "--delimiter", "--pager", "--tee", "--prompt", "--connect-timeout", "--max-allowed-packet", "--ssl-ca",
        "--ssl-cert", "--ssl-key", "--ssl-mode", "--tls-version", "--plugin-dir", "--default-auth", "--bind-address",
    ]
    static let redisShort: Set<Character> = ["h", "p", "s", "a", "u", "n", "r", "i", "d", "D"]
    static let redisLong: Set<String> = [
        "--user", "--pass", "--sni", "--cacert", "--cacertdir", "--cert", "--key", "--tls-ciphers", "--tls-ciphersuites",
        "--rdb", "--functions-rdb", "--eval", "--pattern", "--count", "--quoted-pattern", "--intrinsic-latency",
        "--lru-test", "--pipe-timeout", "--cluster", "--memkeys-samples", "--hotkeys-samples",
    ]
    static let mongoLong: Set<String> = [
        "--eval", "--file", "--host", "--port", "--username", "--password", "--authenticationDatabase",
        "--authenticationMechanism", "--tlsCertificateKeyFile", "--tlsCAFile", "--apiVersion", "--uri", "--db",
        "--collection", "--out", "--archive", "--nsInclude", "--nsExclude", "--query", "--type", "--mode",
    ]

    /// `operations`, read once per invocation for all the family's rules.
    static let memoizedOperations = InvocationMemo { operations($0, $1) }

    /// Everything the command does, in order.
    static func operations(_ invocation: Invocation, _ context: AnalysisContext) -> [Operation] {
        let program = invocation.program
        if isHelp(invocation) {
            return [
                Operation(
                    kind: .help, effectClass: .read, message: "Shows help or the version; changes nothing", span: helpSpan(invocation))
            ]
        }
        switch program {
        case "psql":
            return psql(invocation, context.postgres)
        case "mysql", "mariadb":
            return mysql(invocation)
        case "sqlite3", "sqlite":
            return sqlite(invocation)
        case "cqlsh":
            return sqlClient(
                invocation, dialect: .generic, shortValues: ["e", "f", "k", "u", "p", "b"],
                longValues: [
                    "--execute", "--file", "--keyspace", "--username", "--password", "--cqlshrc", "--cqlversion", "--protocol-version",
                    "--encoding", "--connect-timeout", "--request-timeout", "--secure-connect-bundle",
                ],
                sql: ["-e", "--execute"], files: ["-f", "--file"])
        case "clickhouse-client", "clickhouse":
            var inner = invocation
            if program == "clickhouse" {
                guard invocation.arguments.first?.text == "client" else { return [] }
                inner.arguments.removeFirst()
            }
            return sqlClient(
                inner, dialect: .generic, shortValues: ["q", "h", "u", "d", "f"],
                longValues: [
                    "--query", "--host", "--port", "--user", "--password", "--database", "--format", "--queries-file", "--config-file",
                    "--config",
                ],
                sql: ["-q", "--query"], files: ["--queries-file"])
        case "cockroach":
            return cockroach(invocation)
        case "dropdb":
            let options = Options(
                invocation.arguments, shortValues: ["h", "p", "U"], longValues: ["--host", "--port", "--username", "--maintenance-db"])
            let name = options.positionals.first?.approximation
            return [
                Operation(
                    kind: .dropDatabase, effectClass: .irreversible,
                    message: "dropdb deletes the database \(name ?? "it names") and everything in it", span: invocation.programSpan,
                    resources: name.map { [$0] } ?? [])
            ]
        case "dropuser":
            let options = Options(invocation.arguments, shortValues: ["h", "p", "U"], longValues: ["--host", "--port", "--username"])
            let name = options.positionals.first?.approximation
            return [
                Operation(
                    kind: .privilege, effectClass: .privilege, message: "dropuser removes the role \(name ?? "it names")",
                    span: invocation.programSpan, resources: name.map { [$0] } ?? [])
            ]
        case "createuser":
            return [
                Operation(
                    kind: .privilege, effectClass: .privilege, message: "createuser creates a database role", span: invocation.programSpan)
            ]
        case "createdb", "vacuumdb", "reindexdb", "clusterdb":
            return [Operation(kind: .write, effectClass: .write, message: "\(program) changes a database", span: invocation.programSpan)]
        case "mysqladmin", "mariadb-admin":
            return mysqladmin(invocation)
        case "pg_restore":
            return pgRestore(invocation)
        case "mongosh", "mongo":
            return mongoShell(invocation)
        case "mongorestore", "mongoimport":
            if let drop = invocation.arguments.first(where: { $0.text == "--drop" }) {
                return [
                    Operation(
                        kind: .restoreClean, effectClass: .irreversible,
                        message: "\(program) --drop deletes each collection before loading the backup into it", span: drop.span)
                ]
            }
            if let dry = invocation.arguments.first(where: { $0.text == "--dryRun" }) {
                return [Operation(kind: .read, effectClass: .read, message: "\(program) --dryRun changes nothing", span: dry.span)]
            }
            return [
                Operation(
                    kind: .write, effectClass: .write, message: "\(program) loads documents into the database", span: invocation.programSpan
                )
            ]
        case "redis-cli":
            return redis(invocation)
        default:
            if readOnlyTools.contains(program) {
                return [
                    Operation(kind: .read, effectClass: .read, message: "\(program) only reads the database", span: invocation.programSpan)
                ]
            }
            return []
        }
    }

    static func isHelp(_ invocation: Invocation) -> Bool {
        let texts = invocation.arguments.compactMap(\.text)
        if texts.contains(where: { ["--help", "-help", "--version", "-version"].contains($0) }) { return true }
        if invocation.program == "psql" || postgresTools.contains(invocation.program) || mysqlTools.contains(invocation.program) {
            return texts.contains("-?") || texts.contains("-V")
        }
        return false
    }

    static func helpSpan(_ invocation: Invocation) -> SourceSpan {
        invocation.arguments.first { ["--help", "-help", "--version", "-version", "-?", "-V"].contains($0.text ?? "") }?.span
            ?? invocation.programSpan
    }

    // MARK: SQL clients

    /// PostgreSQL text read by PostgreSQL's own parser when the edge provides it.
    static func postgresSQL(_ source: Source, reader: (any PostgresReader)?, client: String) -> [Operation] {
        guard let reader else { return sql(source, dialect: .postgres, client: client) }
        let verdicts = reader.classify(source.text)
        guard !verdicts.isEmpty else {
            return [Operation(kind: .read, effectClass: .read, message: "\(client) is given no statements to run", span: source.span)]
        }
        return verdicts.map { verdict in
            let evidence = verdict.evidence ?? verdict.range
            return Operation(
                kind: verdict.kind, effectClass: verdict.effectClass,
                message: "\(client) runs `\(verdict.display)`, which \(verdict.consequence)",
                span: source.span(evidence.lowerBound, evidence.upperBound), resources: verdict.resources)
        }
    }

    static func sql(_ source: Source, dialect: SQLDialect, client: String) -> [Operation] {
        let statements = SQLLexer.statements(in: source.text, dialect: dialect)
        guard !statements.isEmpty else {
            return [Operation(kind: .read, effectClass: .read, message: "\(client) is given no statements to run", span: source.span)]
        }
        return statements.map { statement in
            let verdict = SQLClassifier.classify(statement, dialect: dialect)
            let evidence = verdict.evidence ?? (statement.start, statement.end)
            return Operation(
                kind: verdict.kind, effectClass: verdict.effectClass,
                message: "\(client) runs `\(statement.display())`, which \(verdict.consequence)",
                span: source.span(evidence.start, evidence.end), resources: verdict.resources)
        }
    }

    static func dynamic(_ option: Options.Option, client: String, what: String = "SQL") -> Operation {
        Operation(
            kind: .code, effectClass: .opaque,
            message:
                "\(client) runs \(what) only known at run time (\((option.valueArgument ?? option.argument).approximation)), so it cannot be checked",
            span: option.span)
    }

    static func scriptFile(_ option: Options.Option, client: String) -> Operation {
        Operation(
            kind: .scriptInput, effectClass: .opaque,
            message: "\(client) runs the file \(option.value ?? "it names"), whose contents are not checked here",
            span: option.span, resources: option.value.map { [$0] } ?? [])
    }

    /// What reaches a client on standard input when nothing on its command line gives it work.
    static func standardInput(_ invocation: Invocation, client: String, interpret: (Source) -> [Operation]) -> [Operation] {
        switch invocation.standardInput {
        case .text(let text, let span, let isExact):
            return interpret(Source(standardInput: text, span: span, isExact: isExact))
        case .pipe(let from, _):
            return [
                Operation(
                    kind: .scriptInput, effectClass: .opaque,
                    message: "\(client) runs whatever \(from) prints, which cannot be checked before it runs",
                    span: invocation.programSpan)
            ]
        case .file(let path, let span):
            return [
                Operation(
                    kind: .scriptInput, effectClass: .opaque,
                    message: "\(client) runs the contents of \(path), which are not checked here", span: span, resources: [path])
            ]
        case .terminal:
            return [
                Operation(
                    kind: .interactive, effectClass: .opaque,
                    message: "\(client) opens an interactive session; what is typed into it cannot be checked",
                    span: invocation.programSpan)
            ]
        }
    }

    static func psql(_ invocation: Invocation, _ reader: (any PostgresReader)?) -> [Operation] {
        let options = Options(invocation.arguments, shortValues: psqlShort, longValues: psqlLong)
        var operations: [Operation] = []
        for option in options.options {
            switch option.name {
            case "-c", "--command":
                guard let source = option.source else {
                    operations.append(dynamic(option, client: "psql"))
                    continue
                }
                operations += postgresSQL(source, reader: reader, client: "psql")
            case "-f", "--file":
                if option.value == "-" {
                    operations += standardInput(invocation, client: "psql") { postgresSQL($0, reader: reader, client: "psql") }
                } else {
                    operations.append(scriptFile(option, client: "psql"))
                }
            default:
                continue
            }
        }
        if !operations.isEmpty { return operations }
        if let list = options.first("-l", "--list") {
            return [Operation(kind: .read, effectClass: .read, message: "psql -l lists the databases", span: list.argument.span)]
        }
        return standardInput(invocation, client: "psql") { postgresSQL($0, reader: reader, client: "psql") }
    }

    static func mysql(_ invocation: Invocation) -> [Operation] {
        let client = invocation.program
        let options = Options(invocation.arguments, shortValues: mysqlShort, attachedOnly: ["p"], longValues: mysqlLong)
        var operations: [Operation] = []
        for option in options.all("-e", "--execute", "--init-command") {
            guard let source = option.source else {
                operations.append(dynamic(option, client: client))
                continue
            }
            operations += sql(source, dialect: .mysql, client: client)
        }
        if options.has("-e", "--execute") { return operations }
        return operations + standardInput(invocation, client: client) { sql($0, dialect: .mysql, client: client) }
    }

    /// cqlsh and clickhouse-client: SQL options, script-file options, or standard input.
    static func sqlClient(
        _ invocation: Invocation, dialect: SQLDialect, shortValues: Set<Character>, longValues: Set<String>,
        sql sqlNames: Set<String>, files: Set<String>
    ) -> [Operation] {
        let client = invocation.program
        let options = Options(invocation.arguments, shortValues: shortValues, longValues: longValues)
        var operations: [Operation] = []
        for option in options.options {
            if sqlNames.contains(option.name) {
                if let source = option.source {
                    operations += sql(source, dialect: dialect, client: client)
                } else {
                    operations.append(dynamic(option, client: client))
                }
            } else if files.contains(option.name) {
                operations.append(scriptFile(option, client: client))
            }
        }
        if !operations.isEmpty { return operations }
        return standardInput(invocation, client: client) { sql($0, dialect: dialect, client: client) }
    }

    static func sqlite(_ invocation: Invocation) -> [Operation] {
        let options = Options(
            invocation.arguments,
            longValues: ["-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-mmap", "-heap", "-maxsize", "-escape"],
            singleDash: true)
        var operations: [Operation] = []
        for option in options.options {
            if option.name == "-cmd" {
                if let source = option.source {
                    operations += sql(source, dialect: .sqlite, client: "sqlite3")
                } else {
                    operations.append(dynamic(option, client: "sqlite3"))
                }
            } else if option.name == "-init" {
                operations.append(scriptFile(option, client: "sqlite3"))
            }
        }
        for argument in options.positionals.dropFirst() {
            if let source = Source(argument) {
                operations += sql(source, dialect: .sqlite, client: "sqlite3")
            } else {
                operations.append(
                    Operation(
                        kind: .code, effectClass: .opaque,
                        message: "sqlite3 runs SQL only known at run time (\(argument.approximation)), so it cannot be checked",
                        span: argument.span))
            }
        }
        if options.positionals.count < 2 {
            operations += standardInput(invocation, client: "sqlite3") { sql($0, dialect: .sqlite, client: "sqlite3") }
        }
        if let readOnly = options.first("-readonly") {
            // Writes fail on a read-only connection; shell escapes and scripts still run.
            return operations.map { operation in
                guard [.write, .privilege, .unknown, .drop, .truncate, .unboundedChange, .dropColumn].contains(operation.kind) else {
                    return operation
                }
                return Operation(
                    kind: .read, effectClass: .read, message: operation.message + " (but -readonly makes it fail)",
                    span: readOnly.argument.span)
            }
        }
        return operations
    }

    static func cockroach(_ invocation: Invocation) -> [Operation] {
        let words = invocation.positionals(optionsWithValues: [
            "--url", "--host", "--certs-dir", "-d", "--database", "-u", "--user", "--format",
        ])
        switch words.first?.text {
        case "sql":
            var inner = invocation
            if let index = inner.arguments.firstIndex(where: { $0.text == "sql" }) { inner.arguments.remove(at: index) }
            return sqlClient(
                inner, dialect: .generic, shortValues: ["e", "f", "d", "u"],
                longValues: [
                    "--execute", "--file", "--url", "--host", "--database", "--user", "--certs-dir", "--format", "--set", "--port",
                ],
                sql: ["-e", "--execute"], files: ["-f", "--file"])
        case "node" where words.dropFirst().first?.text == "decommission":
            return [
                Operation(
                    kind: .serverControl, effectClass: .destroy, message: "cockroach node decommission removes nodes from the cluster",
                    span: words[0].span.union(words[1].span))
            ]
        default:
            return []
        }
    }

    // MARK: Tools

    static func mysqladmin(_ invocation: Invocation) -> [Operation] {
        let options = Options(
            invocation.arguments, shortValues: ["h", "u", "P", "S", "c", "i"], attachedOnly: ["p"], longValues: mysqlLong)
        var operations: [Operation] = []
        var words = options.positionals[...]
        while let word = words.first {
            words = words.dropFirst()
            let command = (word.text ?? "").lowercased()
            switch command {
            case "drop":
                let name = words.first
                words = words.dropFirst()
                operations.append(
                    Operation(
                        kind: .dropDatabase, effectClass: .irreversible,
                        message: "mysqladmin drop deletes the database \(name?.approximation ?? "it names") and every table in it",
                        span: word.span.union(name?.span ?? word.span), resources: name.map { [$0.approximation] } ?? []))
            case "create":
                words = words.dropFirst()
                operations.append(
                    Operation(kind: .write, effectClass: .write, message: "mysqladmin create creates a database", span: word.span))
            case "shutdown":
                operations.append(
                    Operation(
                        kind: .serverControl, effectClass: .destroy, message: "mysqladmin shutdown stops the database server",
                        span: word.span))
            case "password", "old-password":
                words = words.dropFirst()
                operations.append(
                    Operation(kind: .privilege, effectClass: .privilege, message: "mysqladmin password changes a password", span: word.span)
                )
            case "status", "ping", "version", "variables", "extended-status", "processlist":
                operations.append(Operation(kind: .read, effectClass: .read, message: "mysqladmin \(command) only reads", span: word.span))
            default:
                operations.append(
                    Operation(
                        kind: .write, effectClass: .write, message: "mysqladmin \(command) changes the server's state", span: word.span))
            }
        }
        return operations
    }

    static func pgRestore(_ invocation: Invocation) -> [Operation] {
        let options = Options(
            invocation.arguments, shortValues: ["d", "f", "F", "I", "j", "L", "n", "N", "P", "S", "t", "T", "h", "p", "U"],
            longValues: [
                "--dbname", "--file", "--format", "--index", "--jobs", "--use-list", "--schema", "--exclude-schema", "--function",
                "--superuser", "--table", "--trigger", "--host", "--port", "--username", "--role", "--section",
            ])
        if let list = options.first("-l", "--list") {
            return [
                Operation(kind: .read, effectClass: .read, message: "pg_restore --list only lists the archive", span: list.argument.span)
            ]
        }
        guard let database = options.first("-d", "--dbname") else {
            return [
                Operation(
                    kind: .read, effectClass: .read, message: "pg_restore without --dbname only prints the SQL it would run",
                    span: invocation.programSpan)
            ]
        }
        if let clean = options.first("-c", "--clean") {
            return [
                Operation(
                    kind: .restoreClean, effectClass: .irreversible,
                    message:
                        "pg_restore --clean drops every object in \(database.value ?? "the database") that the archive holds before recreating it from the archive",
                    span: clean.argument.span, resources: database.value.map { [$0] } ?? [])
            ]
        }
        return [
            Operation(
                kind: .write, effectClass: .write, message: "pg_restore loads an archive into \(database.value ?? "the database")",
                span: invocation.programSpan)
        ]
    }

    // MARK: MongoDB

    static func mongoShell(_ invocation: Invocation) -> [Operation] {
        let client = invocation.program
        let options = Options(invocation.arguments, shortValues: ["u", "p", "f"], longValues: mongoLong)
        var operations: [Operation] = []
        for option in options.options {
            switch option.name {
            case "--eval":
                if let source = option.source {
                    operations += mongo(source, client: client)
                } else {
                    operations.append(dynamic(option, client: client, what: "code"))
                }
            case "--file", "-f":
                operations.append(scriptFile(option, client: client))
            default:
                continue
            }
        }
        for script in options.positionals where (script.text ?? "").hasSuffix(".js") {
            operations.append(
                Operation(
                    kind: .scriptInput, effectClass: .opaque,
                    message: "\(client) runs the script \(script.approximation), whose contents are not checked here", span: script.span))
        }
        if !operations.isEmpty { return operations }
        if options.has("--nodb") {
            return [
                Operation(
                    kind: .read, effectClass: .read, message: "\(client) --nodb connects to no database", span: invocation.programSpan)
            ]
        }
        return standardInput(invocation, client: client) { mongo($0, client: client) }
    }

    /// MongoDB shell code, judged by the calls it makes.
    static func mongo(_ source: Source, client: String) -> [Operation] {
        let compact = String(source.text.filter { !$0.isWhitespace }).lowercased()
        var shown = SQLStatement(tokens: [], start: 0, end: 0, text: source.text, isClientCommand: false, isUnterminated: false).display()
        // Keep passwords (`pwd: "…"`) out of the message.
        if let secret = shown.lowercased().firstRange(of: "pwd") ?? shown.lowercased().firstRange(of: "password") {
            let offset = shown.lowercased().distance(from: shown.lowercased().startIndex, to: secret.lowerBound)
            shown = String(shown.prefix(offset)) + "…"
        }
        let bytes = Array(source.text.utf8)
        let start = bytes.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? 0
        let end = (bytes.lastIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }).map { $0 + 1 } ?? bytes.count
        func operation(_ kind: DatabaseEffectKind, _ effectClass: EffectClass, _ consequence: String, resources: [String] = [])
            -> [Operation]
        {
            [
                Operation(
                    kind: kind, effectClass: effectClass, message: "\(client) runs `\(shown)`, which \(consequence)",
                    span: source.span(start, max(start, end)), resources: resources)
            ]
        }
        if compact.contains(".dropdatabase(") || compact.contains("{dropdatabase:") {
            return operation(.documentDrop, .irreversible, "deletes the whole database")
        }
        for call in [".drop(", "{drop:"] where compact.contains(call) {
            return operation(
                .documentDrop, .irreversible, "deletes a collection and every document in it",
                resources: collectionNames(compact, before: ".drop("))
        }
        for call in ["deletemany({})", "deletemany()", ".remove({})", ".remove()", "{delete:", "updatemany({},"]
        where compact.contains(call) {
            return operation(
                .documentDrop, .irreversible,
                call.hasPrefix("update")
                    ? "changes every document of a collection: the filter is empty"
                    : "deletes every document of a collection: the filter is empty")
        }
        if compact.contains("shutdownserver(") || compact.contains("{shutdown:") {
            return operation(.serverControl, .destroy, "shuts the database server down")
        }
        for call in ["eval(", "load(", "runprogram(", "require(", "child_process", "process.", "function("] where startsCall(compact, call)
        {
            return operation(.code, .opaque, "runs code (\(call.trimmingCharacters("(")) that cannot be followed")
        }
        for call in [
            "createuser(", "updateuser(", "dropuser(", "dropallusers(", "grantrolestouser(", "revokerolesfromuser(", "createrole(",
            "droprole(", "changeuserpassword(", "grantprivilegestorole(",
        ] where compact.contains(call) {
            return operation(.privilege, .privilege, "changes users or roles")
        }
        for call in [
            ".insert", ".update", ".delete", ".remove(", ".replaceone(", ".bulkwrite(", ".createcollection(", ".createindex", ".dropindex",
            ".renamecollection(", ".findoneand", "$out", "$merge", ".save(", ".setprofilinglevel(", ".runcommand(", ".admincommand(",
        ] where compact.contains(call) {
            return operation(.write, .write, "changes data or settings")
        }
        if startsCall(compact, "rs.") || startsCall(compact, "sh.") {
            return operation(.write, .write, "changes data or settings")
        }
        return operation(.read, .read, "only reads")
    }

    /// Whether `code` contains `call` not preceded by a letter, digit or `_` (so `users.` is not `rs.`).
    static func startsCall(_ code: String, _ call: String) -> Bool {
        var rest = code[...]
        while let range = rest.firstRange(of: call) {
            if range.lowerBound == code.startIndex { return true }
            let before = code[code.index(before: range.lowerBound)]
            if !(before.isLetter || before.isNumber || before == "_") { return true }
            rest = code[range.upperBound...]
        }
        return false
    }

    static func collectionNames(_ compact: String, before call: String) -> [String] {
        guard let range = compact.firstRange(of: call) else { return [] }
        let prefix = compact[..<range.lowerBound]
        if prefix.hasSuffix(")"), let open = prefix.lastIndex(of: "(") {
            let inside = prefix[prefix.index(after: open)..<prefix.index(before: prefix.endIndex)].filter { $0 != "'" && $0 != "\"" }
            return inside.isEmpty ? [] : [String(inside)]
        }
        let name = prefix.split(separator: ".").last.map(String.init) ?? ""
        return name.isEmpty || name == "db" ? [] : [name]
    }

    // MARK: Redis

    static let redisReads: Set<String> = [
        "GET", "MGET", "KEYS", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "EXISTS", "TTL", "PTTL", "TYPE", "STRLEN", "GETRANGE",
        "HGET", "HGETALL", "HMGET", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HSTRLEN", "HRANDFIELD", "LRANGE", "LLEN",
        "LINDEX", "LPOS", "SMEMBERS", "SCARD", "SISMEMBER", "SMISMEMBER", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF",
        "SINTERCARD", "ZRANGE", "ZRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZCARD", "ZCOUNT",
        "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZLEXCOUNT", "ZINTERCARD", "XRANGE", "XREVRANGE", "XLEN", "XREAD",
        "XINFO", "XPENDING", "PING", "ECHO", "INFO", "DBSIZE", "TIME", "LASTSAVE", "MONITOR", "SUBSCRIBE", "PSUBSCRIBE",
        "SSUBSCRIBE", "PUBSUB", "OBJECT", "DUMP", "RANDOMKEY", "GETBIT", "BITCOUNT", "BITPOS", "PFCOUNT", "GEOPOS",
        "GEODIST", "GEOHASH", "GEOSEARCH", "GEORADIUS_RO", "GEORADIUSBYMEMBER_RO", "COMMAND", "ROLE", "SELECT", "AUTH",
        "HELLO", "QUIT", "LOLWUT", "READONLY", "READWRITE", "WAIT", "SORT_RO", "EXPIRETIME", "PEXPIRETIME", "LCS",
        "EVAL_RO", "EVALSHA_RO", "FCALL_RO", "JSON.GET", "JSON.MGET", "JSON.TYPE", "FT.SEARCH", "FT.INFO",
        "FT.AGGREGATE", "TS.RANGE", "TS.GET", "TS.INFO", "MEMORY", "LATENCY", "SLOWLOG", "CLIENT", "CLUSTER", "CONFIG",
        "ACL", "MODULE", "FUNCTION", "SCRIPT", "XAUTOCLAIM",
    ]
    /// Subcommands of the container commands above that change something.
    static let redisWritingSubcommands: Set<String> = [
        "RESET", "KILL", "SETNAME", "PAUSE", "UNPAUSE", "NO-EVICT", "NO-TOUCH", "SET", "REWRITE", "RESETSTAT",
        "SETUSER", "DELUSER", "LOAD", "SAVE", "UNLOAD", "FLUSH", "RESTORE", "DELETE", "ADDSLOTS", "DELSLOTS",
        "FAILOVER", "FORGET", "MEET", "REPLICATE", "SETSLOT", "PURGE", "KILL", "DRYRUN", "GENPASS", "TRACKING",
        "REPLY", "CACHING",
    ]

    static func redis(_ invocation: Invocation) -> [Operation] {
        let options = Options(invocation.arguments, shortValues: redisShort, longValues: redisLong)
        if let eval = options.first("--eval") {
            return [
                Operation(
                    kind: .scriptInput, effectClass: .opaque,
                    message: "redis-cli runs the Lua script \(eval.value ?? "it names"), whose contents are not checked here",
                    span: eval.span)
            ]
        }
        var words = options.positionals
        if let cluster = options.first("--cluster") {
            // `--cluster call host:port COMMAND …` runs the command on every node.
            guard cluster.value == "call" else {
                let action = cluster.value ?? ""
                if ["check", "info"].contains(action) {
                    return [
                        Operation(kind: .read, effectClass: .read, message: "redis-cli --cluster \(action) only reads", span: cluster.span)
                    ]
                }
                return [
                    Operation(
                        kind: .write, effectClass: .write, message: "redis-cli --cluster \(action) changes the cluster", span: cluster.span)
                ]
            }
            words = Array(words.dropFirst())
        }
        if !words.isEmpty {
            let span = words[0].span.union(words[words.count - 1].span)
            return [redisCommand(words.map(\.approximation), span: span)]
        }
        for flag in [
            "--scan", "--bigkeys", "--memkeys", "--hotkeys", "--stat", "--latency", "--latency-history", "--latency-dist", "--rdb",
            "--functions-rdb", "--intrinsic-latency", "--keystats",
        ] {
            if let option = options.first(flag) {
                return [Operation(kind: .read, effectClass: .read, message: "redis-cli \(flag) only reads", span: option.argument.span)]
            }
        }
        return standardInput(invocation, client: "redis-cli") { source in
            var operations: [Operation] = []
            var offset = 0
            for line in source.text.split(separator: "\n", omittingEmptySubsequences: false) {
                let lineLength = line.utf8.count
                defer { offset += lineLength + 1 }
                let words = redisWords(String(line))
                guard !words.isEmpty else { continue }
                let leading = line.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
                var trailing = lineLength
                while trailing > leading, [0x20, 0x09, 0x0D].contains(Array(line.utf8)[trailing - 1]) { trailing -= 1 }
                let span = source.span(offset + leading, offset + trailing)
                operations.append(redisCommand(words, span: span))
            }
            if operations.isEmpty {
                return [Operation(kind: .read, effectClass: .read, message: "redis-cli is given no commands", span: source.span)]
            }
            return operations
        }
    }

    /// A redis command line split into words, honouring double and single quotes.
    static func redisWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The words with passwords replaced: `AUTH pw`, `HELLO 3 AUTH user pw`, `MIGRATE … AUTH2 u pw`,
    /// `CONFIG SET requirepass pw`, `ACL SETUSER bob >pw`.
    static func redisRedacted(_ words: [String]) -> [String] {
        var result = words
        let name = words.first?.uppercased() ?? ""
        for (index, word) in words.enumerated() {
            let upper = word.uppercased()
            if name == "AUTH" && index > 0 { result[index] = "…" }
            if upper == "AUTH" && index > 0 {
                for next in (index + 1)..<min(words.count, index + (name == "HELLO" ? 3 : 2)) { result[next] = "…" }
            }
            if upper == "AUTH2" {
                for next in (index + 1)..<min(words.count, index + 3) { result[next] = "…" }
            }
            if ["REQUIREPASS", "MASTERAUTH"].contains(upper), index + 1 < words.count { result[index + 1] = "…" }
            if name == "ACL", index > 2, let first = word.first, ">#<!".contains(first) { result[index] = String(first) + "…" }
        }
        return result
    }

    static func redisCommand(_ words: [String], span: SourceSpan) -> Operation {
        let name = words[0].uppercased()
        let sub = words.count > 1 ? words[1].uppercased() : ""
        let shown = redisRedacted(words).map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: " ")
        let shownShort = shown.count > 80 ? String(shown.prefix(79)) + "…" : shown
        func operation(
            _ kind: DatabaseEffectKind, _ effectClass: EffectClass, _ consequence: String, span evidence: SourceSpan? = nil,
            resources: [String] = []
        ) -> Operation {
            Operation(
                kind: kind, effectClass: effectClass, message: "redis-cli runs `\(shownShort)`, which \(consequence)",
                span: evidence ?? span, resources: resources)
        }
        switch name {
        case "FLUSHALL":
            return operation(.keyFlush, .irreversible, "deletes every key in every database of the server")
        case "FLUSHDB":
            return operation(.keyFlush, .irreversible, "deletes every key in the selected database")
        case "SHUTDOWN":
            return words.contains { $0.uppercased() == "NOSAVE" }
                ? operation(.serverControl, .irreversible, "stops the server without saving, losing every write since the last snapshot")
                : operation(.serverControl, .destroy, "stops the server")
        case "REPLICAOF", "SLAVEOF":
            if sub == "NO" { return operation(.write, .write, "promotes the server to a primary") }
            return operation(
                .serverControl, .irreversible,
                "turns the server into a replica of \(words.dropFirst().joined(separator: " ")), discarding every key it holds")
        case "DEBUG":
            return sub == "SLEEP" || sub == "OBJECT"
                ? operation(.read, .read, "only inspects") : operation(.serverControl, .destroy, "can crash, reload or empty the server")
        case "EVAL", "EVALSHA", "FCALL":
            let script = words.dropFirst().first?.lowercased() ?? ""
            if script.contains("flushall") || script.contains("flushdb") {
                return operation(.keyFlush, .irreversible, "runs a script that deletes every key")
            }
            return operation(.code, .opaque, "runs a server-side script whose effect cannot be checked")
        case "CONFIG" where sub == "SET":
            let setting = words.count > 2 ? words[2].lowercased() : ""
            let value = words.count > 3 ? words[3].lowercased() : ""
            if (setting == "save" && value.isEmpty) || (setting == "appendonly" && value == "no") {
                return operation(.serverControl, .irreversible, "turns off persistence, so a restart loses every key")
            }
            if ["requirepass", "protected-mode", "masterauth", "aclfile", "rename-command"].contains(setting) {
                return operation(.privilege, .privilege, "changes who may connect")
            }
            return operation(.write, .write, "changes the server's configuration")
        case "ACL" where redisWritingSubcommands.contains(sub):
            return operation(.privilege, .privilege, "changes users and their rights")
        case "CLUSTER" where sub == "RESET":
            return operation(.serverControl, .destroy, "resets the node's cluster state")
        case "DEL", "UNLINK":
            return operation(
                .write, .write, "deletes the keys \(words.dropFirst().joined(separator: ", "))", resources: Array(words.dropFirst()))
        default:
            if redisReads.contains(name) && !redisWritingSubcommands.contains(sub) {
                return operation(.read, .read, "only reads")
            }
            return operation(.write, .write, "changes keys or the server's state")
        }
    }

    // MARK: - Where it lands

    static func hints(_ invocation: Invocation, _ context: AnalysisContext) -> [TargetHint] {
        var hints = DatabaseHints()
        let program = invocation.program
        let arguments = invocation.arguments
        if postgresTools.contains(program) {
            let options =
                program == "psql"
                ? Options(arguments, shortValues: psqlShort, longValues: psqlLong)
                : Options(
                    arguments, shortValues: pgToolShort,
                    longValues: psqlLong.union(["--maintenance-db", "--format", "--jobs", "--schema", "--table"]))
            for option in options.all("-h", "--host") { hints.host(option.value, source: option.name) }
            for option in options.all("-d", "--dbname", "--maintenance-db") { hints.connection(option.value, source: option.name) }
            if program == "psql" || program == "pgcli" || program == "pg_dump" || program == "dropdb" || program == "createdb" {
                hints.connection(options.positionals.first?.text, source: "\(program)'s database argument")
            }
        } else if mysqlTools.contains(program) {
            let options = Options(arguments, shortValues: mysqlShort, attachedOnly: ["p"], longValues: mysqlLong)
            for option in options.all("-h", "--host") { hints.host(option.value, source: option.name) }
            for option in options.all("--login-path", "--defaults-group-suffix") { hints.name(option.value, source: option.name) }
            for option in options.all("-D", "--database") { hints.name(option.value, source: option.name) }
            if program == "mysql" || program == "mariadb" || program == "mysqldump" {
                hints.name(options.positionals.first?.text, source: "\(program)'s database argument")
            }
        } else if program == "redis-cli" {
            let options = Options(arguments, shortValues: redisShort, longValues: redisLong)
            for option in options.all("-h") { hints.host(option.value, source: "-h") }
            for option in options.all("-u") { hints.url(option.value, source: "-u") }
        } else if mongoTools.contains(program) {
            let options = Options(arguments, shortValues: ["u", "p", "f", "h", "d"], longValues: mongoLong)
            for option in options.all("--host", "-h") {
                // `rs0/host1:27017,host2:27017`
                let hosts = option.value.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
                hints.host(hosts, source: "--host")
            }
            for option in options.all("--uri") { hints.url(option.value, source: "--uri") }
            for argument in options.positionals where !(argument.text ?? "").hasSuffix(".js") {
                hints.connection(argument.text, source: "\(program)'s connection argument", plainIsHost: true)
            }
            for option in options.all("--db", "-d") { hints.name(option.value, source: option.name) }
        } else if program == "sqlite3" || program == "sqlite" {
            let options = Options(
                arguments, longValues: ["-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-mmap", "-heap", "-maxsize"],
                singleDash: true)
            if let file = options.positionals.first?.text, file != ":memory:" {
                // The file's directory first (a `prod/` directory counts), then the file itself,
                // which the default policy treats as a development database.
                let path = Paths.resolve(file, cwd: context.cwd, home: context.home)
                let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
                hints.add(.directory, directory.isEmpty ? "/" : directory, source: "the directory of the sqlite3 database file")
                hints.add(.databaseURL, "sqlite:" + Paths.lastComponent(path), source: "the sqlite3 database file")
            }
        } else if program == "cqlsh" {
            let options = Options(
                arguments, shortValues: ["e", "f", "k", "u", "p", "b"],
                longValues: ["--execute", "--file", "--keyspace", "--username", "--password", "--cqlshrc"])
            hints.host(options.positionals.first?.text, source: "cqlsh's host argument")
            for option in options.all("-k", "--keyspace") { hints.name(option.value, source: option.name) }
        } else if program.hasPrefix("clickhouse") || program == "cockroach" {
            let options = Options(
                arguments, shortValues: ["h", "d", "q", "u", "e", "f"],
                longValues: ["--host", "--database", "--url", "--query", "--user", "--execute", "--file", "--certs-dir"])
            for option in options.all("--url") { hints.url(option.value, source: "--url") }
            for option in options.all("-h", "--host") { hints.host(option.value, source: option.name) }
            for option in options.all("-d", "--database") { hints.name(option.value, source: option.name) }
        }
        var variables: [(String, TargetHint.Kind)] = []
        if postgresTools.contains(program) {
            variables = [("PGHOST", .databaseHost), ("PGHOSTADDR", .databaseHost), ("PGSERVICE", .name), ("PGDATABASE", .name)]
        } else if mysqlTools.contains(program) {
            variables = [("MYSQL_HOST", .databaseHost)]
        } else if program == "redis-cli" {
            variables = [("REDIS_URL", .databaseURL), ("REDIS_HOST", .databaseHost)]
        } else if mongoTools.contains(program) {
            variables = [("MONGODB_URI", .databaseURL), ("MONGO_URL", .databaseURL), ("MONGO_URI", .databaseURL)]
        } else if program == "cockroach" {
            variables = [("COCKROACH_URL", .databaseURL), ("COCKROACH_HOST", .databaseHost)]
        } else if program.hasPrefix("clickhouse") {
            variables = [("CLICKHOUSE_HOST", .databaseHost)]
        }
        variables.append(("DATABASE_URL", .databaseURL))
        hints.variables(variables, invocation, context)
        return hints.hints
    }

    // MARK: - Rules

    static func strictest(_ operations: [Operation], kinds: Set<DatabaseEffectKind>) -> Operation? {
        guard let top = operations.map(\.effectClass).max() else { return nil }
        return operations.first { $0.effectClass == top && kinds.contains($0.kind) }
    }

    static func rule(
        _ id: String, _ effectClass: EffectClass, _ kinds: Set<DatabaseEffectKind>, summary: String, safer: String? = nil,
        triggering: [String], nonTriggering: [String]
    ) -> CommandRule {
        CommandRule(id, effectClass, summary: summary, safer: safer, triggering: triggering, nonTriggering: nonTriggering) {
            invocation, context in
            guard let operation = strictest(memoizedOperations(invocation, context), kinds: kinds) else { return nil }
            return RuleMatch(
                span: operation.span, resources: operation.resources, message: operation.message,
                effectClass: operation.effectClass == effectClass ? nil : operation.effectClass)
        }
    }

    public static let family = ToolFamily(
        name: "database",
        programs: [
            "psql", "mysql", "mariadb", "dropdb", "dropuser", "createdb", "createuser", "mysqladmin", "mariadb-admin",
            "mongosh", "mongo", "redis-cli", "sqlite3", "pg_restore", "cqlsh", "clickhouse-client", "clickhouse", "cockroach",
            "pg_dump", "pg_dumpall", "pg_isready", "mysqldump", "mariadb-dump", "mongorestore", "mongoimport", "mongodump",
            "mongoexport", "vacuumdb", "reindexdb", "clusterdb",
        ],
        isRemote: true,
        rules: [
            rule(
                "database.help", .read, [.help], summary: "Shows help or the version; changes nothing",
                triggering: ["psql «--help»", "mysql «--version»", "dropdb «--help»", "redis-cli «--help»"],
                nonTriggering: ["psql -h db -c 'select 1'", "dropdb app"]),
            rule(
                "database.drop-database", .irreversible, [.dropDatabase],
                summary: "Deletes a whole database and everything in it",
                safer: "Take a backup (pg_dump/mysqldump) and rename the database instead; drop it later by hand once nothing uses it",
                triggering: [
                    "«dropdb» app_production", "«dropdb» -h prod-db.internal -U admin --if-exists app",
                    "mysqladmin -h prod-db -u root «drop app»", "mysqladmin -f «drop app»",
                ],
                nonTriggering: ["createdb app", "mysqladmin status", "psql -c 'select 1'"]),
            rule(
                "database.restore-clean", .irreversible, [.restoreClean],
                summary: "Restores a backup over a live database, dropping what is there first",
                safer: "Restore into a new database, check it, then switch the application over",
                triggering: [
                    "pg_restore «--clean» -d app dump.backup", "pg_restore -h prod-db «-c» -d app -Fc dump.backup",
                    "mongorestore «--drop» --uri mongodb://prod-mongo/app dump/",
                ],
                nonTriggering: ["pg_restore -Fc -d app dump.backup", "pg_restore --clean -f out.sql dump.backup", "mongorestore dump/"]),
            rule(
                "database.sql-drop", .irreversible, [.drop],
                summary: "SQL that drops a database, schema or table (or another object) with its data",
                safer: "Rename the object first (ALTER TABLE t RENAME TO t_del), take a backup, and drop it later by hand",
                triggering: [
                    "psql -h prod-db.internal -c '«DROP TABLE users»'", "psql -c '«drop database app»'",
                    "mysql -h db -e '«DROP SCHEMA app»'", "cqlsh -e '«DROP KEYSPACE metrics»'",
                    "psql -c 'SELECT 1; «DROP/**/TABLE IF EXISTS users CASCADE»'", "sqlite3 app.db '«DROP TABLE users»'",
                ],
                nonTriggering: [
                    "psql -c \"SELECT 'DROP TABLE x' -- drop\"", "psql -c 'select * from drop_log'",
                    "psql -c '/* DROP TABLE x */ SELECT 1'", "psql -c 'SELECT $$DROP TABLE x$$'",
                ]),
            rule(
                "database.sql-truncate", .irreversible, [.truncate],
                summary: "SQL that empties tables with TRUNCATE",
                safer: "Delete the rows you mean with a WHERE clause, after a backup",
                triggering: [
                    "psql -c '«TRUNCATE users»'", "mysql -e '«truncate table sessions»'",
                    "psql -c '«TRUNCATE ONLY a, b RESTART IDENTITY CASCADE»'",
                ],
                nonTriggering: ["psql -c 'select truncate_log()'", "psql -c \"SELECT 'TRUNCATE x'\""]),
            rule(
                "database.sql-unbounded-change", .irreversible, [.unboundedChange],
                summary: "SQL that deletes or changes every row of a table (no WHERE, or a WHERE that is always true)",
                safer: "Add a WHERE clause that selects the rows you mean, and check the count with SELECT first",
                triggering: [
                    "psql -c '«DELETE FROM users»'", "psql -c '«DELETE FROM users WHERE 1=1»'",
                    "mysql -e '«UPDATE users SET admin = 1»'", "psql -c '«update users set x = 1 where true»'",
                    "psql -c 'WITH d AS («DELETE FROM users») SELECT 1'", "psql -c '«UPDATE t SET a = (SELECT b FROM c WHERE c.id = 1)»'",
                ],
                nonTriggering: [
                    "psql -c 'DELETE FROM users WHERE id = 5'", "psql -c 'UPDATE users SET a = 1 WHERE id IN (1, 2)'",
                    "psql -c 'EXPLAIN DELETE FROM users'",
                ]),
            rule(
                "database.sql-drop-column", .irreversible, [.dropColumn],
                summary: "SQL that drops a column and its values in every row",
                safer: "Stop using the column first and drop it in a reviewed migration after a backup",
                triggering: ["psql -c '«ALTER TABLE users DROP COLUMN email»'", "mysql -e '«alter table users drop email»'"],
                nonTriggering: [
                    "psql -c 'ALTER TABLE users DROP CONSTRAINT users_pkey'", "psql -c 'ALTER TABLE users ALTER COLUMN a DROP NOT NULL'",
                ]),
            rule(
                "database.mongo-drop", .irreversible, [.documentDrop],
                summary: "MongoDB code that drops a database or collection, or deletes every document",
                safer: "Export the collection first (mongodump) and delete with a filter",
                triggering: [
                    "mongosh --eval '«db.dropDatabase()»'", "mongosh mongodb://prod-mongo/app --eval '«db.users.drop()»'",
                    "mongosh --eval '«db.sessions.deleteMany({})»'",
                ],
                nonTriggering: ["mongosh --eval 'db.users.find()'", "mongosh --eval 'db.users.deleteMany({age: 3})'"]),
            rule(
                "database.redis-flush", .irreversible, [.keyFlush],
                summary: "Deletes every key in a redis database or server",
                safer: "Delete the keys you mean (SCAN with a pattern, then DEL), after a BGSAVE",
                triggering: ["redis-cli «FLUSHALL»", "redis-cli -h prod-cache -n 2 «flushdb»", "redis-cli «FLUSHALL ASYNC»"],
                nonTriggering: ["redis-cli KEYS 'session:*'", "redis-cli DEL session:1"]),
            rule(
                "database.server-control", .destroy, [.serverControl],
                summary: "Stops, demotes or reconfigures the database server itself",
                safer: "Do this through the operator's runbook, with the application drained first",
                triggering: [
                    "mysqladmin -h db «shutdown»", "redis-cli «SHUTDOWN»", "redis-cli «REPLICAOF other-host 6379»",
                    "mongosh --eval '«db.getSiblingDB(\"admin\").shutdownServer()»'",
                ],
                nonTriggering: ["redis-cli REPLICAOF NO ONE", "mysqladmin status"]),
            rule(
                "database.sql-unknown", .unknown, [.unknown],
                summary: "SQL that Blastwall does not recognise, so it cannot be graded",
                safer: "Write the statement plainly (SELECT, INSERT, UPDATE … WHERE …) so it can be checked",
                triggering: ["psql -c '«FROBNICATE users»'", "psql -c \"«SELECT 'unterminated»\""],
                nonTriggering: ["psql -c 'select 1'", "psql -c 'BEGIN; SELECT 1; COMMIT'"]),
            rule(
                "database.script-input", .opaque, [.scriptInput],
                summary: "Runs SQL or commands from a file or another program, which are not checked",
                safer: "Run the statements directly (psql -c '…') so each one is checked",
                triggering: [
                    "psql -h db «-f migrate.sql»", "mysql -h db app «< dump.sql»", "pg_dump prod | «psql» -h staging-db app",
                    "psql -c '«\\i reset.sql»'",
                ],
                nonTriggering: ["psql -c 'select 1'", "psql -f - <<< 'select 1'"]),
            rule(
                "database.code", .opaque, [.code],
                summary: "Runs code inside or around the database (DO blocks, procedures, COPY PROGRAM, shell escapes, scripts)",
                safer: "Run the statements the code would run directly, so each one is checked",
                triggering: [
                    "psql -c '«DO $$ BEGIN PERFORM 1; END $$»'", "psql -c '«CALL cleanup()»'",
                    "psql -c \"«COPY t TO PROGRAM 'sh'»\"", "psql «-c \"$SQL\"»",
                    "redis-cli «EVAL 'return 1' 0»",
                ],
                nonTriggering: ["psql -c 'COPY t TO STDOUT'", "psql -c 'select 1'"]),
            rule(
                "database.interactive", .opaque, [.interactive],
                summary: "Opens an interactive database session, whose commands cannot be checked",
                safer: "Pass the statements with -c / -e so each one is checked",
                triggering: ["«psql» -h prod-db app", "«mysql» -u root -p", "«redis-cli» -h cache", "«mongosh» mongodb://db/app"],
                nonTriggering: ["psql -c 'select 1'", "psql <<< 'select 1'"]),
            rule(
                "database.privilege", .privilege, [.privilege],
                summary: "Changes database roles, users or grants",
                safer: "Make access changes through the reviewed infrastructure code that owns them",
                triggering: [
                    "psql -c '«GRANT ALL ON users TO app»'", "psql -c \"«ALTER ROLE app PASSWORD '…'»\"",
                    "«dropuser» old_app", "redis-cli «ACL SETUSER bob on»",
                ],
                nonTriggering: ["psql -c 'select * from pg_roles'", "psql -c 'select 1'"]),
            rule(
                "database.write", .write, [.write],
                summary: "Writes data or changes the schema",
                safer: "Run it against a non-production database first",
                triggering: [
                    "psql -c '«INSERT INTO t VALUES (1)»'", "psql -c '«DELETE FROM users WHERE id = 5»'",
                    "mysql -e '«CREATE TABLE t (id int)»'", "redis-cli «DEL session:1»", "«pg_restore» -d app dump.backup",
                ],
                nonTriggering: ["psql -c 'SELECT 1'", "redis-cli GET x"]),
            rule(
                "database.read", .read, [.read],
                summary: "Only reads",
                triggering: [
                    "psql -h prod-db -c '«SELECT count(*) FROM users»'", "psql -c '«\\dt»'", "redis-cli «KEYS *»",
                    "mongosh --eval '«db.users.find()»'", "«pg_dump» -h prod-db app",
                    "psql -c '«EXPLAIN DELETE FROM users»'",
                ],
                nonTriggering: ["psql -c 'DELETE FROM users'", "psql -c 'EXPLAIN ANALYZE DELETE FROM users'"]),
        ],
        hints: hints)
}

/// What database commands do, in the order the family's rules report them.
public enum DatabaseEffectKind: Sendable, Hashable {
    case help, dropDatabase, restoreClean, drop, truncate, unboundedChange, dropColumn, documentDrop, keyFlush,
        serverControl, unknown, scriptInput, code, interactive, privilege, write, read
}

/// Hints for where a database command lands. Credentials never leave here: URLs lose their
/// `user:password@` part and their query.
struct DatabaseHints {
    var hints: [TargetHint] = []

    mutating func add(_ kind: TargetHint.Kind, _ value: String?, source: String) {
        guard let value, !value.isEmpty, !value.contains("…") else { return }
        hints.append(TargetHint(kind, value, source: source))
    }

    mutating func host(_ value: String?, source: String) {
        guard let value else { return }
        for host in value.split(separator: ",") {
            add(.databaseHost, Self.stripPort(String(host)), source: source)
        }
    }

    mutating func name(_ value: String?, source: String) { add(.name, value, source: source) }

    mutating func url(_ value: String?, source: String) {
        guard let value, let parsed = Self.parseURL(value) else { return }
        add(.databaseHost, parsed.host, source: source)
        add(.databaseURL, parsed.url, source: source)
        add(.name, parsed.database, source: source)
    }

    /// A database argument: a URL, a `key=value` connection string, or a plain name (a host for mongo).
    mutating func connection(_ value: String?, source: String, plainIsHost: Bool = false) {
        guard let value, !value.isEmpty else { return }
        if value.contains("://") {
            url(value, source: source)
        } else if value.contains("=") {
            for pair in value.split(whereSeparator: { $0 == " " || $0 == ";" }) {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).lowercased() }
                guard parts.count == 2 else { continue }
                let original = String(pair.split(separator: "=", maxSplits: 1)[1])
                if ["host", "hostaddr", "server", "data source"].contains(parts[0]) { host(original, source: source) }
                if ["dbname", "database"].contains(parts[0]) { name(original, source: source) }
            }
        } else if plainIsHost {
            let pieces = value.split(separator: "/", maxSplits: 1).map(String.init)
            if pieces.count == 2 || value.contains(":") || value.contains(".") {
                host(pieces[0], source: source)
                if pieces.count == 2 { name(pieces[1], source: source) }
            } else {
                name(value, source: source)
            }
        } else {
            name(value, source: source)
        }
    }

    /// Variables set on the command first, then the session's, in the order given.
    mutating func variables(_ names: [(String, TargetHint.Kind)], _ invocation: Invocation, _ context: AnalysisContext) {
        for (values, origin) in [(invocation.assignments, "set on the command line"), (context.environment, "in the environment")] {
            for (name, kind) in names {
                guard let value = values[name] else { continue }
                let source = "\(name) \(origin)"
                switch kind {
                case .databaseURL: url(value, source: source)
                case .databaseHost: host(value, source: source)
                default: add(kind, value, source: source)
                }
            }
        }
    }

    static func stripPort(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if host.filter({ $0 == ":" }).count > 1 { return host }  // a bare IPv6 address
        return String(host.prefix { $0 != ":" })
    }

    /// A URL without credentials or query, its first host and its database name.
    static func parseURL(_ raw: String) -> (url: String, host: String?, database: String?)? {
        guard let separator = raw.firstRange(of: "://") else { return nil }
        let scheme = String(raw[..<separator.upperBound])
        let rest = raw[separator.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#;".contains($0) } ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        var path = ""
        if authorityEnd < rest.endIndex, rest[authorityEnd] == "/" {
            let tail = rest[authorityEnd...]
            path = String(tail.prefix { !"?#;".contains($0) })
        }
        let firstHost = authority.split(separator: ",").first.map { stripPort(String($0)) }
        let database = path.split(separator: "/").first.map(String.init)
        return (scheme + authority + path, firstHost, database)
    }
}

extension String {
    fileprivate func trimmingCharacters(_ characters: String) -> String {
        String(filter { !characters.contains($0) })
    }
}

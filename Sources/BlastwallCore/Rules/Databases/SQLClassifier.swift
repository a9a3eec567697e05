/// What one statement does, from its leading keywords.
struct SQLVerdict: Sendable {
    var kind: DatabaseEffectKind
    var effectClass: EffectClass
    /// Completes "Runs `<statement>`, which …".
    var consequence: String
    var resources: [String] = []
    /// The byte range of the part of the statement that shows it (a CTE body, the statement after
    /// EXPLAIN ANALYZE); nil for the whole statement.
    var evidence: (start: Int, end: Int)?

    init(_ kind: DatabaseEffectKind, _ effectClass: EffectClass, _ consequence: String, resources: [String] = []) {
        self.kind = kind
        self.effectClass = effectClass
        self.consequence = consequence
        self.resources = resources
    }

    static func read(_ consequence: String) -> SQLVerdict { SQLVerdict(.read, .read, consequence) }
    static func write(_ consequence: String, resources: [String] = []) -> SQLVerdict {
        SQLVerdict(.write, .write, consequence, resources: resources)
    }
    static func unknown(_ consequence: String) -> SQLVerdict { SQLVerdict(.unknown, .unknown, consequence) }

    /// The stricter of two verdicts (the first on a tie).
    func stricter(_ other: SQLVerdict) -> SQLVerdict { other.effectClass > effectClass ? other : self }
}

/// Classifies one statement by its leading keywords. Small and conservative: anything it does
/// not recognise is `unknown`, and a WHERE clause only counts when it is not constant-true.
enum SQLClassifier {
    static func classify(_ statement: SQLStatement, dialect: SQLDialect) -> SQLVerdict {
        if statement.isClientCommand { return clientCommand(statement, dialect: dialect) }
        if statement.isUnterminated {
            return .unknown("has an unterminated quote, comment or parenthesis, so where it ends cannot be told")
        }
        let verdict = classify(statement.tokens, dialect: dialect)
        if verdict.effectClass < .opaque, let call = calls(in: statement.tokens).first(where: { opaqueFunctions.contains($0) }) {
            return SQLVerdict(.code, .opaque, "calls \(call.lowercased())(), which runs SQL or commands that cannot be checked")
        }
        return verdict
    }

    /// Functions that run other SQL or commands out of sight.
    static let opaqueFunctions: Set<String> = [
        "DBLINK_EXEC", "DBLINK", "QUERY_TO_XML", "QUERY_TO_XMLSCHEMA", "QUERY_TO_XML_AND_XMLSCHEMA", "SYS_EXEC",
        "SYS_EVAL",
    ]
    /// Functions that change server state although they are called from a SELECT.
    static let writingFunctions: Set<String> = [
        "PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "SETVAL", "NEXTVAL", "SET_CONFIG",
        "PG_ROTATE_LOGFILE", "LO_UNLINK", "LO_IMPORT", "LO_EXPORT", "PG_PROMOTE", "PG_DROP_REPLICATION_SLOT",
        "PG_CREATE_RESTORE_POINT", "PG_SWITCH_WAL", "PG_FILE_WRITE", "PG_FILE_UNLINK", "PG_FILE_RENAME",
        "PG_CREATE_LOGICAL_REPLICATION_SLOT", "PG_CREATE_PHYSICAL_REPLICATION_SLOT", "PG_STAT_RESET",
        "PG_STAT_STATEMENTS_RESET", "PG_REPLICATION_ORIGIN_DROP", "PG_LOGICAL_EMIT_MESSAGE",
    ]

    /// Names of the functions called: words followed by `(`.
    static func calls(in tokens: [SQLToken]) -> [String] {
        var names: [String] = []
        for (index, token) in tokens.enumerated() where token.kind == .word && index + 1 < tokens.count {
            if tokens[index + 1].text == "(" { names.append(token.keyword) }
        }
        return names
    }

    static func classify(_ all: [SQLToken], dialect: SQLDialect) -> SQLVerdict {
        var verdict = classifyTokens(all, dialect: dialect)
        if verdict.evidence == nil, let first = all.first, let last = all.last { verdict.evidence = (first.start, last.end) }
        return verdict
    }

    static func classifyTokens(_ all: [SQLToken], dialect: SQLDialect) -> SQLVerdict {
        let tokens = Array(all.drop { $0.kind == .symbol && $0.text == "(" })
        guard let first = tokens.first else { return .read("does nothing") }
        let words = tokens.map(\.keyword)
        switch first.keyword {
        case "SELECT":
            return select(tokens)
        case "WITH":
            return with(tokens, dialect: dialect)
        case "TABLE", "VALUES", "SHOW", "DESCRIBE", "DESC", "USE", "HELP", "START", "COMMIT", "END", "ROLLBACK",
            "ABORT", "SAVEPOINT", "RELEASE",
            "RESET" where !(words.dropFirst().first.map { ["MASTER", "BINARY"].contains($0) } ?? false),
            "DISCARD", "LISTEN", "UNLISTEN", "FETCH", "MOVE", "CLOSE", "DECLARE", "DEALLOCATE", "CONSISTENCY",
            "SERIAL", "PAGING", "TRACING", "EXPAND", "LIST", "APPLY", "CHECK", "CHECKSUM", "DETACH", "EXISTS",
            "HANDLER", "WATCH", "CAPTURE":
            return .read("only reads or changes session settings")
        case "BEGIN":
            return begin(tokens, dialect: dialect)
        case "SET":
            return set(words)
        case "PRAGMA":
            return tokens.contains { $0.text == "=" }
                || tokens.contains { $0.text == "(" }
                    && ![
                        "TABLE_INFO", "TABLE_XINFO", "INDEX_LIST", "INDEX_INFO", "FOREIGN_KEY_LIST", "INTEGRITY_CHECK",
                        "QUICK_CHECK", "FOREIGN_KEY_CHECK",
                    ].contains(words.dropFirst().first ?? "")
                ? .write("changes a database setting") : .read("reads a database setting")
        case "EXPLAIN":
            return explain(tokens, dialect: dialect)
        case "DROP":
            return drop(tokens)
        case "TRUNCATE":
            let names = objectNames(tokens, from: 1, skipping: ["TABLE", "ONLY", "IF", "EXISTS"])
            return SQLVerdict(.truncate, .irreversible, "deletes every row of \(list(names, "the table"))", resources: names)
        case "DELETE":
            return delete(tokens)
        case "UPDATE":
            return update(tokens)
        case "ALTER":
            return alter(tokens)
        case "CREATE":
            return create(tokens)
        case "MERGE" where tokens.contains(where: { $0.keyword == "DELETE" }):
            let target = objectNames(tokens, from: 1, skipping: ["INTO"]).prefix(1)
            return SQLVerdict(
                .unboundedChange, .irreversible, "deletes the rows of \(list(Array(target), "a table")) that its WHEN clauses match",
                resources: Array(target))
        case "INSERT", "UPSERT", "REPLACE", "MERGE":
            let target = objectNames(
                tokens, from: 1,
                skipping: ["INTO", "OR", "REPLACE", "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "OVERWRITE", "TABLE"]
            ).prefix(1)
            return .write("writes rows into \(list(Array(target), "a table"))", resources: Array(target))
        case "COPY":
            return copy(tokens)
        case "LOAD":
            if ["DATA", "XML", "INDEX"].contains(words.dropFirst().first ?? "") { return .write("loads rows from a file") }
            return SQLVerdict(.code, .opaque, "loads a library into the server, which runs code that cannot be checked")
        case "VACUUM", "ANALYZE", "ANALYSE", "REINDEX", "CLUSTER", "REFRESH", "COMMENT", "OPTIMIZE", "RENAME", "IMPORT",
            "ATTACH", "NOTIFY", "LOCK", "UNLOCK", "SECURITY", "CHECKPOINT", "FLUSH", "KILL", "INSTALL", "UNINSTALL",
            "REPAIR", "CACHE", "SYSTEM", "EXCHANGE":
            return .write("changes the database or its server")
        case "GRANT", "REVOKE", "REASSIGN":
            return SQLVerdict(.privilege, .privilege, "changes who may do what in the database")
        case "DO", "CALL", "EXECUTE", "EXEC":
            return SQLVerdict(.code, .opaque, "runs code stored in or built by the database, which cannot be checked")
        case "PREPARE":
            if let asIndex = words.firstIndex(of: "AS") {
                let inner = classify(Array(tokens[(asIndex + 1)...]), dialect: dialect)
                return inner.effectClass > .read ? inner : .read("prepares a statement that only reads")
            }
            return SQLVerdict(.code, .opaque, "prepares a statement from a string, which cannot be checked")
        case "PURGE":
            return SQLVerdict(.drop, .irreversible, "deletes binary logs needed for point-in-time recovery")
        case "RESET":
            return SQLVerdict(.drop, .irreversible, "deletes every binary log, which point-in-time recovery needs")
        case "SHUTDOWN":
            return SQLVerdict(.serverControl, .destroy, "shuts the database server down")
        default:
            return .unknown("starts with \(first.text), which is not a statement Blastwall recognises")
        }
    }

    // MARK: - Statements

    static func select(_ tokens: [SQLToken]) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        if let into = tokens.firstIndex(where: { $0.depth == base && $0.keyword == "INTO" }) {
            let next = into + 1 < tokens.count ? tokens[into + 1] : nil
            if next?.text == "@" || next?.kind == .parameter {
                return .read("reads into variables")
            }
            if ["OUTFILE", "DUMPFILE"].contains(next?.keyword ?? "") {
                return .write("writes a file on the database server")
            }
            let names = objectNames(tokens, from: into + 1, skipping: ["TEMPORARY", "TEMP", "UNLOGGED", "TABLE"]).prefix(1)
            return .write("creates the table \(names.first ?? "named after INTO")", resources: Array(names))
        }
        if let call = calls(in: tokens).first(where: { writingFunctions.contains($0) }) {
            return .write("calls \(call.lowercased())(), which changes the server's state")
        }
        return .read("only reads")
    }

    static func begin(_ tokens: [SQLToken], dialect: SQLDialect) -> SQLVerdict {
        var rest = Array(tokens.dropFirst())
        if ["UNLOGGED", "COUNTER", "LOGGED"].contains(rest.first?.keyword ?? "") { rest.removeFirst() }
        if rest.first?.keyword == "BATCH" {
            // CQL `BEGIN BATCH <statement> …`: the first statement of the batch follows.
            return rest.count > 1 ? classify(Array(rest.dropFirst()), dialect: dialect) : .read("starts a batch")
        }
        let transactionWords: Set<String> = [
            "WORK", "TRANSACTION", "TRAN", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "ISOLATION", "READ", "NOT", "DEFERRABLE",
        ]
        guard let next = rest.first, !transactionWords.contains(next.keyword) else { return .read("starts a transaction") }
        return classify(rest, dialect: dialect)
    }

    static func set(_ words: [String]) -> SQLVerdict {
        let rest = words.dropFirst()
        if rest.prefix(4).contains(where: { ["GLOBAL", "PERSIST", "PERSIST_ONLY"].contains($0) }) {
            return .write("changes a setting for the whole server")
        }
        if rest.first == "PASSWORD" { return SQLVerdict(.privilege, .privilege, "changes a password") }
        if rest.contains("SESSION_REPLICATION_ROLE") {
            return SQLVerdict(.privilege, .privilege, "turns off triggers and foreign-key checks for the session")
        }
        return .read("changes a session setting")
    }

    static func explain(_ tokens: [SQLToken], dialect: SQLDialect) -> SQLVerdict {
        let statementStarts: Set<String> = [
            "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "TABLE", "MERGE", "CREATE", "DECLARE", "EXECUTE",
            "REPLACE",
        ]
        var analyze = false
        var index = 1
        while index < tokens.count, !statementStarts.contains(tokens[index].keyword) {
            let word = tokens[index].keyword
            if word == "ANALYZE" || word == "ANALYSE" {
                let next = index + 1 < tokens.count ? tokens[index + 1].keyword : ""
                analyze = !["FALSE", "OFF"].contains(next) && tokens[safe: index + 1]?.text != "0"
            }
            index += 1
        }
        guard analyze, index < tokens.count else { return .read("shows a query plan without running it") }
        var inner = classify(Array(tokens[index...]), dialect: dialect)
        inner.consequence = "runs the statement it explains, which " + inner.consequence
        return inner
    }

    static func drop(_ tokens: [SQLToken]) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        var index = 1
        while ["TEMPORARY", "TEMP"].contains(tokens[safe: index]?.keyword ?? "") { index += 1 }
        let type = tokens[safe: index]?.keyword ?? ""
        var typeName = type.lowercased()
        var typeLength = 1
        for (prefix, second) in [
            ("MATERIALIZED", "VIEW"), ("FOREIGN", "TABLE"), ("FOREIGN", "DATA"), ("EVENT", "TRIGGER"),
            ("ACCESS", "METHOD"), ("TEXT", "SEARCH"), ("USER", "MAPPING"), ("OPERATOR", "CLASS"), ("OPERATOR", "FAMILY"),
            ("DEFAULT", "PRIVILEGES"), ("OWNED", "BY"),
        ]
        where type == prefix && tokens[safe: index + 1]?.keyword == second {
            typeName = "\(prefix.lowercased()) \(second.lowercased())"
            typeLength = 2
        }
        let names = objectNames(
            tokens, from: index + typeLength,
            skipping: ["IF", "EXISTS", "CONCURRENTLY", "DATA", "WRAPPER", "CONFIGURATION", "DICTIONARY", "PARSER", "TEMPLATE", "FOR"])
        let cascade = tokens.contains { $0.depth == base && $0.keyword == "CASCADE" }
        let what = "the \(typeName) \(names.isEmpty ? "" : names.joined(separator: ", "))".trimmingSuffixBlanks
        switch typeName {
        case "table", "database", "schema", "keyspace", "columnfamily", "materialized view", "sequence", "tablespace",
            "collection", "dictionary", "stream":
            let rows =
                typeName == "sequence"
                ? "and its current value"
                : typeName == "table" || typeName == "materialized view" || typeName == "columnfamily"
                    ? "and every row in it" : "and everything in it"
            return SQLVerdict(
                .drop, .irreversible, "deletes \(what) \(rows)" + (cascade ? ", and everything that depends on it" : ""), resources: names)
        case "owned by":
            return SQLVerdict(.drop, .irreversible, "deletes every object owned by \(list(names, "the role"))", resources: names)
        case "role", "user", "group", "policy", "user mapping", "default privileges":
            return SQLVerdict(.privilege, .privilege, "removes \(what), changing who may do what", resources: names)
        case "index", "view", "function", "procedure", "trigger", "rule", "type", "domain", "aggregate", "operator",
            "cast", "event", "statistics", "publication", "subscription", "server", "language", "collation",
            "conversion", "routine", "macro", "synonym", "event trigger", "access method", "text search",
            "operator class", "operator family", "foreign table", "foreign data", "extension", "transform":
            if cascade {
                return SQLVerdict(
                    .drop, .irreversible, "deletes \(what) and, with CASCADE, everything that depends on it (columns, views, tables)",
                    resources: names)
            }
            return SQLVerdict(.drop, .destroy, "deletes \(what), which only a migration can bring back", resources: names)
        default:
            return SQLVerdict(.drop, .irreversible, "deletes \(what.isEmpty ? "something" : what), and what it held", resources: names)
        }
    }

    static func delete(_ tokens: [SQLToken]) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        let from = tokens.firstIndex { $0.depth == base && $0.keyword == "FROM" }
        let names = objectNames(tokens, from: (from ?? 0) + 1, skipping: ["ONLY", "LOW_PRIORITY", "QUICK", "IGNORE"]).prefix(1)
        let table = list(Array(names), "the table")
        return boundedChange(tokens, verb: "deletes", what: "row of \(table)", resources: Array(names))
    }

    static func update(_ tokens: [SQLToken]) -> SQLVerdict {
        let names = objectNames(
            tokens, from: 1, skipping: ["ONLY", "LOW_PRIORITY", "IGNORE", "OR", "ROLLBACK", "ABORT", "REPLACE", "FAIL"]
        ).prefix(1)
        let table = list(Array(names), "the table")
        return boundedChange(tokens, verb: "changes", what: "row of \(table)", resources: Array(names))
    }

    /// DELETE and UPDATE: a missing or constant-true WHERE at the statement's own level reaches every row.
    static func boundedChange(_ tokens: [SQLToken], verb: String, what: String, resources: [String]) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        guard let whereIndex = tokens.firstIndex(where: { $0.depth == base && $0.keyword == "WHERE" }) else {
            return SQLVerdict(.unboundedChange, .irreversible, "\(verb) every \(what): there is no WHERE clause", resources: resources)
        }
        let ends: Set<String> = ["RETURNING", "ORDER", "LIMIT", "GROUP", "HAVING", "OFFSET", "IF", "ALLOW", "SETTINGS"]
        var condition: [SQLToken] = []
        for token in tokens[(whereIndex + 1)...] {
            if token.depth == base && ends.contains(token.keyword) { break }
            condition.append(token)
        }
        if isConstantTrue(condition, base: base) {
            return SQLVerdict(
                .unboundedChange, .irreversible, "\(verb) every \(what): its WHERE clause is always true", resources: resources)
        }
        return .write("\(verb) the matching \(what.replacingFirst("row", with: "rows"))", resources: resources)
    }

    static func alter(_ tokens: [SQLToken]) -> SQLVerdict {
        let words = tokens.map(\.keyword)
        var index = 1
        while ["ONLINE", "OFFLINE", "IGNORE"].contains(words[safe: index] ?? "") { index += 1 }
        let type = words[safe: index] ?? ""
        switch type {
        case "ROLE", "USER", "GROUP", "DEFAULT", "SYSTEM":
            return SQLVerdict(
                .privilege, .privilege,
                type == "SYSTEM" ? "changes the server's configuration for good" : "changes a role's rights or password")
        case "TABLE":
            return alterTable(tokens, from: index + 1)
        default:
            if words.contains("OWNER") { return SQLVerdict(.privilege, .privilege, "changes who owns an object") }
            return .write("changes the definition of a \(type.lowercased())")
        }
    }

    static func alterTable(_ tokens: [SQLToken], from start: Int) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        let table = objectNames(tokens, from: start, skipping: ["IF", "EXISTS", "ONLY"]).first ?? "the table"
        var verdict = SQLVerdict.write("changes the table \(table)", resources: [table])
        let keepingData: Set<String> = [
            "CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "CHECK",
            "PERIOD", "SYSTEM", "FULLTEXT", "SPATIAL", "UNIQUE", "TRIGGER", "PROJECTION", "STATISTICS", "TTL",
        ]
        for (index, token) in tokens.enumerated() where index >= start && token.depth == base {
            let next = tokens[safe: index + 1]?.keyword ?? ""
            switch token.keyword {
            case "DROP" where next == "PARTITION":
                let partitions = objectNames(tokens, from: index + 2, skipping: [])
                verdict = verdict.stricter(
                    SQLVerdict(
                        .drop, .irreversible, "deletes the partition \(partitions.first ?? "") of \(table) and every row in it",
                        resources: [table]))
            case "DROP" where !keepingData.contains(next) && index + 1 < tokens.count:
                let columns = objectNames(tokens, from: index + 1, skipping: ["COLUMN", "IF", "EXISTS"])
                let column = columns.first.map { "\(table).\($0)" } ?? table
                verdict = verdict.stricter(
                    SQLVerdict(.dropColumn, .irreversible, "deletes the column \(column) and its values in every row", resources: [column]))
            case "TRUNCATE":
                verdict = verdict.stricter(
                    SQLVerdict(.truncate, .irreversible, "deletes the rows of a partition of \(table)", resources: [table]))
            case "DELETE" where tokens[index - 1].keyword != "ON":
                // ClickHouse mutations: `ALTER TABLE t DELETE WHERE …` (not `ON DELETE CASCADE`).
                verdict = verdict.stricter(
                    boundedChange(Array(tokens[index...]), verb: "deletes", what: "row of \(table)", resources: [table]))
            case "UPDATE" where tokens[index - 1].keyword != "ON":
                verdict = verdict.stricter(
                    boundedChange(Array(tokens[index...]), verb: "changes", what: "row of \(table)", resources: [table]))
            case "DISABLE" where next == "ROW", "NO" where next == "FORCE":
                verdict = verdict.stricter(
                    SQLVerdict(.privilege, .privilege, "turns off row-level security on \(table)", resources: [table]))
            case "OWNER":
                verdict = verdict.stricter(SQLVerdict(.privilege, .privilege, "changes who owns \(table)", resources: [table]))
            default:
                break
            }
        }
        return verdict
    }

    static func create(_ tokens: [SQLToken]) -> SQLVerdict {
        let words = tokens.map(\.keyword)
        var index = 1
        var replaces = false
        let modifiers: Set<String> = [
            "OR", "TEMPORARY", "TEMP", "UNIQUE", "GLOBAL", "LOCAL", "UNLOGGED", "RECURSIVE", "TRUSTED", "PROCEDURAL",
            "CONSTRAINT", "DEFINER", "ALGORITHM", "SQL", "SECURITY", "INVOKER", "SHARED", "FULLTEXT", "SPATIAL", "VIRTUAL",
            "EXTERNAL", "TRANSIENT", "VOLATILE",
        ]
        while index < words.count, modifiers.contains(words[index]) || words[index] == "REPLACE" || tokens[index].kind != .word {
            if words[index] == "REPLACE" { replaces = true }
            index += 1
        }
        switch words[safe: index] ?? "" {
        case "ROLE", "USER", "GROUP", "POLICY":
            return SQLVerdict(.privilege, .privilege, "creates a \(words[index].lowercased()), changing who may do what")
        case "TABLE" where replaces:
            let names = objectNames(tokens, from: index + 1, skipping: ["IF", "NOT", "EXISTS"]).prefix(1)
            return SQLVerdict(
                .drop, .irreversible, "replaces the table \(names.first ?? ""), discarding every row it held", resources: Array(names))
        default:
            let type = words[safe: index]?.lowercased() ?? "object"
            let names = objectNames(tokens, from: index + 1, skipping: ["IF", "NOT", "EXISTS", "CONCURRENTLY", "VIEW", "TABLE"]).prefix(1)
            return .write("creates the \(type) \(names.first ?? "")".trimmingSuffixBlanks, resources: Array(names))
        }
    }

    static func copy(_ tokens: [SQLToken]) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        let top = tokens.filter { $0.depth == base }.map(\.keyword)
        if top.contains("PROGRAM") {
            return SQLVerdict(.code, .opaque, "runs a shell command on the database server")
        }
        let names = objectNames(tokens, from: 1, skipping: []).prefix(1)
        if let from = top.firstIndex(of: "FROM") {
            let source = top[safe: from + 1] ?? ""
            return .write(
                source == "STDIN" ? "loads rows into \(list(Array(names), "a table"))" : "loads rows from a file on the database server",
                resources: Array(names))
        }
        if let to = top.firstIndex(of: "TO"), top[safe: to + 1] == "STDOUT" { return .read("only reads") }
        return .write("writes a file on the database server")
    }

    /// `WITH a AS (…), b AS (…) <statement>`: every CTE body and the statement, the strictest winning.
    static func with(_ tokens: [SQLToken], dialect: SQLDialect) -> SQLVerdict {
        let base = tokens.first?.depth ?? 0
        let mainStarts: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE", "UPSERT", "REPLACE"]
        var index = 1
        if tokens[safe: index]?.keyword == "RECURSIVE" { index += 1 }
        var verdict = SQLVerdict.read("only reads")
        while index < tokens.count {
            // name [(columns)] AS [NOT] [MATERIALIZED] ( body )
            var cursor = index
            while cursor < tokens.count,
                !(tokens[cursor].depth == base && tokens[cursor].kind == .symbol && tokens[cursor].text == "("
                    && ["AS", "MATERIALIZED"].contains(tokens[cursor - 1].keyword))
            {
                cursor += 1
            }
            let open = cursor
            guard open < tokens.count, let close = tokens[(open + 1)...].firstIndex(where: { $0.depth == base && $0.text == ")" }) else {
                return .unknown("has a WITH clause that could not be followed")
            }
            verdict = verdict.stricter(classify(Array(tokens[(open + 1)..<close]), dialect: dialect))
            index = close + 1
            while index < tokens.count, tokens[index].depth == base, tokens[index].text != ",", !mainStarts.contains(tokens[index].keyword)
            {
                index += 1
            }
            guard index < tokens.count else { return verdict }
            if tokens[index].text == "," {
                index += 1
                continue
            }
            return verdict.stricter(classify(Array(tokens[index...]), dialect: dialect))
        }
        return verdict
    }

    // MARK: - Client commands

    static func clientCommand(_ statement: SQLStatement, dialect: SQLDialect) -> SQLVerdict {
        let words = statement.tokens.map(\.text)
        guard var name = words.first else { return .read("does nothing") }
        let argument = words.dropFirst().joined(separator: " ")
        if name.hasPrefix("\\") {
            name.removeFirst()
            // `\i` may be written `\ifile` in mysql; psql needs the blank.
            switch name {
            case "i", "ir", "include", "include_relative", ".":
                return SQLVerdict(
                    .scriptInput, .opaque, "runs the SQL file \(argument.isEmpty ? "it names" : argument), which is not checked here")
            case "!", "gexec", "e", "edit", "ef", "ev":
                return SQLVerdict(
                    .code, .opaque,
                    name == "gexec"
                        ? "runs every value of the result as SQL, which cannot be checked"
                        : "runs a shell command or an editor, which cannot be checked")
            case "copy":
                let lowered = argument.lowercased()
                if lowered.contains(" program ") {
                    return SQLVerdict(.code, .opaque, "runs a shell command to produce or consume the rows")
                }
                return lowered.contains(" from ")
                    ? .write("loads rows from a local file into a table") : .read("copies rows out to a local file")
            case "o", "out", "w", "write", "g", "gx":
                if argument.hasPrefix("|") {
                    return SQLVerdict(.code, .opaque, "sends the output to a shell command, which cannot be checked")
                }
                return name.hasPrefix("g") ? .read("runs the query buffer") : .read("writes query output to a local file")
            case "lo_unlink", "lo_import":
                return .write("changes large objects in the database")
            case "password":
                return SQLVerdict(.privilege, .privilege, "changes a password")
            default:
                if name.hasPrefix(".") {
                    return SQLVerdict(.scriptInput, .opaque, "runs the SQL file \(name.dropFirst()), which is not checked here")
                }
                if name.hasPrefix("!") { return SQLVerdict(.code, .opaque, "runs a shell command, which cannot be checked") }
                return .read("is a client command that only shows or sets things")
            }
        }
        if name.hasPrefix(".") {
            switch String(name.dropFirst()).lowercased() {
            case "read":
                return SQLVerdict(.scriptInput, .opaque, "runs the SQL file \(argument), which is not checked here")
            case "shell", "system", "load", "edit":
                return SQLVerdict(.code, .opaque, "runs a shell command or loads an extension, which cannot be checked")
            case "restore":
                return SQLVerdict(.drop, .irreversible, "replaces the database with the contents of \(argument)")
            case "import", "archive", "ar", "clone", "save", "backup", "output", "once", "excel", "recover":
                return .write("writes a table or a local file")
            default:
                return .read("is a client command that only shows or sets things")
            }
        }
        switch name.uppercased() {
        case "DELIMITER":
            return .read("changes the statement delimiter")
        case "SOURCE":
            return SQLVerdict(.scriptInput, .opaque, "runs the SQL file \(argument), which is not checked here")
        case "SYSTEM", "EDIT":
            return SQLVerdict(.code, .opaque, "runs a shell command or an editor, which cannot be checked")
        default:
            return .read("is a client command that only shows or sets things")
        }
    }

    // MARK: - Pieces

    /// Object names from `start`, comma-separated, skipping the given keywords first:
    /// `IF EXISTS a.b, "c"` gives `a.b`, `"c"`.
    static func objectNames(_ tokens: [SQLToken], from start: Int, skipping: Set<String>) -> [String] {
        var index = start
        while index < tokens.count, tokens[index].kind == .word, skipping.contains(tokens[index].keyword) { index += 1 }
        var names: [String] = []
        var current = ""
        var afterDot = false
        let stops: Set<String> = [
            "CASCADE", "RESTRICT", "ON", "WHERE", "SET", "USING", "RETURNING", "FROM", "WITH", "RESTART", "CONTINUE",
            "AS", "VALUES", "SELECT", "DEFAULT", "ADD", "DROP", "ALTER", "RENAME", "FORCE", "LIMIT", "ORDER", "TO",
            "IN", "SYNC", "NO_WRITE_TO_BINLOG", "PERMANENTLY", "PARTITION",
        ]
        scan: while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .word where stops.contains(token.keyword):
                break scan
            case .word, .quotedIdentifier, .number:
                // Two names in a row: the second is an alias or a clause.
                if !current.isEmpty && !afterDot { break scan }
                current += token.text
                afterDot = false
            case .symbol where token.text == ".":
                current += "."
                afterDot = true
            case .symbol where token.text == ",":
                if !current.isEmpty { names.append(current) }
                current = ""
                afterDot = false
            case .symbol where token.text == "*":
                break  // `TRUNCATE t *`: the table and its descendants.
            default:
                break scan
            }
            index += 1
        }
        if !current.isEmpty { names.append(current) }
        return names
    }

    static func list(_ names: [String], _ fallback: String) -> String {
        names.isEmpty ? fallback : names.joined(separator: ", ")
    }

    /// Whether a WHERE condition is true for every row: `1=1`, `true`, `1`, `'a'='a'`, `id=id`,
    /// `NOT false`, or any OR-branch made only of such terms.
    static func isConstantTrue(_ condition: [SQLToken], base: Int) -> Bool {
        guard !condition.isEmpty else { return true }
        return split(condition, on: "OR", depth: base).contains { branch in
            let terms = split(branch, on: "AND", depth: base)
            return !terms.isEmpty && terms.allSatisfy { isTrueTerm($0, base: base) }
        }
    }

    static func isTrueTerm(_ term: [SQLToken], base: Int) -> Bool {
        guard let first = term.first, let last = term.last else { return false }
        if first.text == "(", last.text == ")", first.depth == base, last.depth == base,
            !term.dropFirst().dropLast().contains(where: { $0.depth == base })
        {
            return isConstantTrue(Array(term.dropFirst().dropLast()), base: base + 1)
        }
        func isLiteral(_ token: SQLToken) -> Bool { token.kind == .number || token.kind == .string }
        switch term.count {
        case 1:
            if first.keyword == "TRUE" { return true }
            if first.kind == .number { return first.text.contains { $0 != "0" && $0 != "." } }
            return false
        case 2:
            return first.keyword == "NOT"
                && (last.keyword == "FALSE" || (last.kind == .number && last.text.allSatisfy { $0 == "0" || $0 == "." }))
        case 3:
            let operation = term[1].text
            let left = first
            let right = last
            if operation == "=" && left.kind != .parameter && left.kind != .symbol && left.kind == right.kind {
                return left.kind == .word ? left.keyword == right.keyword : left.text == right.text
            }
            if operation == "<>" || operation == "!=" { return isLiteral(left) && isLiteral(right) && left.text != right.text }
            if operation == "IS" || term[1].keyword == "IS" { return first.keyword == "TRUE" && last.keyword == "TRUE" }
            return false
        default:
            return false
        }
    }

    static func split(_ tokens: [SQLToken], on keyword: String, depth: Int) -> [[SQLToken]] {
        var parts: [[SQLToken]] = [[]]
        for token in tokens {
            if token.depth == depth && token.keyword == keyword {
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        return parts.filter { !$0.isEmpty }
    }
}

extension String {
    fileprivate var trimmingSuffixBlanks: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }

    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}

import BlastwallCore

/// What one node of a parse tree does.
struct Finding {
    var sqlClass: SQLClass
    var effectClass: EffectClass
    var kind: DatabaseEffectKind
    var ruleID: String
    var consequence: String
    var safer: String?
    var resources: [String] = []
    /// Where the name of the WITH query that shows it starts, for pointing at its body.
    var commonTableExpression: Int?

    func stricter(_ other: Finding) -> Finding {
        (other.effectClass, other.sqlClass) > (effectClass, sqlClass) ? other : self
    }

    static func read(_ rule: String, _ consequence: String) -> Finding {
        Finding(sqlClass: .read, effectClass: .read, kind: .read, ruleID: rule, consequence: consequence)
    }
    static func schema(_ rule: String, _ consequence: String, resources: [String] = []) -> Finding {
        Finding(sqlClass: .schema, effectClass: .write, kind: .write, ruleID: rule, consequence: consequence, resources: resources)
    }
    static func write(_ rule: String, _ consequence: String, resources: [String] = []) -> Finding {
        Finding(sqlClass: .write, effectClass: .write, kind: .write, ruleID: rule, consequence: consequence, resources: resources)
    }
    static func availability(_ rule: String, _ consequence: String, safer: String? = nil, resources: [String] = []) -> Finding {
        Finding(
            sqlClass: .availability, effectClass: .write, kind: .serverControl, ruleID: rule, consequence: consequence, safer: safer,
            resources: resources)
    }
    static func privilege(_ rule: String, _ consequence: String, resources: [String] = []) -> Finding {
        Finding(
            sqlClass: .privilege, effectClass: .privilege, kind: .privilege, ruleID: rule, consequence: consequence, resources: resources)
    }
    static func logic(_ rule: String, _ consequence: String, resources: [String] = []) -> Finding {
        Finding(
            sqlClass: .logicReplacement, effectClass: .privilege, kind: .write, ruleID: rule, consequence: consequence, resources: resources
        )
    }
    static func guardEscape(_ rule: String, _ consequence: String) -> Finding {
        Finding(sqlClass: .guardEscape, effectClass: .privilege, kind: .privilege, ruleID: rule, consequence: consequence)
    }
    static func escape(_ rule: String, _ consequence: String, resources: [String] = []) -> Finding {
        Finding(sqlClass: .escape, effectClass: .opaque, kind: .code, ruleID: rule, consequence: consequence, resources: resources)
    }
    static func opaque(_ rule: String, _ consequence: String) -> Finding {
        Finding(sqlClass: .opaque, effectClass: .opaque, kind: .code, ruleID: rule, consequence: consequence)
    }
    static func unknown(_ rule: String, _ consequence: String) -> Finding {
        Finding(sqlClass: .unknown, effectClass: .unknown, kind: .unknown, ruleID: rule, consequence: consequence)
    }
}

/// Reads one parsed statement. `batchSize` is the number of statements in the text it came
/// from: transaction control means something else in a batch than alone.
struct StatementReader {
    let bytes: [UInt8]
    let batchSize: Int

    func verdict(_ node: JSON, range: Range<Int>, session: inout SQLSession) -> SQLStatementVerdict {
        let finding = statement(node, session: &session)
        let evidence = finding.commonTableExpression.flatMap {
            SQLLexerReading.bodyOfCommonTableExpression(at: $0, in: String(decoding: bytes, as: UTF8.self))
        }
        let verdict = SQLStatementVerdict(
            range: range, evidence: evidence, sqlClass: finding.sqlClass, effectClass: finding.effectClass, kind: finding.kind,
            ruleID: finding.ruleID,
            consequence: finding.consequence, safer: finding.safer, resources: finding.resources, display: Display.text(bytes, range))
        if case .some(("PrepareStmt", let body)) = node.node, let name = body["name"]?.stringValue {
            session.prepared[name] = verdict
        }
        return verdict
    }

    func statement(_ node: JSON, session: inout SQLSession) -> Finding {
        guard let (type, body) = node.node else { return .unknown("sql.unreadable-tree", "could not be read from the parse tree") }
        var finding = Self.classify(type, body, batchSize: batchSize, session: &session)
        // Functions run by statements that run now (not by a function or view being defined).
        if Self.runsExpressions.contains(type) {
            for call in Self.functionCalls(in: body) { finding = finding.stricter(Self.function(call)) }
        }
        return finding
    }

    static let runsExpressions: Set<String> = [
        "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "CopyStmt", "CreateTableAsStmt",
        "DeclareCursorStmt", "PrepareStmt", "CallStmt", "ExecuteStmt",
    ]

    // MARK: - Statements

    static func classify(_ type: String, _ body: JSON, batchSize: Int, session: inout SQLSession) -> Finding {
        switch type {
        case "SelectStmt":
            return select(body, session: &session)
        case "InsertStmt":
            var finding = Finding.write("sql.insert", "writes rows into \(relation(body["relation"]))", resources: names(body["relation"]))
            if body["onConflictClause"]?["action"]?.stringValue == "ONCONFLICT_UPDATE" {
                finding.consequence += ", updating the rows that conflict"
            }
            return finding.stricter(ctes(body, session: &session))
        case "UpdateStmt", "DeleteStmt":
            return change(type == "UpdateStmt" ? "changes" : "deletes", body).stricter(ctes(body, session: &session))
        case "MergeStmt":
            let actions = (body["mergeWhenClauses"]?.arrayValue ?? []).compactMap { $0.node?.body["commandType"]?.stringValue }
            let target = relation(body["relation"])
            if actions.contains("CMD_DELETE") {
                return Finding(
                    sqlClass: .destructiveDML, effectClass: .irreversible, kind: .unboundedChange, ruleID: "sql.merge-delete",
                    consequence: "deletes every row of \(target) that matches its source (MERGE … THEN DELETE)",
                    safer: "Delete the rows by key in a transaction, and check the count before COMMIT", resources: names(body["relation"]))
            }
            return .write("sql.merge", "merges rows into \(target)", resources: names(body["relation"]))
        case "TruncateStmt":
            let tables = (body["relations"]?.arrayValue ?? []).flatMap { names($0) }
            return Finding(
                sqlClass: .destructiveDML, effectClass: .irreversible, kind: .truncate, ruleID: "sql.truncate",
                consequence: "deletes every row of \(list(tables, "the table"))"
                    + (body["behavior"]?.stringValue == "DROP_CASCADE" ? " and of every table that references it (CASCADE)" : ""),
                safer: "Delete the rows you mean with a WHERE clause, after a verified backup", resources: tables)
        case "DropStmt":
            return drop(body)
        case "DropdbStmt":
            let name = body["dbname"]?.stringValue ?? "?"
            // Kind `drop`: the command gate's SQL rule, as DROP DATABASE in psql -c reads without the parser.
            return Finding(
                sqlClass: .dataLossDDL, effectClass: .irreversible, kind: .drop, ruleID: "sql.drop-database",
                consequence: "deletes the database \(name) and everything in it",
                safer: "Take and verify a backup first; rename the database and drop it later", resources: [name])
        case "DropTableSpaceStmt":
            let name = body["tablespacename"]?.stringValue ?? "?"
            return dataLoss("sql.drop-tablespace", .irreversible, "deletes the tablespace \(name)", [name])
        case "DropOwnedStmt":
            let roles = (body["roles"]?.arrayValue ?? []).compactMap { $0.node?.body["rolename"]?.stringValue }
            return dataLoss("sql.drop-owned", .irreversible, "deletes every object owned by \(list(roles, "the role"))", roles)
        case "DropSubscriptionStmt":
            return dataLoss("sql.drop-subscription", .destroy, "deletes a logical-replication subscription", [])
        case "DropRoleStmt", "DropUserMappingStmt", "CreateRoleStmt", "AlterRoleStmt", "AlterRoleSetStmt", "GrantStmt",
            "GrantRoleStmt", "AlterDefaultPrivilegesStmt", "ReassignOwnedStmt", "CreatePolicyStmt", "AlterPolicyStmt",
            "AlterSystemStmt", "AlterDatabaseSetStmt", "AlterDatabaseStmt", "CreateExtensionStmt", "AlterExtensionStmt",
            "AlterExtensionContentsStmt", "SecLabelStmt", "CreatePLangStmt", "AlterOwnerStmt", "CreateUserMappingStmt",
            "AlterUserMappingStmt", "CreateFdwStmt", "AlterFdwStmt", "CreateTableSpaceStmt", "AlterTableSpaceOptionsStmt",
            "CreateSubscriptionStmt", "AlterSubscriptionStmt", "CreateEventTrigStmt", "AlterEventTrigStmt":
            return .privilege("sql.privilege", privilegeText(type))
        case "CreateForeignServerStmt":
            if let wrapper = body["fdwname"]?.stringValue, ["postgres_fdw", "dblink_fdw", "mysql_fdw", "file_fdw"].contains(wrapper) {
                return .escape(
                    "sql.foreign-server", "defines a server reached through \(wrapper), which runs statements outside this database")
            }
            return .privilege("sql.privilege", "defines a foreign server")
        case "ImportForeignSchemaStmt":
            return .escape("sql.foreign-server", "imports tables from another server")
        case "AlterTableStmt":
            return alterTable(body)
        case "RenameStmt", "AlterObjectSchemaStmt":
            return .schema("sql.rename", "renames or moves an object; queries that name it by its old name stop working")
        case "CreateStmt":
            let persistence = body["relation"]?["relpersistence"]?.stringValue
            if persistence == "t" { return .write("sql.create-temp", "creates a temporary table for this session") }
            return .schema("sql.create", "creates the table \(relation(body["relation"]))", resources: names(body["relation"]))
        case "CreateTableAsStmt":
            let kind = body["objtype"]?.stringValue == "OBJECT_MATVIEW" ? "materialized view" : "table"
            let into = body["into"]?["rel"]
            return .write("sql.create-table-as", "creates the \(kind) \(relation(into)) from a query's rows", resources: names(into))
                .stricter(select(body["query"]?.node?.body ?? .null, session: &session))
        case "IndexStmt":
            let table = relation(body["relation"])
            if body["concurrent"]?.boolValue == true {
                return .schema(
                    "sql.create-index", "builds an index on \(table) without blocking writes", resources: names(body["relation"]))
            }
            return .availability(
                "sql.create-index-blocking", "builds an index on \(table) while blocking every write to it",
                safer: "CREATE INDEX CONCURRENTLY builds it without blocking writes", resources: names(body["relation"]))
        case "ViewStmt":
            let view = relation(body["view"])
            if body["replace"]?.boolValue == true {
                return .logic(
                    "sql.replace-view", "replaces the view \(view): whatever reads it reads the new definition",
                    resources: names(body["view"]))
            }
            return .schema("sql.create-view", "creates the view \(view)", resources: names(body["view"]))
        case "CreateFunctionStmt":
            return function(body)
        case "CreateTrigStmt", "RuleStmt", "AlterFunctionStmt", "CreateTransformStmt", "CreateCastStmt":
            let replace = body["replace"]?.boolValue == true
            return .logic(
                "sql.logic",
                "\(replace ? "replaces" : "defines") code the database runs later (\(friendly(type))), which can change what writes do")
        case "AlterSeqStmt":
            let options = (body["options"]?.arrayValue ?? []).compactMap { $0.node?.body["defname"]?.stringValue }
            if options.contains("restart") {
                return .logic(
                    "sql.restart-sequence", "restarts the sequence \(relation(body["sequence"])), so new rows can collide with old keys",
                    resources: names(body["sequence"]))
            }
            return .schema("sql.alter-sequence", "changes the sequence \(relation(body["sequence"]))")
        case "CreateSeqStmt", "CreateSchemaStmt", "CompositeTypeStmt", "CreateEnumStmt", "CreateDomainStmt", "DefineStmt",
            "CommentStmt", "CreatedbStmt", "CreateRangeStmt", "AlterEnumStmt", "AlterDomainStmt", "CreateStatsStmt",
            "AlterStatsStmt", "CreatePublicationStmt", "AlterPublicationStmt", "CreateConversionStmt", "CreateOpClassStmt",
            "CreateOpFamilyStmt", "AlterOpFamilyStmt", "CreateAmStmt", "AlterCollationStmt", "AlterTSConfigurationStmt",
            "AlterTSDictionaryStmt", "AlterTypeStmt", "AlterOperatorStmt":
            return .schema("sql.schema", "adds to or changes the schema (\(friendly(type)))")
        case "VacuumStmt":
            let options = (body["options"]?.arrayValue ?? []).compactMap { $0.node?.body["defname"]?.stringValue }
            if options.contains("full") {
                return .availability(
                    "sql.vacuum-full", "rewrites the table under an exclusive lock and needs room for a second copy",
                    safer: "Plain VACUUM (or pg_repack) reclaims space without blocking")
            }
            return .schema("sql.maintenance", body["is_vacuumcmd"]?.boolValue == true ? "vacuums tables" : "collects statistics")
        case "ClusterStmt":
            return .availability("sql.cluster", "rewrites the table under an exclusive lock")
        case "ReindexStmt":
            let options = (body["params"]?.arrayValue ?? []).compactMap { $0.node?.body["defname"]?.stringValue }
            if options.contains("concurrently") { return .schema("sql.maintenance", "rebuilds indexes without blocking writes") }
            return .availability(
                "sql.reindex-blocking", "rebuilds indexes while blocking writes", safer: "REINDEX … CONCURRENTLY does not block writes")
        case "LockStmt":
            // Mode 1 is ACCESS SHARE, which only waits for ACCESS EXCLUSIVE (pg_dump takes it).
            if body["mode"]?.intValue == 1 { return .read("sql.lock-share", "takes the lock every SELECT takes") }
            return .availability("sql.lock", "locks tables until the transaction ends; other sessions wait")
        case "CheckPointStmt":
            return .availability("sql.checkpoint", "forces a checkpoint, a burst of I/O on the whole server")
        case "RefreshMatViewStmt":
            return .write("sql.refresh", "recomputes the materialized view \(relation(body["relation"]))")
        case "TransactionStmt":
            return transaction(body, batchSize: batchSize)
        case "VariableSetStmt":
            return setting(body)
        case "VariableShowStmt":
            return .read("sql.show", "shows a setting")
        case "DiscardStmt":
            if body["target"]?.stringValue == "DISCARD_ALL" {
                return .guardEscape("sql.discard-all", "resets every session setting, read-only included")
            }
            return .read("sql.discard", "discards cached plans or temporary objects of this session")
        case "LoadStmt":
            return .guardEscape("sql.load", "loads a shared library into the server process, which can switch safeguards off")
        case "CopyStmt":
            return copy(body, session: &session)
        case "ExplainStmt":
            // ANALYZE runs the statement; `ANALYZE false` (or off, 0) does not.
            let analyze = (body["options"]?.arrayValue ?? []).contains { option in
                guard let option = option.node?.body, option["defname"]?.stringValue == "analyze" else { return false }
                let value = option["arg"]?.node?.body["sval"]?.stringValue?.lowercased()
                return !["false", "off", "0", "no"].contains(value ?? "true")
            }
            guard analyze, let inner = body["query"] else {
                return .read("sql.explain", "only shows the plan of a statement without running it")
            }
            var finding = StatementReader(bytes: [], batchSize: 1).statement(inner, session: &session)
            if finding.sqlClass > .read {
                finding.consequence = "runs the statement it explains (EXPLAIN ANALYZE executes it), which \(finding.consequence)"
            }
            return finding
        case "DoStmt":
            return .opaque("sql.do", "runs an anonymous code block whose statements are only built when it runs")
        case "CallStmt":
            let name = body["funccall"]?["funcname"].map(functionName) ?? "a procedure"
            return .opaque("sql.call", "calls the procedure \(name), whose statements are not in the text")
        case "ExecuteStmt":
            let name = body["name"]?.stringValue ?? ""
            if let prepared = session.prepared[name] {
                return Finding(
                    sqlClass: prepared.sqlClass, effectClass: prepared.effectClass, kind: prepared.kind, ruleID: prepared.ruleID,
                    consequence: "runs the prepared statement \(name) (`\(prepared.display)`), which \(prepared.consequence)",
                    safer: prepared.safer, resources: prepared.resources)
            }
            return .opaque("sql.execute", "runs the prepared statement \(name), prepared where this text cannot see it")
        case "PrepareStmt":
            guard let query = body["query"] else { return .unknown("sql.prepare", "prepares nothing readable") }
            var finding = StatementReader(bytes: [], batchSize: 1).statement(query, session: &session)
            finding.consequence = "prepares a statement that \(finding.consequence)"
            return finding
        case "DeallocateStmt", "FetchStmt", "ClosePortalStmt", "ListenStmt", "UnlistenStmt":
            return .read("sql.session", "only moves through results or session bookkeeping")
        case "DeclareCursorStmt":
            var finding = StatementReader(bytes: [], batchSize: 1).statement(body["query"] ?? .null, session: &session)
            finding.consequence = "opens a cursor over a query that \(finding.consequence)"
            return finding
        case "NotifyStmt":
            return .write("sql.notify", "sends a notification to listening sessions")
        default:
            return .unknown("sql.unclassified", "is a \(friendly(type)) statement, which Blastwall does not classify")
        }
    }

    static func select(_ body: JSON, session: inout SQLSession) -> Finding {
        var finding = Finding.read("sql.select", "only reads")
        if body["intoClause"] != nil {
            let into = body["intoClause"]?["rel"]
            finding = .write("sql.select-into", "creates the table \(relation(into)) from the query's rows", resources: names(into))
        }
        if body["lockingClause"] != nil {
            finding = finding.stricter(.write("sql.select-for-update", "locks the rows it reads until the transaction ends"))
        }
        for side in ["larg", "rarg"] {
            if let inner = body[side], inner.objectValue != nil { finding = finding.stricter(select(inner, session: &session)) }
        }
        return finding.stricter(ctes(body, session: &session))
    }

    /// Data-modifying CTEs: a DELETE or UPDATE hidden behind a SELECT is destructive however
    /// narrow its WHERE, because nothing at the start of the text says it writes.
    static func ctes(_ body: JSON, session: inout SQLSession) -> Finding {
        var finding = Finding.read("sql.select", "only reads")
        for cte in body["withClause"]?["ctes"]?.arrayValue ?? [] {
            guard let query = cte.node?.body["ctequery"], let (type, inner) = query.node else { continue }
            let name = cte.node?.body["ctename"]?.stringValue ?? "?"
            switch type {
            case "DeleteStmt", "UpdateStmt":
                let target = relation(inner["relation"])
                var hidden = Finding(
                    sqlClass: .destructiveDML, effectClass: .irreversible, kind: .unboundedChange, ruleID: "sql.data-modifying-cte",
                    consequence:
                        "\(type == "DeleteStmt" ? "deletes" : "changes") rows of \(target) inside the WITH query \(name), behind what reads like a SELECT",
                    safer: "Run the DELETE or UPDATE as its own statement with a WHERE clause, in a transaction",
                    resources: names(inner["relation"])
                ).stricter(change(type == "UpdateStmt" ? "changes" : "deletes", inner))
                hidden.commonTableExpression = cte.node?.body["location"]?.intValue
                finding = finding.stricter(hidden)
            default:
                finding = finding.stricter(classify(type, inner, batchSize: 1, session: &session))
            }
        }
        return finding
    }

    static func change(_ verb: String, _ body: JSON) -> Finding {
        let target = relation(body["relation"])
        if ["pg_settings", "pg_catalog.pg_settings"].contains(target.lowercased()) {
            // UPDATE pg_settings is SET: it can change what the guard reads SQL with.
            return .guardEscape("sql.guarded-setting", "\(verb) rows of pg_settings, which changes session settings")
        }
        let resources = names(body["relation"])
        guard let condition = body["whereClause"] else {
            return Finding(
                sqlClass: .destructiveDML, effectClass: .irreversible, kind: .unboundedChange,
                ruleID: verb == "deletes" ? "sql.delete-without-where" : "sql.update-without-where",
                consequence: "\(verb) every row of \(target): there is no WHERE clause",
                safer: "Add a WHERE clause on a key, run it in a transaction and check the row count before COMMIT", resources: resources)
        }
        if Tautology.holdsForEveryRow(condition) {
            return Finding(
                sqlClass: .destructiveDML, effectClass: .irreversible, kind: .unboundedChange,
                ruleID: verb == "deletes" ? "sql.delete-without-where" : "sql.update-without-where",
                consequence: "\(verb) every row of \(target): its WHERE clause does not depend on the row",
                safer: "Name the rows by a key in the WHERE clause, and check the row count before COMMIT", resources: resources)
        }
        return .write(
            verb == "deletes" ? "sql.delete" : "sql.update", "\(verb) the rows of \(target) its WHERE clause selects", resources: resources)
    }

    static func drop(_ body: JSON) -> Finding {
        let type = body["removeType"]?.stringValue ?? "OBJECT_UNKNOWN"
        let what = friendlyObject(type)
        let objects = (body["objects"]?.arrayValue ?? []).map(objectName)
        let cascade = body["behavior"]?.stringValue == "DROP_CASCADE"
        let named = "the \(what) \(objects.joined(separator: ", "))"
        if type == "OBJECT_POLICY" {
            return .privilege(
                "sql.drop-policy", "deletes the row-level security policy \(objects.joined(separator: ", "))", resources: objects)
        }
        let holdsData: Set<String> = ["OBJECT_TABLE", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_SCHEMA", "OBJECT_FOREIGN_TABLE"]
        let suffix = cascade ? ", and with CASCADE everything that depends on it (views, keys, columns of other tables)" : ""
        if holdsData.contains(type) {
            let rows =
                type == "OBJECT_SEQUENCE"
                ? "and its current value" : type == "OBJECT_SCHEMA" ? "and everything in it" : "and every row in it"
            var finding = dataLoss("sql.drop-\(what.replacingSpaces)", .irreversible, "deletes \(named) \(rows)\(suffix)", objects)
            finding.safer = "Rename it (\(objects.first ?? "name")_del) and drop it after a verified backup, once nothing has used it"
            return finding
        }
        return dataLoss(
            "sql.drop-\(what.replacingSpaces)", cascade ? .irreversible : .destroy,
            "deletes \(named)\(cascade ? suffix : ", which only a migration can bring back")", objects)
    }

    static func dataLoss(_ rule: String, _ effect: EffectClass, _ consequence: String, _ resources: [String]) -> Finding {
        Finding(sqlClass: .dataLossDDL, effectClass: effect, kind: .drop, ruleID: rule, consequence: consequence, resources: resources)
    }

    static func alterTable(_ body: JSON) -> Finding {
        let table = relation(body["relation"])
        let resources = names(body["relation"])
        var finding = Finding.schema("sql.alter-table", "changes the definition of \(table)", resources: resources)
        for command in body["cmds"]?.arrayValue ?? [] {
            guard let command = command.node?.body else { continue }
            let column = command["name"]?.stringValue ?? "?"
            let cascade = command["behavior"]?.stringValue == "DROP_CASCADE"
            let next: Finding
            switch command["subtype"]?.stringValue ?? "" {
            case "AT_DropColumn":
                next = Finding(
                    sqlClass: .dataLossDDL, effectClass: .irreversible, kind: .dropColumn, ruleID: "sql.drop-column",
                    consequence: "deletes the column \(column) of \(table) and its value in every row"
                        + (cascade ? ", and what depends on it" : ""),
                    safer: "Stop writing and reading the column first; drop it in a later migration after a backup",
                    resources: resources + [column])
            case "AT_DetachPartition", "AT_DetachPartitionFinalize":
                next = dataLoss("sql.detach-partition", .irreversible, "takes a partition and its rows out of \(table)", resources)
            case "AT_DropConstraint":
                next = dataLoss(
                    "sql.drop-constraint", .destroy, "deletes the constraint \(column) of \(table), which stops guarding its data",
                    resources)
            case "AT_AlterColumnType":
                next = Finding(
                    sqlClass: .lossyRewrite, effectClass: .destroy, kind: .write, ruleID: "sql.alter-column-type",
                    consequence:
                        "changes the type of \(table).\(column), rewriting every row under an exclusive lock; a narrower type loses data",
                    safer: "Add a new column, backfill it, switch readers, then drop the old one", resources: resources)
            case "AT_SetUnLogged":
                next = Finding(
                    sqlClass: .lossyRewrite, effectClass: .destroy, kind: .write, ruleID: "sql.set-unlogged",
                    consequence: "makes \(table) unlogged: its rows are lost after a crash and never reach replicas", resources: resources)
            case "AT_AddConstraint":
                if command["def"]?.node?.body["skip_validation"]?.boolValue == true {
                    next = .schema("sql.add-constraint-not-valid", "adds a constraint to \(table) without checking existing rows")
                } else {
                    next = .availability(
                        "sql.add-constraint", "adds a constraint to \(table), checking every row while blocking writes",
                        safer: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT", resources: resources)
                }
            case "AT_SetNotNull":
                next = .availability(
                    "sql.set-not-null", "scans all of \(table) under an exclusive lock to set NOT NULL", resources: resources)
            case "AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser", "AT_DisableRule":
                next = .logic(
                    "sql.disable-trigger", "switches off triggers or rules of \(table), which may be what audits or guards it",
                    resources: resources)
            case "AT_DisableRowSecurity", "AT_NoForceRowSecurity":
                next = .privilege("sql.disable-row-security", "turns off row-level security on \(table)", resources: resources)
            case "AT_ChangeOwner":
                next = .privilege("sql.change-owner", "changes who owns \(table)", resources: resources)
            case "AT_AddColumn":
                // A default computed per row (a volatile function) rewrites the whole table.
                let defaults = (command["def"]?["ColumnDef"]?["constraints"]?.arrayValue ?? []).compactMap { $0.node?.body }
                    .filter { $0["contype"]?.stringValue == "CONSTR_DEFAULT" }
                let calls = defaults.flatMap { functionCalls(in: $0) }.map(\.name)
                if calls.contains(where: { !stableFunctions.contains($0) }) {
                    next = .availability(
                        "sql.add-column-rewrite",
                        "adds a column to \(table) whose default is computed per row, rewriting the table under an exclusive lock",
                        safer: "Add the column without a default, then backfill it in batches", resources: resources)
                } else {
                    next = .schema("sql.add-column", "adds a column to \(table)", resources: resources)
                }
            default:
                next = .schema("sql.alter-table", "changes the definition of \(table)", resources: resources)
            }
            finding = finding.stricter(next)
        }
        return finding
    }

    /// Functions whose value as a column default is computed once, not per row.
    static let stableFunctions: Set<String> = ["now", "current_timestamp", "transaction_timestamp", "statement_timestamp", "current_date"]

    static let untrustedLanguages: Set<String> = [
        "c", "internal", "plpythonu", "plpython2u", "plpython3u", "plperlu", "pltclu", "plsh", "plrust", "pljavau", "plv8u",
    ]

    static func function(_ body: JSON) -> Finding {
        let name = body["funcname"].map(functionName) ?? "?"
        let language = (body["options"]?.arrayValue ?? []).compactMap { option -> String? in
            guard let option = option.node?.body, option["defname"]?.stringValue == "language" else { return nil }
            return option["arg"]?.node?.body["sval"]?.stringValue?.lowercased()
        }.first
        if let language, untrustedLanguages.contains(language), body["replace"]?.boolValue != true {
            return .privilege(
                "sql.untrusted-function", "defines the function \(name) in \(language), which runs with the server's own rights")
        }
        let replace = body["replace"]?.boolValue == true
        let untrusted =
            language.map { untrustedLanguages.contains($0) } == true ? " in \(language ?? ""), with the server's own rights" : ""
        return .logic(
            "sql.function", "\(replace ? "replaces" : "defines") the function \(name), code that runs whenever it is called\(untrusted)")
    }

    /// Whether transaction options say READ WRITE: `transaction_read_only` set to 0, which the
    /// parse tree writes as an integer constant without a value.
    static func readWrite(_ options: JSON?) -> Bool {
        (options?.arrayValue ?? []).contains { option in
            let option = option.node?.body
            return option?["defname"]?.stringValue == "transaction_read_only" && option?["arg"]?.node?.body["ival"]?["ival"] == nil
        }
    }

    static func transaction(_ body: JSON, batchSize: Int) -> Finding {
        let kind = body["kind"]?.stringValue ?? ""
        if readWrite(body["options"]) {
            return .guardEscape("sql.read-write-transaction", "starts a read-write transaction, lifting a read-only default")
        }
        if batchSize > 1 {
            return .guardEscape(
                "sql.transaction-control-in-batch",
                "\(kind.hasSuffix("BEGIN") || kind.hasSuffix("START") ? "starts" : "ends") a transaction in the middle of a batch, "
                    + "which commits what came before or escapes the transaction the batch runs in")
        }
        return .read("sql.transaction", "only starts or ends a transaction")
    }

    /// Settings a read-only guard or the server's safeguards depend on. search_path is not one:
    /// pg_dump and psql set it, and a read-only session cannot create the objects that would shadow others.
    static let guardedSettings: Set<String> = [
        "default_transaction_read_only", "transaction_read_only", "session_replication_role", "role", "session_authorization",
    ]

    /// Settings that are only dangerous away from one value: the proxy reads SQL as UTF-8 with
    /// standard-conforming strings.
    static let requiredValues: [String: Set<String>] = [
        "client_encoding": ["utf8", "utf-8", "unicode"], "standard_conforming_strings": ["on", "true", "1", "yes"],
    ]

    static func setting(_ body: JSON) -> Finding {
        let kind = body["kind"]?.stringValue ?? ""
        let name = body["name"]?.stringValue?.lowercased() ?? ""
        if kind == "VAR_RESET_ALL" {
            return .guardEscape("sql.reset-all", "resets every session setting, read-only included")
        }
        if kind == "VAR_SET_MULTI" {
            if readWrite(body["args"]) {
                return .guardEscape("sql.read-write-transaction", "makes transactions read-write, lifting a read-only default")
            }
            return .read("sql.set", "sets how this session's transactions behave")
        }
        if guardedSettings.contains(name) || name.hasPrefix("safeupdate.") {
            return .guardEscape("sql.guarded-setting", "changes \(name), a setting a read-only guard or the server's safeguards depend on")
        }
        if let allowed = requiredValues[name] {
            let value = body["args"]?.arrayValue?.first.flatMap { $0["A_Const"]?["sval"]?["sval"]?.stringValue }?.lowercased()
            if kind != "VAR_SET_VALUE" || !allowed.contains(value ?? "") {
                return .guardEscape("sql.guarded-setting", "changes \(name) away from what the guard reads SQL with")
            }
        }
        return .read("sql.set", "changes the setting \(name) for this session only")
    }

    static func copy(_ body: JSON, session: inout SQLSession) -> Finding {
        let isFrom = body["is_from"]?.boolValue == true
        let table = body["relation"].map { relation($0) } ?? "a query's result"
        if let file = body["filename"]?.stringValue {
            if body["is_program"]?.boolValue == true {
                return .escape("sql.copy-program", "runs the shell command `\(file)` on the database server")
            }
            return .escape(
                "sql.copy-server-file", "\(isFrom ? "reads" : "writes") the file \(file) on the database server's disk", resources: [file])
        }
        if isFrom {
            return .write("sql.copy-from-stdin", "loads rows into \(table) from the client", resources: names(body["relation"]))
        }
        if let query = body["query"] {
            return StatementReader(bytes: [], batchSize: 1).statement(query, session: &session)
        }
        return .read("sql.copy-to-stdout", "copies \(table) out to the client")
    }

    // MARK: - Functions called

    struct Call {
        var name: String
        var firstArgument: String?
    }

    /// Every function call in a statement, with its first argument when that is a string the
    /// call is known to get: a constant, or in the select list a column the WHERE clause pins to
    /// one string (pg_dump's `SELECT set_config(name, …) FROM pg_settings WHERE name = '…'`).
    static func functionCalls(in node: JSON) -> [Call] {
        var calls: [Call] = []
        func walk(_ node: JSON, pinned: [String: String]) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "FuncCall" {
                        let name = value["funcname"].map(functionName) ?? ""
                        let argument = value["args"]?.arrayValue?.first
                        let first =
                            argument?["A_Const"]?["sval"]?["sval"]?.stringValue
                            ?? argument?["ColumnRef"].flatMap { pinned[columnName($0)] }
                        calls.append(Call(name: name.lowercased(), firstArgument: first?.lowercased()))
                    }
                    // A subquery has rows of its own: the outer WHERE pins nothing there.
                    walk(value, pinned: ["SubLink", "SelectStmt", "RangeSubselect"].contains(key) ? [:] : pinned)
                }
            case .array(let items):
                for item in items { walk(item, pinned: pinned) }
            default:
                break
            }
        }
        for (key, value) in node.objectValue ?? [] {
            walk(value, pinned: key == "targetList" ? pinnedColumns(node["whereClause"]) : [:])
        }
        return calls
    }

    /// Columns a WHERE clause holds to one string: `column = 'constant'`, alone or in an AND.
    static func pinnedColumns(_ condition: JSON?) -> [String: String] {
        guard let (type, body) = condition?.node else { return [:] }
        switch type {
        case "BoolExpr" where body["boolop"]?.stringValue == "AND_EXPR":
            return (body["args"]?.arrayValue ?? []).reduce(into: [:]) { pinned, argument in
                pinned.merge(pinnedColumns(argument)) { first, _ in first }
            }
        case "A_Expr" where body["kind"]?.stringValue == "AEXPR_OP":
            let operators = (body["name"]?.arrayValue ?? []).compactMap { $0["String"]?["sval"]?.stringValue }
            guard operators == ["="] else { return [:] }
            for (column, constant) in [(body["lexpr"], body["rexpr"]), (body["rexpr"], body["lexpr"])] {
                if let column = column?["ColumnRef"], let value = constant?["A_Const"]?["sval"]?["sval"]?.stringValue {
                    return [columnName(column): value]
                }
            }
            return [:]
        default:
            return [:]
        }
    }

    /// A column reference as written (`name`, `s.name`).
    static func columnName(_ reference: JSON) -> String {
        (reference["fields"]?.arrayValue ?? []).map { $0["String"]?["sval"]?.stringValue ?? "*" }.joined(separator: ".")
    }

    static func function(_ call: Call) -> Finding {
        let bare = call.name.split(separator: ".").last.map(String.init) ?? call.name
        switch bare {
        case "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir",
            "pg_ls_archive_statusdir", "lo_import", "lo_export", "pg_file_write", "pg_file_unlink", "pg_file_rename":
            return .escape("sql.server-file-function", "calls \(bare)(), which reaches files on the database server")
        case "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u", "dblink_send_query", "dblink_open", "dblink_fetch":
            return .escape("sql.dblink", "calls \(bare)(), which runs SQL over another connection that no guard here sees")
        case "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "query_to_json":
            return .opaque("sql.query-string", "calls \(bare)(), which runs SQL built from a string")
        case "pg_terminate_backend", "pg_cancel_backend", "pg_drop_replication_slot", "pg_promote", "pg_reload_conf", "pg_switch_wal",
            "pg_rotate_logfile":
            return .availability("sql.server-control-function", "calls \(bare)(), which acts on the server or other sessions")
        case "nextval", "setval", "lo_unlink", "lo_create", "lo_put", "pg_stat_reset", "pg_stat_statements_reset",
            "pg_create_logical_replication_slot", "pg_create_physical_replication_slot", "pg_create_restore_point",
            "pg_replication_origin_drop", "pg_logical_emit_message":
            return .write("sql.writing-function", "calls \(bare)(), which changes state although it is called from a query")
        case "set_config":
            guard let setting = call.firstArgument else {
                // `set_config(lower('DEFAULT_TRANSACTION_READ_ONLY'), …)`, `set_config($1, …)`: the
                // setting is only known when it runs, so it may be the read-only one.
                return .guardEscape("sql.guarded-setting", "calls set_config() on a setting named only when it runs")
            }
            if guardedSettings.contains(setting) || setting.hasPrefix("safeupdate.") || requiredValues[setting] != nil {
                return .guardEscape("sql.guarded-setting", "calls set_config() on \(setting), a setting a read-only guard depends on")
            }
            return .read("sql.set", "changes a setting for this session")
        default:
            return .read("sql.select", "only reads")
        }
    }

    // MARK: - Names

    static func relation(_ node: JSON?) -> String {
        names(node).first ?? "the table"
    }

    static func names(_ node: JSON?) -> [String] {
        guard var body = node else { return [] }
        if let (type, inner) = body.node, type == "RangeVar" { body = inner }
        guard let name = body["relname"]?.stringValue else { return [] }
        return [[body["catalogname"]?.stringValue, body["schemaname"]?.stringValue, name].compactMap { $0 }.joined(separator: ".")]
    }

    static func functionName(_ names: JSON) -> String {
        (names.arrayValue ?? []).compactMap { $0["String"]?["sval"]?.stringValue }.joined(separator: ".")
    }

    /// A dropped object's name: a list of name parts, or a type name.
    static func objectName(_ node: JSON) -> String {
        if let items = node["List"]?["items"]?.arrayValue {
            return items.compactMap { $0["String"]?["sval"]?.stringValue }.joined(separator: ".")
        }
        if let string = node["String"]?["sval"]?.stringValue { return string }
        if let type = node["TypeName"]?["names"] { return functionName(type) }
        if let function = node["ObjectWithArgs"]?["objname"] { return functionName(function) }
        return "?"
    }

    static func friendlyObject(_ type: String) -> String {
        type.hasPrefix("OBJECT_") ? String(type.dropFirst(7)).lowercased().replacingUnderscores : type.lowercased()
    }

    static func friendly(_ type: String) -> String {
        var words = ""
        for character in type.hasSuffix("Stmt") ? String(type.dropLast(4)) : type {
            if character.isUppercase && !words.isEmpty { words.append(" ") }
            words.append(character.lowercased())
        }
        return words
    }

    static func privilegeText(_ type: String) -> String {
        "changes who may do what (\(friendly(type)))"
    }

    static func list(_ names: [String], _ fallback: String) -> String {
        names.isEmpty ? fallback : names.joined(separator: ", ")
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
    var replacingSpaces: String { String(map { $0 == " " ? "-" : $0 }) }
}

/// WHERE clauses that do not narrow anything: no column, parameter or subquery in them, or a
/// column compared with itself, or an OR with such a branch.
enum Tautology {
    static func holdsForEveryRow(_ condition: JSON) -> Bool {
        if !dependsOnTheRow(condition) { return true }
        guard let (type, body) = condition.node else { return false }
        switch type {
        case "BoolExpr":
            let arguments = body["args"]?.arrayValue ?? []
            switch body["boolop"]?.stringValue {
            case "OR_EXPR": return arguments.contains(where: holdsForEveryRow)
            case "AND_EXPR": return !arguments.isEmpty && arguments.allSatisfy(holdsForEveryRow)
            default: return false
            }
        case "A_Expr":
            let operators = (body["name"]?.arrayValue ?? []).compactMap { $0["String"]?["sval"]?.stringValue }
            guard body["kind"]?.stringValue == "AEXPR_OP", ["=", ">=", "<="].contains(operators.last ?? ""),
                let left = body["lexpr"], let right = body["rexpr"]
            else { return false }
            return mayBeEqual(left, right)
        default:
            return false
        }
    }

    /// Whether two expressions can be the same for every row: equal trees (positions aside),
    /// where a bound parameter may stand for any value — `a + $1 = a + $2` holds for every row
    /// when the two are bound alike.
    static func mayBeEqual(_ left: JSON, _ right: JSON) -> Bool {
        let parameter = { (node: JSON) in node.node?.type == "ParamRef" }
        let value = { (node: JSON) in ["ParamRef", "A_Const"].contains(node.node?.type ?? "") }
        if (parameter(left) && value(right)) || (parameter(right) && value(left)) { return true }
        switch (left, right) {
        case (.object(let lhs), .object(let rhs)):
            let lhs = lhs.filter { $0.0 != "location" }
            let rhs = rhs.filter { $0.0 != "location" }
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.0 == $1.0 && mayBeEqual($0.1, $1.1) }
        case (.array(let lhs), .array(let rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { mayBeEqual($0, $1) }
        default:
            return left == right
        }
    }

    static func dependsOnTheRow(_ node: JSON) -> Bool {
        switch node {
        case .object(let members):
            return members.contains { key, value in
                // A bound parameter ($1) is one value for every row, like a constant.
                ["ColumnRef", "SubLink", "FuncCall", "CurrentOfExpr"].contains(key) || dependsOnTheRow(value)
            }
        case .array(let items):
            return items.contains(where: dependsOnTheRow)
        default:
            return false
        }
    }
}

import ArgumentParser
import BlastwallCore
import BlastwallSQL
import BlastwallStore

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Decide allow, ask or deny for SQL, read by PostgreSQL's own parser, without running it.",
        discussion: """
            Every statement is classified (read, schema, write, availability, privilege, logic-replacement, guard-escape, escape, opaque, unknown, lossy-rewrite, destructive-dml, data-loss-ddl); the strictest decides. SQL that PostgreSQL 15's parser rejects is read by a fallback lexer and is never allowed on that reading alone.

            The environment comes from --env, else from --host or PGHOST matched against the policy's database_hosts; with neither it is `unknown`.

            Exit status: 0 allow, 3 ask, 2 deny, 1 input that cannot be handled (treat as deny).

            Examples:
              blastwall sql --sql 'DELETE FROM orders' --env production
              blastwall sql --file migrations/0042_drop_legacy.sql --host db.prod.internal --format json
              pg_dump --schema-only app | blastwall sql --stdin --env staging
            """)

    @Option(name: .long, help: "The SQL text: one statement or many, separated by semicolons.")
    var sql: String?

    @Option(name: .long, help: ArgumentHelp("Read the SQL from this file.", valueName: "path"))
    var file: String?

    @Flag(name: .long, help: "Read the SQL from standard input.")
    var stdin = false

    @Option(name: .long, help: "The database host the SQL would run on, matched against the policy's database_hosts.")
    var host: String?

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Do not record the verdict in the audit log (and so apply no grant).")
    var noLog = false

    @Flag(name: .long, help: "When the verdict is ask or deny, file a request for a second person to approve.")
    var request = false

    /// SQL files can be large migrations; anything past this is refused, not truncated.
    static let maximumBytes = 16 << 20

    func validate() throws {
        let sources = [sql != nil, file != nil, stdin].filter { $0 }.count
        if sources == 0 { throw ValidationError("give the SQL with --sql TEXT, --file PATH or --stdin") }
        if sources > 1 { throw ValidationError("use one of --sql, --file and --stdin") }
    }

    func run() throws {
        let text: String
        do {
            text = try readSQL()
        } catch let error as GateError {
            throw Gatekeeper.report(error, command: sql ?? "", format: format)
        }
        let workspace = Workspace(cwd: nil)
        let policy: Policy
        do {
            policy = try decision.loadPolicy(workspace)
        } catch {
            throw Gatekeeper.report(
                GateError(code: "policy-error", message: "the policy could not be loaded: \(error)"), command: text, format: format)
        }
        var hints: [TargetHint] = []
        if let host { hints.append(TargetHint(.databaseHost, host, source: "--host")) }
        if let variable = workspace.environment["PGHOST"], !variable.isEmpty {
            hints.append(TargetHint(.databaseHost, variable, source: "PGHOST in the environment"))
        }
        var session = SQLSession()
        var evaluation: SQLGate.Evaluation
        do {
            evaluation = try SQLGate(policy: policy).evaluate(sql: text, hints: hints, forcedEnvironment: decision.env, session: &session)
        } catch {
            throw Gatekeeper.report(error, command: text, format: format)
        }
        if !noLog {
            do {
                evaluation.verdict = try AuditRecorder(workspace: workspace, source: "sql").record(
                    evaluation.verdict, policy: policy, cwd: workspace.cwd, kind: "sql",
                    fileRequest: request ? RequestFiling(explicit: true) : nil)
            } catch {
                throw Gatekeeper.report(
                    GateError(
                        code: "store-error", message: "the verdict could not be recorded in \(workspace.storePath): \(error.message)"),
                    command: text, format: format)
            }
        }
        switch format {
        case .json:
            var json = evaluation.verdict.json(trace: nil)
            json.set(
                "statements",
                .array(
                    evaluation.statements.map { statement in
                        .object([
                            ("start", .number(String(statement.range.lowerBound))), ("end", .number(String(statement.range.upperBound))),
                            ("class", .string(statement.sqlClass.rawValue)), ("effect_class", .string(statement.effectClass.rawValue)),
                            ("rule", .string(statement.ruleID)), ("statement", .string(statement.display)),
                        ])
                    }))
            SystemIO.writeStandardOutput(json.pretty() + "\n")
        case .text:
            let color = SystemIO.isTerminal(1) && workspace.environment["NO_COLOR"] == nil
            if evaluation.statements.isEmpty {
                SystemIO.writeStandardOutput("ALLOW  nothing to run: the text holds no statement\n")
            } else {
                SystemIO.writeStandardOutput(TextReport(verdict: evaluation.verdict, color: color).render(trace: nil))
            }
        }
        throw ExitCode(evaluation.verdict.decision.exitCode)
    }

    /// The SQL as text: valid UTF-8, no NUL byte (the parser would stop reading there and never
    /// see what follows), within the size limit.
    func readSQL() throws -> String {
        let bytes: [UInt8]
        if let sql {
            bytes = Array(sql.utf8)
        } else if let file {
            let read: [UInt8]?
            do {
                read = try SystemIO.readFile(file, limit: Self.maximumBytes)
            } catch {
                throw GateError(code: "unreadable", message: "\(file) could not be read: \(error)")
            }
            guard let read else { throw GateError(code: "not-found", message: "there is no file \(file)") }
            bytes = read
        } else {
            do {
                bytes = try SystemIO.readStandardInput(limit: Self.maximumBytes + 1)
            } catch {
                throw GateError(code: "unreadable", message: "standard input could not be read: \(error)")
            }
        }
        return try InputValidation.text(from: bytes, limit: Self.maximumBytes, subject: "the SQL")
    }
}

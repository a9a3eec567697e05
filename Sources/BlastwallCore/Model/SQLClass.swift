/// What a SQL statement does, in the words a database owner uses. Ordered mildest first: for a
/// batch, the strictest statement decides.
public enum SQLClass: String, Sendable, CaseIterable, Comparable {
    /// Reads, and statements that change nothing lasting (a lone BEGIN, SET statement_timeout).
    case read
    /// Additive DDL: a new table, index built concurrently, a nullable column, a comment.
    case schema
    /// DML that names the rows it changes, INSERT, COPY FROM STDIN, CREATE TABLE AS.
    case write
    /// Locks and rewrites that stop others working: VACUUM FULL, LOCK, a blocking index build.
    case availability
    /// Who may do what: GRANT, roles, ownership, row-level security, ALTER SYSTEM, extensions.
    case privilege
    /// Code and rules that run later: functions, triggers, rules, disabled triggers, sequence restarts.
    case logicReplacement = "logic-replacement"
    /// Statements that undo the guard's own settings: transaction control inside a batch,
    /// read-only toggles, SET ROLE, session_replication_role, LOAD.
    case guardEscape = "guard-escape"
    /// Reaching out of the database: COPY to or from a program or a server file, file functions, dblink.
    case escape
    /// Code whose SQL is not in the text: DO, CALL, EXECUTE of an unseen prepared statement.
    case opaque
    /// Text that could not be read with certainty.
    case unknown
    /// Changes that rewrite data in place and may lose it: column type changes, SET UNLOGGED.
    case lossyRewrite = "lossy-rewrite"
    /// DML that reaches every row: no WHERE or a constant-true one, TRUNCATE, MERGE … DELETE,
    /// data-modifying CTEs that delete or update.
    case destructiveDML = "destructive-dml"
    /// DDL that deletes data or the objects holding it: DROP …, DROP COLUMN, DETACH PARTITION.
    case dataLossDDL = "data-loss-ddl"

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: SQLClass, rhs: SQLClass) -> Bool { lhs.rank < rhs.rank }
}

/// One statement of a SQL text and what it does.
public struct SQLStatementVerdict: Sendable {
    /// The statement's bytes in the text's UTF-8, without surrounding blanks, comments or `;`.
    public var range: Range<Int>
    /// The part that shows the verdict (a CTE body, the statement EXPLAIN ANALYZE runs), when
    /// narrower than the statement.
    public var evidence: Range<Int>?
    public var sqlClass: SQLClass
    /// The class the policy grades (`destroy`, `irreversible`, …).
    public var effectClass: EffectClass
    /// What the command gate's database rules key on.
    public var kind: DatabaseEffectKind
    /// A stable name for the finding (`sql.delete-without-where`).
    public var ruleID: String
    /// Completes "runs `<statement>`, which …".
    public var consequence: String
    public var safer: String?
    public var resources: [String]
    /// The statement for messages: blanks collapsed, passwords hidden, at most 120 characters.
    public var display: String

    public init(
        range: Range<Int>, evidence: Range<Int>? = nil, sqlClass: SQLClass, effectClass: EffectClass, kind: DatabaseEffectKind,
        ruleID: String, consequence: String, safer: String? = nil, resources: [String] = [], display: String
    ) {
        self.range = range
        self.evidence = evidence
        self.sqlClass = sqlClass
        self.effectClass = effectClass
        self.kind = kind
        self.ruleID = ruleID
        self.consequence = consequence
        self.safer = safer
        self.resources = resources
        self.display = display
    }

    /// The stricter of two verdicts: by the class the policy grades, then by SQL class; the
    /// first on a tie.
    public func stricter(_ other: SQLStatementVerdict) -> SQLStatementVerdict {
        (other.effectClass, other.sqlClass) > (effectClass, sqlClass) ? other : self
    }
}

/// Reads PostgreSQL text better than the lexer can: the edge plugs in PostgreSQL's own parser
/// (BlastwallSQL) through `AnalysisContext.postgres`, and `psql -c`, `-f -`, stdin and heredocs
/// are then classified by it.
public protocol PostgresReader: Sendable {
    /// Every statement of `text`, in order. Never empty for text that holds a statement; text
    /// that cannot be read yields a conservative verdict, never a silent `read`.
    func classify(_ text: String) -> [SQLStatementVerdict]
}

/// The lexer's reading of SQL, for doors without PostgreSQL's parser and as its fallback.
public enum SQLLexerReading {
    /// Every statement of `text` (PostgreSQL dialect, psql meta-commands included) as the
    /// keyword classifier reads it.
    public static func classify(_ text: String) -> [SQLStatementVerdict] {
        SQLLexer.statements(in: text, dialect: .postgres).map { statement in
            let verdict = SQLClassifier.classify(statement, dialect: .postgres)
            let evidence = verdict.evidence.map { $0.start..<$0.end }
            return SQLStatementVerdict(
                range: statement.start..<statement.end, evidence: evidence, sqlClass: sqlClass(of: verdict),
                effectClass: verdict.effectClass, kind: verdict.kind, ruleID: "sql.lexer.\(verdict.kind)",
                consequence: verdict.consequence, resources: verdict.resources, display: statement.display())
        }
    }

    /// Whether psql would handle part of `text` itself (`\i`, `\!`, `\gexec`): such text is not
    /// all SQL, and only the lexer knows where its meta-commands end.
    public static func hasClientCommands(_ text: String) -> Bool {
        SQLLexer.statements(in: text, dialect: .postgres).contains { $0.isClientCommand }
    }

    /// The byte ranges of the SQL statements in text that also holds psql meta-commands, and
    /// the meta-commands' own verdicts.
    public static func split(_ text: String) -> [(range: Range<Int>, clientCommand: SQLStatementVerdict?)] {
        SQLLexer.statements(in: text, dialect: .postgres).map { statement in
            guard statement.isClientCommand else { return (statement.start..<statement.end, nil) }
            let verdict = SQLClassifier.classify(statement, dialect: .postgres)
            return (
                statement.start..<statement.end,
                SQLStatementVerdict(
                    range: statement.start..<statement.end, sqlClass: sqlClass(of: verdict), effectClass: verdict.effectClass,
                    kind: verdict.kind, ruleID: "sql.psql-meta-command", consequence: verdict.consequence,
                    resources: verdict.resources, display: statement.display())
            )
        }
    }

    /// The bytes inside the parentheses of the WITH query whose name starts at byte `offset` of
    /// `text` (`name [(columns)] AS [NOT] [MATERIALIZED] ( body )`), for pointing at it.
    public static func bodyOfCommonTableExpression(at offset: Int, in text: String) -> Range<Int>? {
        let tokens = SQLLexer.statements(in: text, dialect: .postgres).flatMap(\.tokens)
        guard let name = tokens.firstIndex(where: { $0.start >= offset }) else { return nil }
        let base = tokens[name].depth
        guard
            let open = tokens.indices.dropFirst(name + 1).first(where: { index in
                tokens[index].depth == base && tokens[index].kind == .symbol && tokens[index].text == "("
                    && ["AS", "MATERIALIZED"].contains(tokens[index - 1].keyword)
            }),
            let close = tokens[(open + 1)...].firstIndex(where: { $0.depth == base && $0.text == ")" }),
            open + 1 < close
        else { return nil }
        return tokens[open + 1].start..<tokens[close - 1].end
    }

    /// One statement for messages: blanks collapsed, passwords hidden, at most 120 characters.
    public static func display(_ statement: String) -> String {
        let parts = SQLLexer.statements(in: statement, dialect: .postgres).map { $0.display() }
        let joined = parts.joined(separator: "; ")
        return joined.count > 120 ? String(joined.prefix(119)) + "…" : joined
    }

    static func sqlClass(of verdict: SQLVerdict) -> SQLClass {
        switch verdict.kind {
        case .read, .help: .read
        case .write: verdict.effectClass > .write ? .unknown : .write
        case .dropDatabase, .drop, .dropColumn, .documentDrop, .restoreClean: .dataLossDDL
        case .truncate, .unboundedChange, .keyFlush: .destructiveDML
        case .privilege: .privilege
        case .code, .scriptInput, .interactive: .opaque
        case .serverControl: .availability
        case .unknown: .unknown
        }
    }
}

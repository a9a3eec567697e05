import BlastwallCore
import CPgQuery

/// Statements that differ only in their constants. A driver that inlines its values sends a new
/// text for every execution (`… WHERE aid = 4711`, then `… WHERE aid = 90210`); PostgreSQL's own
/// normalisation (libpg_query: every constant replaced by `$n`) names the shape they share, so
/// the proxy can judge the shape once — but only where no rule looks at a constant's value.
public enum StatementShape {
    /// The text with every constant replaced by `$1`, `$2` …, or nil when the parser rejects it.
    public static func normalized(_ sql: String) -> String? {
        let result = pg_query_normalize(sql)
        defer { pg_query_free_normalize_result(result) }
        guard result.error == nil, let text = result.normalized_query else { return nil }
        return String(cString: text)
    }

    /// Statements whose classification reads only the tree's structure, never a constant, as
    /// long as `ignoresConstants` finds none of the places below in them.
    static let shareableStatements: Set<String> = ["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "TransactionStmt"]

    /// Whether every text with the same normalised form as `sql` gets the same classification:
    /// true only for plain DML and transaction control in which the reader looks at no constant.
    /// The reader looks at constant values in exactly these places, each refused here:
    /// - options (`DefElem`: transaction modes, a function's LANGUAGE, EXPLAIN's ANALYZE);
    /// - SET and its values (`VariableSetStmt`: client_encoding, standard_conforming_strings);
    /// - a function's constant arguments (`set_config('default_transaction_read_only', …)`), and
    ///   any set_config (`set_config(name, …) … WHERE name = '…'` reads the WHERE's constant);
    /// - a comparison whose sides differ only in constants (`a + 1 = a + 1` holds for every row,
    ///   `a + 1 = a + 2` does not).
    /// Text with psql meta-commands is never shared: the lexer, not the parser, reads it. Nor is
    /// text with a `$` in it: a parameter already there (`WHERE $1 = 5`) or a name with a `$`
    /// (`bool$2`) reads like a placeholder of the normalised text, whose `bool't'` is a constant.
    /// And the normalised text must parse to the same tree with each constant a parameter.
    public static func ignoresConstants(_ sql: String) -> Bool {
        guard !sql.contains("\\"), !sql.contains("$"), let shape = normalized(sql),
            case .success(let statements) = PgQuery.parse(sql), !statements.isEmpty,
            case .success(let shapeStatements) = PgQuery.parse(shape), shapeStatements.count == statements.count
        else { return false }
        return zip(statements, shapeStatements).allSatisfy { statement, shaped in
            guard let (type, _) = statement.node.node, shareableStatements.contains(type) else { return false }
            return !readsConstants(statement.node) && withoutConstants(statement.node) == withoutConstants(shaped.node)
        }
    }

    static func readsConstants(_ node: JSON) -> Bool {
        switch node {
        case .object(let members):
            return members.contains { key, value in
                switch key {
                case "DefElem", "VariableSetStmt":
                    return true
                case "FuncCall":
                    if (value["args"]?.arrayValue ?? []).contains(where: { $0["A_Const"] != nil }) { return true }
                    // set_config's setting may also come from a column the WHERE clause pins to a constant.
                    if value["funcname"].map(StatementReader.functionName)?.lowercased().hasSuffix("set_config") == true { return true }
                case "A_Expr":
                    if let left = value["lexpr"], let right = value["rexpr"], withoutConstants(left) == withoutConstants(right) {
                        return true
                    }
                default:
                    break
                }
                return readsConstants(value)
            }
        case .array(let items):
            return items.contains(where: readsConstants)
        default:
            return false
        }
    }

    /// A tree with its positions left out and each constant or parameter a blank value.
    static func withoutConstants(_ node: JSON) -> JSON {
        switch node {
        case .object(let members):
            if members.count == 1, ["A_Const", "ParamRef"].contains(members[0].0) { return .object([("value", .null)]) }
            return .object(members.filter { $0.0 != "location" }.map { ($0.0, withoutConstants($0.1)) })
        case .array(let items): return .array(items.map(withoutConstants))
        default: return node
        }
    }
}

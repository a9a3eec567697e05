import Synchronization

/// For families whose rules all start from the same reading of an invocation (every statement
/// of the SQL in `psql -c`, say): the reading is done once and shared by the rules tried in turn.
/// One entry is enough, because a family's rules are tried one after another on one invocation;
/// concurrent callers only ever cost a recomputation.
public final class InvocationMemo<Value: Sendable>: Sendable {
    struct Key: Hashable {
        var program: String
        var arguments: [Argument]
        var assignments: [String: String]
        var standardInput: StandardInput
        var span: SourceSpan
        var wrappers: [String]
        var takesRuntimeArguments: Bool
        /// Whether PostgreSQL's parser read the SQL: the same command reads differently without it.
        var hasPostgresReader: Bool

        init(_ invocation: Invocation, _ context: AnalysisContext) {
            program = invocation.program
            arguments = invocation.arguments
            assignments = invocation.assignments
            standardInput = invocation.standardInput
            span = invocation.span
            wrappers = invocation.wrappers
            takesRuntimeArguments = invocation.takesRuntimeArguments
            hasPostgresReader = context.postgres != nil
        }
    }

    private let slot = Mutex<(key: Key, value: Value)?>(nil)
    private let compute: @Sendable (Invocation, AnalysisContext) -> Value

    public init(_ compute: @escaping @Sendable (Invocation, AnalysisContext) -> Value) {
        self.compute = compute
    }

    public func callAsFunction(_ invocation: Invocation, _ context: AnalysisContext) -> Value {
        let key = Key(invocation, context)
        if let cached = slot.withLock({ $0 }), cached.key == key { return cached.value }
        let value = compute(invocation, context)
        slot.withLock { $0 = (key, value) }
        return value
    }
}

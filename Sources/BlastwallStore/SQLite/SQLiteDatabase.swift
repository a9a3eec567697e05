import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the SQLite layer, with SQLite's own message and what Blastwall was doing.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// `corrupt`, `newer-version`, `full`, `read-only`, `busy`, `sqlite`, `not-found`, `conflict`, `invalid`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    init(sqlite status: Int32, _ doing: String, database: OpaquePointer?) {
        let detail = database.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        // A write refused for want of space (or past a file-size or quota limit) comes back as an
        // I/O error; the operating system's own error says it is a full disk.
        let systemError = database.map { sqlite3_system_errno($0) } ?? 0
        let outOfSpace = status & 0xff == SQLITE_IOERR && [ENOSPC, EFBIG, EDQUOT].contains(systemError)
        switch outOfSpace ? SQLITE_FULL : status & 0xff {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            code = "corrupt"
            message = "the store is corrupt or not a Blastwall store (\(detail)) while \(doing)"
        case SQLITE_FULL:
            code = "full"
            message = "the disk is full (\(detail)) while \(doing)"
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM:
            code = "read-only"
            message = "the store cannot be written (\(detail)) while \(doing)"
        case SQLITE_BUSY, SQLITE_LOCKED:
            code = "busy"
            message = "the store stayed locked by another process (\(detail)) while \(doing)"
        default:
            code = "sqlite"
            message = "SQLite failed (\(detail)) while \(doing)"
        }
    }
}

/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    public var blob: [UInt8]? {
        switch self {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        default: nil
        }
    }
}

/// One connection to a SQLite file: just what the store needs, with every error named.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String

    init(path: String, readOnly: Bool = false) throws(StoreError) {
        var database: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &database, flags, nil)
        guard status == SQLITE_OK, let database else {
            let error = StoreError(sqlite: status, "opening \(path)", database: database)
            sqlite3_close(database)
            throw error
        }
        handle = database
        self.path = path
        // Writers queue behind each other for up to 10 s instead of failing at once.
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws(StoreError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw StoreError(sqlite: status, "running \(sql.prefix(60))", database: handle) }
    }

    /// Runs a statement and returns every row.
    @discardableResult
    func query(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        var status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw StoreError(sqlite: status, "preparing \(sql.prefix(60))", database: handle)
        }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            switch argument {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let value): status = sqlite3_bind_int64(statement, position, value)
            case .text(let value): status = sqlite3_bind_text(statement, position, value, -1, sqliteTransient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(statement, position, raw.baseAddress, Int32(raw.count), sqliteTransient)
                }
            }
            guard status == SQLITE_OK else { throw StoreError(sqlite: status, "binding \(sql.prefix(60))", database: handle) }
        }
        var rows: [[SQLValue]] = []
        while true {
            status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw StoreError(sqlite: status, "running \(sql.prefix(60))", database: handle) }
            let count = sqlite3_column_count(statement)
            var row: [SQLValue] = []
            row.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let length = Int(sqlite3_column_bytes(statement, column))
                    if length == 0 {
                        row.append(.blob([]))
                    } else {
                        let pointer = sqlite3_column_blob(statement, column)!.assumingMemoryBound(to: UInt8.self)
                        row.append(.blob(Array(UnsafeBufferPointer(start: pointer, count: length))))
                    }
                case SQLITE_FLOAT: row.append(.integer(Int64(sqlite3_column_double(statement, column))))
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Calls `row` for each row without collecting them: for scans over the whole audit log.
    func forEachRow(_ sql: String, _ row: (OpaquePointer) throws(StoreError) -> Void) throws(StoreError) {
        var statement: OpaquePointer?
        var status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw StoreError(sqlite: status, "preparing \(sql.prefix(60))", database: handle)
        }
        defer { sqlite3_finalize(statement) }
        while true {
            status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw StoreError(sqlite: status, "reading \(sql.prefix(60))", database: handle) }
            try row(statement)
        }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE`: the write lock is taken first, so two writers never
    /// read the same log head and both append after it.
    func immediateTransaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// SQLite copies the bound bytes before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension OpaquePointer {
    func columnInt(_ column: Int32) -> Int64 { sqlite3_column_int64(self, column) }

    func columnText(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(self, column) else { return "" }
        return String(cString: text)
    }

    func columnBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let length = Int(sqlite3_column_bytes(self, column))
        guard length > 0, let pointer = sqlite3_column_blob(self, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }
}

import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

/// The kinds of audit record. Requests, approvals, grants, revocations, key and policy changes
/// are followed by a signed checkpoint at once; verdicts every 64 records or 60 seconds.
public enum AuditType: String, Sendable, CaseIterable {
    case verdict, request, approval, refusal, grant
    case grantUse = "grant-use"
    case revocation, key, policy
    case breakGlass = "break-glass"
    /// An agent reported that a tool call it was told about ran (Claude Code's `PostToolUse`):
    /// an asked command followed by its outcome was approved by the person at the prompt.
    case outcome

    var checkpointsAtOnce: Bool { self != .verdict && self != .grantUse && self != .outcome }
}

/// One stored record: its sequence number (1-based; leaf index + 1) and its canonical bytes.
public struct AuditRecord: Sendable {
    public var seq: Int64
    public var bytes: [UInt8]
    public var json: JSON? { try? JSON.parse(String(decoding: bytes, as: UTF8.self)) }
}

extension Store {
    /// How far a record's time may lie before the one it follows (an NTP step back).
    public static let clockStepTolerance: Int64 = 60
    static let checkpointEvery: Int64 = 64
    static let checkpointSeconds: Int64 = 60

    /// Appends a record. Must run inside `write`: the head is read and extended under one lock.
    /// The record's bytes are `{"seq":N,"prev":"<hex of the previous leaf hash>","time":…,"type":…,…}`
    /// and are stored verbatim; verification reads those bytes, never a re-serialisation.
    @discardableResult
    public func appendAudit(_ type: AuditType, _ fields: [(String, JSON)], now: Int64) throws(StoreError) -> Int64 {
        let meta = try Self.meta(database)
        guard let stored = meta["frontier"], var frontier = MerkleFrontier(serialized: stored) else {
            throw StoreError(code: "corrupt", message: "the audit log's tree head in \(path) is unreadable")
        }
        let last = try database.query("SELECT leaf, time FROM audit ORDER BY seq DESC LIMIT 1").first
        let previous = last?[0].blob ?? [UInt8](repeating: 0, count: 32)
        // A clock set back would let an expired grant look valid and a record look older than
        // what it follows: beyond the tolerance, nothing is recorded (and so nothing allowed).
        if let lastTime = last?[1].integer, now < lastTime - Self.clockStepTolerance {
            throw StoreError(
                code: "clock",
                message:
                    "the clock reads \(UTCTime.iso8601(now)), \(lastTime - now) s before the last audit record (\(UTCTime.iso8601(lastTime))): fix the clock; nothing is decided until it is right"
            )
        }
        let seq = frontier.size + 1
        let record = JSON.object(
            [
                ("seq", .number(String(seq))), ("prev", .string(Hex.encode(previous))), ("time", .string(UTCTime.iso8601(now))),
                ("type", .string(type.rawValue)),
            ] + fields)
        let bytes = Array(record.serialized().utf8)
        let leaf = MerkleFrontier.leafHash(bytes)
        try database.query(
            "INSERT INTO audit (seq, record, leaf, type, time) VALUES (?, ?, ?, ?, ?)",
            [.integer(seq), .blob(bytes), .blob(leaf), .text(type.rawValue), .integer(now)])
        frontier.append(leafHash: leaf)
        try database.query("UPDATE meta SET value = ? WHERE key = 'frontier'", [.blob(frontier.serialized)])
        let lastCheckpoint = try database.query("SELECT size, time FROM checkpoints ORDER BY size DESC LIMIT 1").first
        let lastSize = lastCheckpoint?[0].integer ?? 0
        let lastTime = lastCheckpoint?[1].integer ?? 0
        if type.checkpointsAtOnce || seq - lastSize >= Self.checkpointEvery || now - lastTime >= Self.checkpointSeconds {
            let note = Checkpoint(origin: origin, size: seq, root: frontier.root).signed(by: logKey, name: origin)
            try database.query("INSERT INTO checkpoints (size, time, note) VALUES (?, ?, ?)", [.integer(seq), .integer(now), .text(note)])
        }
        return seq
    }

    /// The newest signed checkpoint, for anchoring and receipts.
    public func latestCheckpoint() throws(StoreError) -> String? {
        try database.query("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1").first?.first?.text
    }

    /// An unsigned head line for an append-only anchor: `head ORIGIN SIZE ROOT`. Unsigned because
    /// it needs no signature where nobody can take a line back: a false line only makes `audit
    /// verify` fail, and the true ones pin every record up to SIZE, allowed verdicts included.
    public func headLine() throws(StoreError) -> String {
        guard let stored = try Self.meta(database)["frontier"], let frontier = MerkleFrontier(serialized: stored) else {
            throw StoreError(code: "corrupt", message: "the audit log's tree head is unreadable")
        }
        return "head \(origin) \(frontier.size) \(Base64.encode(frontier.root))\n"
    }

    /// A head line read back as the checkpoint it stands for; nil when `note` is not one.
    public static func head(fromAnchorLine note: String, origin: String) throws(StoreError) -> Checkpoint? {
        guard note.hasPrefix("head ") else { return nil }
        let parts = note.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 4, let size = Int64(parts[2]), let root = Base64.decode(parts[3]), root.count == 32 else {
            throw StoreError(code: "invalid", message: "a head line of the anchor is malformed")
        }
        guard parts[1] == origin else {
            throw StoreError(code: "invalid", message: "a head line names another log (\(parts[1]))")
        }
        return Checkpoint(origin: String(parts[1]), size: size, root: root)
    }

    /// Signs a checkpoint of the log as it is now, whatever its size.
    public func checkpointNow(now: Int64) throws(StoreError) -> String {
        try write { () throws(StoreError) -> String in
            let meta = try Self.meta(database)
            guard let stored = meta["frontier"], let frontier = MerkleFrontier(serialized: stored) else {
                throw StoreError(code: "corrupt", message: "the audit log's tree head is unreadable")
            }
            let note = Checkpoint(origin: origin, size: frontier.size, root: frontier.root).signed(by: logKey, name: origin)
            try database.query(
                "INSERT OR REPLACE INTO checkpoints (size, time, note) VALUES (?, ?, ?)",
                [.integer(frontier.size), .integer(now), .text(note)])
            return note
        }
    }

    public var logPublicKey: [UInt8] { logKey.publicKey }

    /// Records in sequence order, optionally from `after` and of some types.
    public func auditRecords(after: Int64 = 0, types: [AuditType] = [], limit: Int? = nil) throws(StoreError) -> [AuditRecord] {
        var sql = "SELECT seq, record FROM audit WHERE seq > ?"
        var arguments: [SQLValue] = [.integer(after)]
        if !types.isEmpty {
            sql += " AND type IN (" + types.map { _ in "?" }.joined(separator: ",") + ")"
            arguments += types.map { .text($0.rawValue) }
        }
        sql += " ORDER BY seq"
        if let limit { sql += " LIMIT \(limit)" }
        return try database.query(sql, arguments).compactMap { row in
            guard let seq = row[0].integer, let bytes = row[1].blob else { return nil }
            return AuditRecord(seq: seq, bytes: bytes)
        }
    }

    /// The sequence number of the newest record (0 for none): found through the primary key, so
    /// it costs the same on a log of ten records or ten million.
    public var auditHead: Int64 {
        get throws(StoreError) { try database.query("SELECT max(seq) FROM audit").first?.first?.integer ?? 0 }
    }

    public var auditCount: Int64 {
        get throws(StoreError) { try database.query("SELECT count(*) FROM audit").first?.first?.integer ?? 0 }
    }
}

/// What `audit verify` found: how far the log is proven, and the first thing wrong.
public struct AuditVerification: Sendable {
    public var records: Int64 = 0
    public var checkpointsVerified = 0
    public var anchoredSize: Int64 = 0
    public var anchorsChecked = 0
    public var root: [UInt8] = []
    /// The first bad record (or checkpoint size), and why.
    public var failure: (seq: Int64, reason: String)?

    public var isIntact: Bool { failure == nil }
    public var unanchored: Int64 { max(0, records - anchoredSize) }
}

extension Store {
    /// Walks every record once: sequence contiguous, each `prev` the previous leaf hash, the tree
    /// root at every stored checkpoint and every anchored checkpoint equal to the recomputed one,
    /// and every checkpoint signed by the log key. `anchors` are signed notes kept outside the
    /// store; one that is larger than the log, or disagrees with it, means the log was truncated,
    /// rolled back or rewritten.
    public func verifyAudit(anchors: [String] = []) throws(StoreError) -> AuditVerification {
        var result = AuditVerification()
        var expected: [Int64: (root: [UInt8], source: String)] = [:]
        for row in try database.query("SELECT size, note FROM checkpoints ORDER BY size") {
            guard let size = row[0].integer, let note = row[1].text else { continue }
            do {
                let checkpoint = try Checkpoint.open(note, name: origin, publicKey: logKey.publicKey)
                guard checkpoint.size == size else {
                    result.failure = (size, "the checkpoint stored at size \(size) says size \(checkpoint.size)")
                    return result
                }
                expected[size] = (checkpoint.root, "checkpoint")
                result.checkpointsVerified += 1
            } catch {
                result.failure = (size, "checkpoint at size \(size): \(error.message)")
                return result
            }
        }
        for (index, note) in anchors.enumerated() {
            do {
                let checkpoint: Checkpoint
                if let head = try Self.head(fromAnchorLine: note, origin: origin) {
                    checkpoint = head
                } else {
                    checkpoint = try Checkpoint.open(note, name: origin, publicKey: logKey.publicKey)
                }
                if let known = expected[checkpoint.size], known.root != checkpoint.root {
                    result.failure = (
                        checkpoint.size,
                        "the anchored checkpoint at size \(checkpoint.size) disagrees with the stored one: the log was rewritten"
                    )
                    return result
                }
                expected[checkpoint.size] = (checkpoint.root, "anchor")
                result.anchoredSize = max(result.anchoredSize, checkpoint.size)
                result.anchorsChecked += 1
            } catch {
                result.failure = (
                    0,
                    "anchored checkpoint \(index + 1) does not verify with this store's log key (\(error.message)): the store was replaced or its key changed"
                )
                return result
            }
        }
        var frontier = MerkleFrontier()
        var previous = [UInt8](repeating: 0, count: 32)
        var failure: (Int64, String)?
        var latest: Int64 = 0
        try database.forEachRow("SELECT seq, record, leaf, type FROM audit ORDER BY seq") { (row) throws(StoreError) in
            guard failure == nil else { return }
            let seq = row.columnInt(0)
            let expectedSeq = frontier.size + 1
            guard seq == expectedSeq else {
                failure = (expectedSeq, "record \(expectedSeq) is missing (the next stored record is \(seq))")
                return
            }
            let bytes = Array(row.columnBytes(1))
            let prefix = Array("{\"seq\":\(seq),\"prev\":\"\(Hex.encode(previous))\",".utf8)
            guard bytes.count > prefix.count, bytes[..<prefix.count].elementsEqual(prefix) else {
                failure = (
                    seq,
                    "record \(seq) does not carry its own sequence number and the previous record's hash: it was edited, moved or inserted"
                )
                return
            }
            // The `type` column is an index for queries: it must say what the record says, or a
            // grant's use or revocation could be hidden from lookups by renaming it.
            let typeStart = prefix.count + 8 + 20 + 2
            let typePrefix = Array("\"type\":\"".utf8) + Array(row.columnText(3).utf8) + [0x22]
            guard bytes.count > typeStart + typePrefix.count,
                bytes[typeStart..<typeStart + typePrefix.count].elementsEqual(typePrefix)
            else {
                failure = (seq, "record \(seq)'s type column says '\(row.columnText(3))', not what the record says: it was relabelled")
                return
            }
            // `"time":"YYYY-MM-DDTHH:MM:SSZ"` follows the prefix in every record.
            let timeStart = prefix.count + 8
            if bytes.count >= timeStart + 20, let time = UTCTime.parse(String(decoding: bytes[timeStart..<timeStart + 20], as: UTF8.self)) {
                if latest > 0, time < latest - Self.clockStepTolerance {
                    failure = (
                        seq,
                        "record \(seq) is dated \(UTCTime.iso8601(time)), more than \(Self.clockStepTolerance) s before a record it follows (\(UTCTime.iso8601(latest))): the clock was set back, or records were reordered"
                    )
                    return
                }
                latest = max(latest, time)
            }
            let leaf = MerkleFrontier.leafHash(bytes)
            // The leaf hash stored beside the record was computed when it was appended: a
            // difference pins the edit to this very record.
            guard row.columnBytes(2).elementsEqual(leaf) else {
                failure = (seq, "record \(seq) was changed after it was written (its hash differs from the one recorded with it)")
                return
            }
            frontier.append(leafHash: leaf)
            previous = leaf
            if let checkpoint = expected[seq], checkpoint.root != frontier.root {
                failure = (
                    seq,
                    "the log up to record \(seq) does not match its signed \(checkpoint.source) (a record at or before \(seq) was changed)"
                )
            }
        }
        result.records = frontier.size
        result.root = frontier.root
        if let failure {
            result.failure = failure
            return result
        }
        if let beyond = expected.keys.filter({ $0 > frontier.size }).max() {
            result.failure = (
                frontier.size + 1,
                "a \(expected[beyond]!.source) covers \(beyond) records but the log holds \(frontier.size): records were deleted from the end or the store was rolled back"
            )
        }
        return result
    }

    /// An inclusion proof for record `seq` against the newest checkpoint that covers it, in the
    /// C2SP `tlog-proof` shape: header, index, hashes, then the signed checkpoint.
    public func inclusionProof(seq: Int64) throws(StoreError) -> String {
        guard
            let row = try database.query("SELECT size, note FROM checkpoints WHERE size >= ? ORDER BY size LIMIT 1", [.integer(seq)]).first,
            let size = row[0].integer, let note = row[1].text
        else { throw StoreError(code: "not-found", message: "no checkpoint covers record \(seq) yet; run `blastwall audit checkpoint`") }
        var leaves: [[UInt8]] = []
        try database.forEachRow("SELECT leaf FROM audit WHERE seq <= \(size) ORDER BY seq") { row in
            leaves.append(Array(row.columnBytes(0)))
        }
        guard seq >= 1, seq <= leaves.count else { throw StoreError(code: "not-found", message: "no record \(seq)") }
        let proof = MerkleFrontier.inclusionProof(index: Int(seq - 1), leaves: leaves)
        return "c2sp.org/tlog-proof@v1\nindex \(seq - 1)\n" + proof.map { Base64.encode($0) + "\n" }.joined() + "\n" + note
    }
}

/// Seconds since the epoch and their ISO 8601 spelling, in UTC.
public enum UTCTime {
    public static func now() -> Int64 { Int64(time(nil)) }

    /// Reads `YYYY-MM-DDTHH:MM:SSZ` back into seconds.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            bytes[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int64(timegm(&parts))
    }

    public static func iso8601(_ seconds: Int64) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func pad(_ number: Int32, _ width: Int = 2) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }
}

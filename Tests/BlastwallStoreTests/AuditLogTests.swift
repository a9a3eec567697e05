import BlastwallCore
import Foundation
import Testing

@testable import BlastwallStore

/// A fresh store in a scratch directory.
func scratchStore() throws -> Store {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Store(path: directory.appendingPathComponent("store.sqlite").path)
}

/// Fills a store with `count` records of mixed types.
func fill(_ store: Store, count: Int, from start: Int = 0, now: Int64 = 1_800_000_000) throws {
    let types: [AuditType] = [.verdict, .verdict, .verdict, .request, .approval, .grant, .verdict, .revocation]
    for index in start..<(start + count) {
        try store.write { () throws(StoreError) in
            try store.appendAudit(
                types[index % types.count],
                [("decision", .string(index % 3 == 0 ? "allow" : "deny")), ("command", .string("terraform destroy #\(index)"))],
                now: now + Int64(index))
        }
    }
}

@Suite struct AuditLogTests {
    @Test func merkleRootsMatchTheRecursiveDefinition() {
        func recursive(_ leaves: [[UInt8]]) -> [UInt8] {
            if leaves.isEmpty { return Sodium.sha256([UInt8]()) }
            if leaves.count == 1 { return leaves[0] }
            var split = 1
            while split << 1 < leaves.count { split <<= 1 }
            return MerkleFrontier.nodeHash(recursive(Array(leaves[..<split])), recursive(Array(leaves[split...])))
        }
        var frontier = MerkleFrontier()
        var leaves: [[UInt8]] = []
        #expect(frontier.root == recursive([]))
        for index in 0..<70 {
            let leaf = MerkleFrontier.leafHash(Array("record \(index)".utf8))
            leaves.append(leaf)
            frontier.append(leafHash: leaf)
            #expect(frontier.root == recursive(leaves), "size \(leaves.count)")
            #expect(MerkleFrontier(serialized: frontier.serialized) == frontier)
        }
    }

    @Test func inclusionProofsVerifyAndAreShort() {
        for size in 1...33 {
            let leaves = (0..<size).map { MerkleFrontier.leafHash(Array("r\($0)".utf8)) }
            let root = MerkleFrontier.subtreeRoot(leaves)
            for index in 0..<size {
                let proof = MerkleFrontier.inclusionProof(index: index, leaves: leaves)
                #expect(proof.count <= max(1, (size - 1).bitWidth - (size - 1).leadingZeroBitCount))
                #expect(
                    MerkleFrontier.verifyInclusion(
                        leafHash: leaves[index], index: Int64(index), size: Int64(size), proof: proof, root: root))
                let wrong = MerkleFrontier.leafHash(Array("other".utf8))
                #expect(!MerkleFrontier.verifyInclusion(leafHash: wrong, index: Int64(index), size: Int64(size), proof: proof, root: root))
            }
        }
    }

    @Test func anUntouchedLogVerifiesAndCheckpointsAreSignedNotes() throws {
        let store = try scratchStore()
        try fill(store, count: 150)
        let note = try store.checkpointNow(now: 1_800_000_200)
        let checkpoint = try Checkpoint.open(note, name: store.origin, publicKey: store.logPublicKey)
        #expect(checkpoint.size == 150)
        let result = try store.verifyAudit(anchors: [note])
        #expect(result.isIntact, "\(String(describing: result.failure))")
        #expect(result.records == 150)
        #expect(result.anchoredSize == 150)
        #expect(result.checkpointsVerified >= 150 / 64)
        // Records are stored verbatim and begin with their sequence and the previous hash.
        let first = try #require(try store.auditRecords(limit: 1).first)
        #expect(
            String(decoding: first.bytes, as: UTF8.self).hasPrefix("{\"seq\":1,\"prev\":\"" + String(repeating: "0", count: 64) + "\","))
    }

    /// Every single-byte change anywhere in any record is caught, and named at that record.
    @Test func everyChangedByteIsDetected() throws {
        let store = try scratchStore()
        try fill(store, count: 40)
        _ = try store.checkpointNow(now: 1_800_000_100)
        let records = try store.auditRecords()
        var generator = SystemRandomNumberGenerator()
        var tried = 0
        for record in records {
            for _ in 0..<6 {
                let position = Int.random(in: 0..<record.bytes.count, using: &generator)
                var changed = record.bytes
                changed[position] ^= UInt8.random(in: 1...255, using: &generator)
                try store.database.query("UPDATE audit SET record = ? WHERE seq = ?", [.blob(changed), .integer(record.seq)])
                let result = try store.verifyAudit()
                #expect(result.failure?.seq == record.seq, "byte \(position) of record \(record.seq)")
                // With the stored leaf hash rewritten too, the chain or the checkpoint still catches it.
                try store.database.query(
                    "UPDATE audit SET leaf = ? WHERE seq = ?", [.blob(MerkleFrontier.leafHash(changed)), .integer(record.seq)])
                #expect(try !store.verifyAudit().isIntact)
                try store.database.query(
                    "UPDATE audit SET record = ?, leaf = ? WHERE seq = ?",
                    [.blob(record.bytes), .blob(MerkleFrontier.leafHash(record.bytes)), .integer(record.seq)])
                tried += 1
            }
        }
        #expect(tried == 240)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func deletedSwappedDuplicatedAndTruncatedRecordsAreDetected() throws {
        let store = try scratchStore()
        try fill(store, count: 30)
        _ = try store.checkpointNow(now: 1_800_000_100)
        let records = try store.auditRecords()

        try store.database.query("DELETE FROM audit WHERE seq = 12")
        #expect(try store.verifyAudit().failure?.seq == 12)
        try store.database.query(
            "INSERT INTO audit (seq, record, leaf, type, time) VALUES (12, ?, ?, ?, 0)",
            [
                .blob(records[11].bytes), .blob(MerkleFrontier.leafHash(records[11].bytes)),
                .text(records[11].json?["type"]?.stringValue ?? ""),
            ])
        #expect(try store.verifyAudit().isIntact)

        // A record's type column relabelled (a revocation made to look like a verdict to lookups).
        try store.database.query("UPDATE audit SET type = 'verdict' WHERE seq = 8")
        let relabelled = try store.verifyAudit()
        #expect(relabelled.failure?.seq == 8)
        #expect(relabelled.failure?.reason.contains("relabelled") == true)
        try store.database.query("UPDATE audit SET type = 'revocation' WHERE seq = 8")
        #expect(try store.verifyAudit().isIntact)

        // Two records swapped.
        try store.database.query(
            "UPDATE audit SET record = ?, leaf = ? WHERE seq = 5",
            [.blob(records[6].bytes), .blob(MerkleFrontier.leafHash(records[6].bytes))])
        try store.database.query(
            "UPDATE audit SET record = ?, leaf = ? WHERE seq = 7",
            [.blob(records[4].bytes), .blob(MerkleFrontier.leafHash(records[4].bytes))])
        #expect(try store.verifyAudit().failure?.seq == 5)
        try store.database.query(
            "UPDATE audit SET record = ?, leaf = ? WHERE seq = 5",
            [.blob(records[4].bytes), .blob(MerkleFrontier.leafHash(records[4].bytes))])
        try store.database.query(
            "UPDATE audit SET record = ?, leaf = ? WHERE seq = 7",
            [.blob(records[6].bytes), .blob(MerkleFrontier.leafHash(records[6].bytes))])
        #expect(try store.verifyAudit().isIntact)

        // An old allow copied to the end.
        try store.database.query(
            "INSERT INTO audit (seq, record, leaf, type, time) VALUES (31, ?, ?, 'verdict', 0)",
            [.blob(records[0].bytes), .blob(MerkleFrontier.leafHash(records[0].bytes))])
        #expect(try store.verifyAudit().failure?.seq == 31)
        try store.database.query("DELETE FROM audit WHERE seq = 31")

        // The tail cut off: the last checkpoint covers more than is left.
        try store.database.query("DELETE FROM audit WHERE seq > 25")
        let truncated = try store.verifyAudit()
        #expect(truncated.failure?.seq == 26)
        #expect(truncated.failure?.reason.contains("deleted from the end") == true)
    }

    /// A log rewritten from scratch with fresh hashes and re-signed checkpoints passes on its
    /// own — the key is in the store — and is caught only against a checkpoint anchored earlier.
    @Test func aRewrittenOrRolledBackLogIsCaughtOnlyByTheAnchor() throws {
        let store = try scratchStore()
        try fill(store, count: 20)
        let anchored = try store.checkpointNow(now: 1_800_000_050)
        // Rewrite: drop everything and append different history with the same key.
        try store.database.execute("DELETE FROM audit; DELETE FROM checkpoints")
        try store.database.query("UPDATE meta SET value = ? WHERE key = 'frontier'", [.blob(MerkleFrontier().serialized)])
        try fill(store, count: 25, from: 100)
        _ = try store.checkpointNow(now: 1_800_000_300)
        #expect(try store.verifyAudit().isIntact)
        let result = try store.verifyAudit(anchors: [anchored])
        #expect(result.failure?.seq == 20)
        #expect(result.failure?.reason.contains("anchor") == true)

        // Rolled back to fewer records than the anchor saw.
        try store.database.execute("DELETE FROM audit WHERE seq > 10; DELETE FROM checkpoints")
        #expect(try !store.verifyAudit(anchors: [anchored]).isIntact)
    }

    @Test func anEditedCheckpointIsDetected() throws {
        let store = try scratchStore()
        try fill(store, count: 10)
        let note = try store.checkpointNow(now: 1_800_000_050)
        let edited = note.replacingOccurrences(of: "\n10\n", with: "\n9\n")
        #expect(throws: StoreError.self) { try Checkpoint.open(edited, name: store.origin, publicKey: store.logPublicKey) }
        #expect(try !store.verifyAudit(anchors: [edited]).isIntact)
        try store.database.query("UPDATE checkpoints SET note = ? WHERE size = 10", [.text(edited)])
        #expect(try store.verifyAudit().failure?.reason.contains("checkpoint") == true)
    }

    @Test func inclusionProofOfAStoredRecord() throws {
        let store = try scratchStore()
        try fill(store, count: 37)
        _ = try store.checkpointNow(now: 1_800_000_050)
        let proof = try store.inclusionProof(seq: 23)
        let lines = proof.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "c2sp.org/tlog-proof@v1")
        #expect(lines[1] == "index 22")
        let hashes = lines.dropFirst(2).prefix { !$0.isEmpty }.compactMap { Base64.decode($0) }
        let note = lines.drop { !$0.isEmpty }.dropFirst().joined(separator: "\n")
        let checkpoint = try Checkpoint.open(note, name: store.origin, publicKey: store.logPublicKey)
        let record = try #require(try store.auditRecords(after: 22, limit: 1).first)
        #expect(
            MerkleFrontier.verifyInclusion(
                leafHash: MerkleFrontier.leafHash(record.bytes), index: 22, size: checkpoint.size, proof: hashes, root: checkpoint.root))
    }

    @Test func badStoresAreRefusedWithTheirReason() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let garbage = directory.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: garbage)
        #expect { try Store(path: garbage.path) } throws: { ($0 as? StoreError)?.code == "corrupt" }

        let store = try scratchStore()
        try fill(store, count: 200)
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let newer = try scratchStore()
        try newer.database.execute("PRAGMA user_version = 99")
        #expect { try Store(path: newer.path) } throws: { error in
            (error as? StoreError)?.code == "newer-version" && (error as? StoreError)?.message.contains("upgrade") == true
        }

        let truncated = directory.appendingPathComponent("truncated.sqlite")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        #expect(throws: StoreError.self) {
            let reopened = try Store(path: truncated.path)
            _ = try reopened.verifyAudit()
        }
        #expect { try Store(path: directory.appendingPathComponent("absent.sqlite").path, create: false) } throws: {
            ($0 as? StoreError)?.code == "not-found"
        }
    }
}

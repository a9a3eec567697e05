import BlastwallCore
import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

// The store's costs on the hook's path and off it: a grant's offline verification, one audit
// append committed with fsync, a whole-log verification, and an inclusion proof.
// Usage: swift run -c release StoreBenchmark [records-to-verify]

func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * p))] }

let recordsToVerify = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let directory = "/tmp/blastwall-store-bench-\(getpid())"
mkdir(directory, 0o700)
let store = try Store(path: directory + "/store.sqlite")
let now = UTCTime.now()

// 1. Grant verification, offline: what the hook does with each candidate grant.
let alice = ApproverKey.generate(principal: "alice")
store.trust = TrustedKeys(approvers: [alice])
let verdict = try CommandGate(policy: DefaultPolicy.policy).evaluate(
    command: "terraform destroy -auto-approve", context: AnalysisContext(cwd: "/srv/infra/envs/staging")
).verdict
let context = ActionContext(requester: "dev", agent: "bench", source: "bench", cwd: "/srv/infra/envs/staging")
let request = try store.fileRequest(for: verdict, context: context, reason: "bench", settings: ApprovalSettings(), now: now)
_ = try store.approve(request.id, key: alice, scope: .exact, settings: ApprovalSettings(), now: now)
let grants = try store.grants(all: true, now: now)
let token = grants[0].tokens[0]
let keys = store.trust.byID
var verifyTimes: [Double] = []
for _ in 0..<5_000 {
    let start = nanoseconds()
    _ = try Store.verifyToken(token, keys: keys, audience: store.audience, actionDigest: verdict.digest)
    verifyTimes.append(Double(nanoseconds() - start) / 1000)
}
print("grant token verification: median \(median(verifyTimes)) µs, p99 \(percentile(verifyTimes, 0.99)) µs (n=5000)")

// 2. One verdict recorded as the hook does: grant lookup, audit append, commit + fsync.
var appendTimes: [Double] = []
let allowed = try CommandGate(policy: DefaultPolicy.policy).evaluate(command: "ls -la", context: AnalysisContext(cwd: "/tmp")).verdict
for _ in 0..<2_000 {
    let start = nanoseconds()
    _ = try store.record(allowed, context: context, settings: ApprovalSettings(), fileRequest: nil, now: now)
    appendTimes.append(Double(nanoseconds() - start) / 1000)
}
print("verdict recorded with fsync: median \(median(appendTimes)) µs, p99 \(percentile(appendTimes, 0.99)) µs (n=2000)")

// 3. Verification of a large log, records written in batches (the batching only speeds the set-up).
let batch = 10_000
var written = try store.auditCount
while written < Int64(recordsToVerify) {
    try store.write { () throws(StoreError) in
        for index in 0..<batch {
            try store.appendAudit(
                .verdict,
                [
                    ("source", .string("hook")), ("agent", .string("claude-code")),
                    ("decision", .string(index % 7 == 0 ? "deny" : "allow")),
                    ("environment", .string("local")), ("rules", .array([.string("filesystem.read")])),
                    ("summary", .string("allow: nothing in the command needs a check")),
                    ("digest", .string("sha256:" + String(repeating: "ab", count: 32))), ("command", .string("ls -la /tmp/\(index)")),
                    ("cwd", .string("/tmp")),
                ], now: now)
        }
    }
    written += Int64(batch)
}
let verifyStart = nanoseconds()
let verification = try store.verifyAudit()
let verifySeconds = Double(nanoseconds() - verifyStart) / 1e9
print("audit verify: \(verification.records) records in \(verifySeconds) s, intact: \(verification.isIntact)")

// 4. An inclusion proof: its size, and the time to check it.
let proofText = try store.inclusionProof(seq: verification.records / 2)
let lines = proofText.split(separator: "\n", omittingEmptySubsequences: false)
let hashes = lines.dropFirst(2).prefix { !$0.isEmpty }.compactMap { Base64.decode($0) }
let note = lines.drop { !$0.isEmpty }.dropFirst().joined(separator: "\n")
let checkpoint = try Checkpoint.open(note, name: store.origin, publicKey: store.logPublicKey)
let record = try store.auditRecords(after: verification.records / 2 - 1, limit: 1)[0]
var proofTimes: [Double] = []
for _ in 0..<1_000 {
    let start = nanoseconds()
    let ok = MerkleFrontier.verifyInclusion(
        leafHash: MerkleFrontier.leafHash(record.bytes), index: verification.records / 2 - 1, size: checkpoint.size, proof: hashes,
        root: checkpoint.root)
    precondition(ok)
    proofTimes.append(Double(nanoseconds() - start) / 1000)
}
print("inclusion proof: \(hashes.count * 32) bytes for \(checkpoint.size) records, verified in median \(median(proofTimes)) µs")

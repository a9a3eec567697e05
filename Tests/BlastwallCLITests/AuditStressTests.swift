import Foundation
import Testing

/// Many real hook processes writing one store at once, some killed mid-write: nothing answered
/// is lost, nothing is duplicated, the sequence has no gap and the chain verifies.
@Suite(.serialized) struct AuditStressTests {
    /// Runs a bash script with the CLI's environment and the binary as `$BW`.
    static func bash(_ script: String, cli: CLI) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // A bound on the whole run, so a hang fails the test instead of stalling the suite.
        process.arguments = ["-c", "timeout 300 bash -c \"$0\"", script]
        process.environment = [
            "HOME": cli.home.path, "BLASTWALL_HOME": cli.stateDirectory.path, "PATH": "/usr/bin:/bin", "BW": CLI.binary.path,
            "WORK": cli.home.path,
        ]
        // The shell reports every killed hook on standard error: noise here, not a failure.
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func input(_ command: String) -> String {
        #"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"\#(command)"},"cwd":"/tmp"}"#
    }

    /// Moved here from HookCommandTests: run beside the 8 × 1,000 test it starved on two cores
    /// (a hook that waits past the store's 10 s busy timeout denies without a record, as it must),
    /// so the concurrency tests run one after another.
    @Test func concurrentHooksLoseNoRecords() async throws {
        let cli = try CLI()
        let input = try cli.fixture("hooks/claude-code-bash-ls.json")
        // Every allow answered has its record. A hook that waits past the store's busy timeout on
        // a loaded machine answers deny and records nothing, as it must; that may happen, but
        // rarely, and never silently.
        let allowed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var allowed = 0
                    for _ in 0..<25 {
                        let answer = try cli.run(["hook", "claude-code"], input: input)
                        if answer.status == 0 && !answer.standardOutput.contains("\"deny\"") { allowed += 1 }
                    }
                    return allowed
                }
            }
            return try await group.reduce(0, +)
        }
        let lines = try cli.run(["audit", "export", "--type", "verdict"]).standardOutput.split(separator: "\n")
        #expect(allowed >= 190, "only \(allowed) of 200 hooks answered allow")
        #expect(lines.count == allowed)
        for line in lines { #expect(throws: Never.self) { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) } }
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test func eightHookProcessesTimesAThousandDecisions() throws {
        let cli = try CLI()
        for writer in 1...8 { _ = try cli.write(Self.input("ls -la /tmp/w\(writer)"), to: "in\(writer).json") }
        let status = try Self.bash(
            """
            for w in 1 2 3 4 5 6 7 8; do
              ( for i in $(seq 1000); do "$BW" hook codex < "$WORK/in$w.json" > /dev/null || exit 1; done ) &
            done
            failed=0
            for job in $(jobs -p); do wait "$job" || failed=1; done
            exit $failed
            """, cli: cli)
        #expect(status == 0)
        let verdicts = try cli.run(["audit", "export", "--type", "verdict"]).standardOutput.split(separator: "\n")
        #expect(verdicts.count == 8000)
        for writer in 1...8 {
            #expect(verdicts.filter { $0.contains("/tmp/w\(writer)\"") }.count == 1000, "writer \(writer)")
        }
        let verify = try cli.run(["audit", "verify", "--format", "json"])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        let result = try cli.json(verify.standardOutput)
        #expect(result["intact"] as? Bool == true)
        // The policy record plus the verdicts: every record is accounted for.
        #expect((result["records"] as? Int ?? 0) == 8001)
    }

    @Test func writersKilledAtRandomLoseNothingTheyAnswered() throws {
        let cli = try CLI()
        for writer in 1...4 { _ = try cli.write(Self.input("ls -la /tmp/k\(writer)"), to: "in\(writer).json") }
        // Each writer counts the hooks that answered; a killer sends SIGKILL to a random hook
        // process every few milliseconds until the writers are done.
        let status = try Self.bash(
            """
            for w in 1 2 3 4; do
              ( for i in $(seq 250); do
                  if "$BW" hook codex < "$WORK/in$w.json" > /dev/null 2>&1; then echo answered >> "$WORK/answered$w"; fi
                done ) &
            done
            writers=$(jobs -p)
            ( while [ ! -e "$WORK/done" ]; do
                victim=$(pgrep -f "$BW hook codex" | shuf -n 1)
                [ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null && echo killed >> "$WORK/killed"
                sleep 0.0$((RANDOM % 9 + 1))
              done ) &
            for job in $writers; do wait "$job"; done
            touch "$WORK/done"
            wait
            exit 0
            """, cli: cli)
        #expect(status == 0)
        func lines(_ name: String) -> Int {
            ((try? String(contentsOf: cli.home.appendingPathComponent(name), encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        #expect(lines("killed") > 0, "the killer must have hit some hooks")
        let verdicts = try cli.run(["audit", "export", "--type", "verdict"]).standardOutput.split(separator: "\n")
        for writer in 1...4 {
            let answered = lines("answered\(writer)")
            let recorded = verdicts.filter { $0.contains("/tmp/k\(writer)\"") }.count
            // Every answered verdict is recorded; a hook killed after its commit may add one more.
            #expect(recorded >= answered, "writer \(writer): \(answered) answered, \(recorded) recorded")
            #expect(recorded <= 250)
        }
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.standardOutput)")
    }
}

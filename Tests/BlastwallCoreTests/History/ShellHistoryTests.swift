import BlastwallCore
import Testing

@Suite struct ShellHistoryTests {
    @Test func bashWithTimestamps() {
        let text = "#1700000000\ngit status\n#1700000010\nterraform plan\n\nls -la\n"
        #expect(ShellHistory.commands(in: text) == ["git status", "terraform plan", "ls -la"])
    }

    @Test func zshExtendedWithContinuations() {
        let text = ": 1700000000:0;git status\n: 1700000005:2;for x in a b; do\\\necho $x\\\ndone\n: 1700000009:0;ls\n"
        #expect(ShellHistory.commands(in: text) == ["git status", "for x in a b; do\necho $x\ndone", "ls"])
    }

    @Test func fish() {
        let text = "- cmd: git status\n  when: 1700000000\n- cmd: rm -rf build\n  when: 1700000001\n  paths:\n    - build\n"
        #expect(ShellHistory.commands(in: text) == ["git status", "rm -rf build"])
    }

    @Test(arguments: [
        ("mysql --password hunter2 -h db", "mysql --password ‹redacted› -h db"),
        ("export AWS_SECRET_ACCESS_KEY=abc123", "export AWS_SECRET_ACCESS_KEY=‹redacted›"),
        ("psql postgres://app:s3cret@db.prod/app", "psql postgres://app:‹redacted›@db.prod/app"),
        ("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig' x", "curl -H 'Authorization: Bearer ‹redacted› x"),
        ("gh auth login --with-token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gh auth login --with-token ‹redacted›"),
        ("mkdir -p build/out", "mkdir -p build/out"),
    ])
    func redaction(_ command: String, _ expected: String) {
        #expect(Redaction.redact(command) == expected)
    }
}

import Testing

@testable import BlastwallCore

/// A property test over random input (the issue's fuzz target): whatever the bytes, parsing and
/// the whole gate finish, and never crash. Seeds are fixed so a failure reproduces.
@Suite struct ShellFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [
        "'", "\"", "\\", "$", "(", ")", "{", "}", "[", "]", "`", ";", "&", "|", "<", ">", "<<", "<<-", "\n", " ", "\t",
        "#", "=", "*", "?", "!", "~", "$(", "${", "$((", "))", "<(", "EOF", "if", "then", "fi", "for", "do", "done",
        "case", "esac", "in", ";;", "rm", "-rf", "/", "terraform", "destroy", "bash", "-c", "eval", "sudo", "x", "é",
        "$'\\x41'", "{a,b}", "$IFS", "2>&1", "&&", "||", "function", "f()", "while", "until", "select",
    ]

    @Test(arguments: 0..<40)
    func randomInputNeverCrashes(seed: Int) {
        var generator = SplitMix64(state: UInt64(seed) &* 7919)
        let gate = CommandGate()
        for _ in 0..<250 {
            let count = Int.random(in: 1...40, using: &generator)
            var text = ""
            for _ in 0..<count { text += Self.fragments.randomElement(using: &generator) ?? "" }
            do {
                let evaluation = try gate.evaluate(command: text, context: TestGate.context)
                // Every effect points inside the input.
                for finding in evaluation.verdict.findings {
                    #expect(
                        finding.effect.span.start >= 0 && finding.effect.span.end <= text.utf8.count,
                        "span out of range for \(text.debugDescription)")
                }
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test(arguments: 0..<8)
    func randomBytesNeverCrash(seed: Int) {
        var generator = SplitMix64(state: UInt64(seed) &+ 1)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if let text = try? InputValidation.command(from: bytes) {
                _ = try? ShellParser.parse(text)
            }
        }
    }
}

@Suite struct AnalysisBoundsTests {
    @Test func nestedLoopsAreBounded() throws {
        let loop = String(repeating: "for a in 1 2 3 4 5 6 7 8; do ", count: 12) + "echo $a" + String(repeating: "; done", count: 12)
        let verdict = try TestGate.evaluate(loop).verdict
        #expect(verdict.findings.contains { $0.effect.ruleID == "shell.too-complex" })
        #expect(verdict.decision == .ask)
    }

    @Test func braceBombsAreBounded() throws {
        let bomb = "echo " + String(repeating: "{a,b,c,d}", count: 40)
        _ = try TestGate.evaluate(bomb)
    }

    @Test func evalChainsAreBounded() throws {
        var command = "rm -rf /"
        for _ in 0..<10 { command = "eval " + "'" + command.replacingAll("'", with: "'\\''") + "'" }
        let verdict = try TestGate.evaluate(command).verdict
        #expect(verdict.decision == .deny)
    }
}

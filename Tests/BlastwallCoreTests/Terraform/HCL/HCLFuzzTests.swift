import Testing

@testable import BlastwallCore

/// Whatever the bytes, the HCL reader finishes with a file or an error that points inside the
/// input, and never crashes or hangs. Seeds are fixed so a failure reproduces.
@Suite struct HCLFuzzTests {
    static let fragments = [
        "resource", " \"aws_db_instance\"", " \"main\"", " {", "}", "\n", " = ", "true", "null", "42", "-1.5e3", "[", "]", "(",
        ")", "{", ",", ":", "\"", "\"x\"", "${", "%{", "$${", "<<EOF\n", "<<-EOT\n", "EOF", "  EOT", "#", "//", "/*", "*/", "\\",
        "\\u00e9", "var.x", "? 1 : 2", "for", " in ", "=>", "lifecycle", "prevent_destroy", "é", "\r\n", "\t", "dynamic",
    ]

    @Test(arguments: 0..<40)
    func randomFragmentsNeverCrash(seed: Int) {
        var generator = ShellFuzzTests.SplitMix64(state: UInt64(seed) &* 104_729)
        for _ in 0..<250 {
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &generator) { text += Self.fragments.randomElement(using: &generator) ?? "" }
            check(text)
        }
    }

    @Test(arguments: 0..<8)
    func randomBytesNeverCrash(seed: Int) {
        var generator = ShellFuzzTests.SplitMix64(state: UInt64(seed) &+ 17)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...96, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    func check(_ text: String) {
        do throws(HCLError) {
            _ = try HCL.parse(text, file: "fuzz.tf")
        } catch {
            let lines = text.utf8.count(where: { $0 == 0x0A }) + 1
            #expect(error.line >= 1 && error.line <= lines, "line \(error.line) outside \(text.debugDescription)")
            #expect(error.column >= 1 && !error.message.isEmpty)
        }
    }
}

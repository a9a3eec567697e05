import BlastwallCore
import Testing

/// Two principals that look the same are the same person; text from an agent cannot repaint a
/// person's terminal.
@Suite struct PrincipalNameTests {
    @Test(arguments: ["root", "ROOT", " root ", "ｒｏｏｔ", "r\u{200B}oot", "ro\u{2060}ot", "\u{FEFF}root", "r\u{00AD}oot"])
    func lookAlikesOfRootAreRoot(_ name: String) throws {
        #expect(try PrincipalName.canonical(name) == "root")
        #expect(PrincipalName.same(name, "root"))
    }

    @Test(arguments: [("r00t", "root"), ("rn", "m"), ("al1ce", "alice"), ("vvill", "will"), ("Ilse", "lise")])
    func confusableSkeletonsMatch(_ pair: (String, String)) {
        #expect(PrincipalName.same(pair.0, pair.1))
    }

    @Test func differentPeopleStayDifferent() {
        #expect(!PrincipalName.same("alice", "bob"))
        #expect(!PrincipalName.same("root", "roots"))
    }

    @Test(arguments: ["r\u{043E}\u{043E}t", "ℝoot", "𝐫oot", "root/x", ""])
    func namesWithoutAnASCIIFormAreRefused(_ name: String) {
        #expect(throws: PrincipalName.Refusal.self) { try PrincipalName.canonical(name) }
    }

    @Test func theRefusalNamesTheCodePoint() {
        #expect {
            try PrincipalName.canonical("r\u{043E}ot")
        } throws: { ($0 as? PrincipalName.Refusal)?.message.contains("U+043E") == true }
    }

    @Test func terminalTextEscapesWhatCouldRepaintOrHide() {
        let shown = TerminalText.escape("rm -rf /\r\u{1B}[2K\u{1B}[1Als\u{202E}x\u{200B}y\u{3000}z\u{115F}\u{2028}\u{85}\u{9B}")
        for hidden in ["\r", "\u{1B}", "\u{202E}", "\u{200B}", "\u{3000}", "\u{115F}", "\u{2028}", "\u{85}", "\u{9B}"] {
            #expect(!shown.contains(hidden), "\(hidden.unicodeScalars.first!.value)")
        }
        #expect(shown.contains("\\u{1b}[2K"))
        #expect(TerminalText.escape("line one\nline two\tand a tab") == "line one\nline two\tand a tab")
        #expect(TerminalText.escapeLine("a\nb") == "a\\nb")
    }
}

import Testing

@testable import BlastwallCore

@Suite struct ShellParserTests {
    func simpleCommands(_ script: Script) -> [SimpleCommand] {
        var result: [SimpleCommand] = []
        func walk(_ script: Script) {
            for list in script.items {
                for pipeline in list.pipelines {
                    for command in pipeline.commands { visit(command) }
                }
            }
        }
        func visit(_ command: Command) {
            switch command {
            case .simple(let simple): result.append(simple)
            case .compound(let compound): compound.bodies.forEach(walk)
            case .function(let function): visit(function.body)
            }
        }
        walk(script)
        return result
    }

    func words(_ text: String) throws -> [[String]] {
        simpleCommands(try ShellParser.parse(text)).map { $0.words.map { $0.staticText ?? "<dynamic>" } }
    }

    @Test func listsAndPipelines() throws {
        #expect(try words("a 1; b 2 && c || d | e & f") == [["a", "1"], ["b", "2"], ["c"], ["d"], ["e"], ["f"]])
        let script = try ShellParser.parse("a | b |& c")
        #expect(script.items[0].pipelines[0].commands.count == 3)
        #expect(try ShellParser.parse("x &").items[0].isBackground)
        #expect(try ShellParser.parse("! false").items[0].pipelines[0].isNegated)
    }

    @Test func quotingAndEscapes() throws {
        #expect(try words(#"echo 'a b' "c d" e\ f $'\x41\n' "x\"y""#) == [["echo", "a b", "c d", "e f", "A\n", "x\"y"]])
        #expect(try words("ter'ra'\"form\" de\\stroy") == [["terraform", "destroy"]])
    }

    @Test func compoundCommands() throws {
        let text = """
            if [ -f x ]; then rm a; elif true; then rm b; else rm c; fi
            for f in a b; do echo $f; done
            while read l; do echo "$l"; done < file
            case $x in a|b) one;; *) two;; esac
            ( cd sub && make ) ; { echo hi; }
            f() { g; }
            function h { i; }
            [[ -n $x && $y == z ]]
            (( i++ ))
            """
        let programs = try words(text).compactMap(\.first)
        #expect(programs == ["[", "rm", "true", "rm", "rm", "echo", "read", "echo", "one", "two", "cd", "make", "echo", "g", "i"])
    }

    @Test func substitutionsAreParsed() throws {
        let script = try ShellParser.parse("echo $(rm -rf /) `ls` <(cat x) ${a:-$(b)} $((1 + $(c)))")
        guard case .simple(let echo) = script.items[0].pipelines[0].commands[0] else {
            Issue.record("not a simple command")
            return
        }
        var inner: [String] = []
        func collect(_ parts: [WordPart]) {
            for part in parts {
                switch part {
                case .commandSubstitution(let s, _), .processSubstitution(let s, _, _):
                    inner += simpleCommands(s).compactMap { $0.words.first?.staticText }
                case .parameter(_, _, let operand?, _): collect(operand.parts)
                case .arithmetic(_, let subs, _):
                    for sub in subs { inner += simpleCommands(sub).compactMap { $0.words.first?.staticText } }
                default: break
                }
            }
        }
        for word in echo.words { collect(word.parts) }
        #expect(inner == ["rm", "ls", "cat", "b", "c"])
    }

    @Test func heredocs() throws {
        let script = try ShellParser.parse("cat <<EOF > out\nhello $USER\nEOF\npsql <<-'SQL'\n\tDROP TABLE x;\n\tSQL\necho done")
        let commands = simpleCommands(script)
        #expect(commands.map { $0.words.first?.staticText } == ["cat", "psql", "echo"])
        #expect(commands[0].redirections.first?.heredoc?.body == "hello $USER\n")
        #expect(commands[0].redirections.first?.heredoc?.isQuoted == false)
        #expect(commands[1].redirections.first?.heredoc?.body == "\tDROP TABLE x;\n")
        #expect(commands[1].redirections.first?.heredoc?.isQuoted == true)
    }

    @Test func spansAreByteOffsets() throws {
        let text = "é; terraform destroy"
        let commands = simpleCommands(try ShellParser.parse(text))
        let destroy = commands[1].words[1].span
        #expect(Array(Array(text.utf8)[destroy.start..<destroy.end]) == Array("destroy".utf8))
    }

    @Test func assignmentsAndRedirections() throws {
        let commands = simpleCommands(try ShellParser.parse("A=1 B=(x y) cmd 2>&1 >>log <in arg"))
        #expect(commands[0].assignments.map(\.name) == ["A", "B"])
        #expect(commands[0].redirections.map(\.op) == [">&", ">>", "<"])
        #expect(commands[0].words.map { $0.staticText } == ["cmd", "arg"])
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let text: String
        let code: String
        let offset: Int
        var testDescription: String { "\(code): \(text)" }
    }

    @Test(arguments: [
        Malformed(text: "echo 'abc", code: "unterminated-quote", offset: 5),
        Malformed(text: "echo \"abc", code: "unterminated-quote", offset: 5),
        Malformed(text: "echo $(ls", code: "unterminated-substitution", offset: 5),
        Malformed(text: "echo `ls", code: "unterminated-substitution", offset: 5),
        Malformed(text: "cat <<EOF\nbody", code: "unterminated-heredoc", offset: 4),
        Malformed(text: "if true; then echo", code: "unterminated-compound", offset: 18),
        Malformed(text: "for x in a; do echo", code: "unterminated-compound", offset: 19),
        Malformed(text: "echo a )", code: "unexpected-token", offset: 7),
        Malformed(text: "| grep x", code: "unexpected-token", offset: 0),
        Malformed(text: "echo ${x", code: "unterminated-parameter", offset: 5),
        Malformed(text: "echo \u{0}x", code: "nul-byte", offset: 5),
        Malformed(text: "ls &&", code: "unexpected-end", offset: 5),
    ])
    func malformedInputNamesWhereItFailed(_ example: Malformed) {
        #expect {
            _ = try ShellParser.parse(example.text)
        } throws: { error in
            guard let error = error as? ShellSyntaxError else { return false }
            return error.code == example.code && error.offset == example.offset
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let depth = 10_000
        let text = String(repeating: "$( ", count: depth) + "ls" + String(repeating: " )", count: depth)
        #expect(throws: ShellSyntaxError.self) { try ShellParser.parse(text) }
        let backquotes = String(repeating: "echo \"$(", count: 5_000) + "x" + String(repeating: ")\"", count: 5_000)
        #expect(throws: ShellSyntaxError.self) { try ShellParser.parse(backquotes) }
    }

    @Test func oneMegabyteCommandParses() throws {
        let argument = String(repeating: "a", count: 1 << 20)
        let script = try ShellParser.parse("echo " + argument)
        #expect(simpleCommands(script)[0].words[1].staticText?.count == 1 << 20)
        let many = String(repeating: "echo x; ", count: 100_000)
        #expect(try ShellParser.parse(many).items.count == 100_000)
    }

    @Test func tooLongIsRefused() {
        #expect(throws: ShellSyntaxError.self) { try ShellParser.parse(String(repeating: "a", count: ShellParser.maximumLength + 1)) }
    }
}

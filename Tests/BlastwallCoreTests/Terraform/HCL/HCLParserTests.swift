import Testing

@testable import BlastwallCore

@Suite struct HCLParserTests {
    @Test func blocksLabelsAndPositions() throws {
        let file = try HCL.parse(
            """
            # the database
            resource "aws_db_instance" "main" {
              engine = "postgres"

              lifecycle {
                prevent_destroy = true
              }
            }
            terraform {
              backend "s3" {}
            }
            """, file: "main.tf")
        #expect(file.path == "main.tf")
        let resource = try #require(file.body.blocks("resource").first)
        #expect(resource.labels == ["aws_db_instance", "main"])
        #expect(resource.line == 2 && resource.column == 1)
        let engine = try #require(resource.body.attribute("engine"))
        #expect(engine.value == .string("postgres"))
        #expect(engine.line == 3 && engine.column == 3)
        #expect(engine.source == "\"postgres\"")
        let lifecycle = try #require(resource.body.blocks("lifecycle").first)
        #expect(lifecycle.line == 5)
        #expect(lifecycle.body.attribute("prevent_destroy")?.value == .bool(true))
        #expect(lifecycle.body.attribute("prevent_destroy")?.line == 6)
        let backend = try #require(file.body.blocks("terraform").first?.body.blocks("backend").first)
        #expect(backend.labels == ["s3"])
        #expect(backend.body == HCLBody())
        #expect(backend.line == 10 && backend.column == 3)
    }

    @Test func identifierLabelsAndOneLineBlocks() throws {
        let body = try HCL.parse("resource aws_s3_bucket logs { lifecycle { prevent_destroy = true } }\nlocals {}\n", file: "a.tf").body
        let block = try #require(body.blocks.first)
        #expect(block.labels == ["aws_s3_bucket", "logs"])
        #expect(block.body.lookup(["lifecycle", "0", "prevent_destroy"]) == .value(.bool(true), line: 1))
        #expect(body.blocks("locals").count == 1)
    }

    @Test func comments() throws {
        let body = try HCL.parse(
            """
            // a line comment
            a = 1 # after a value
            /* a block
               comment */ b = 2 // trailing
            c = /* inline */ 3
            d = [1, # in a list
              2]
            """, file: "c.tf"
        ).body
        #expect(body.attribute("a")?.value == .number(1))
        #expect(body.attribute("a")?.source == "1")
        #expect(body.attribute("b")?.value == .number(2))
        #expect(body.attribute("b")?.line == 4)
        #expect(body.attribute("c")?.value == .number(3))
        #expect(body.attribute("d")?.value == .list([.number(1), .number(2)]))
    }

    @Test func stringsAndTemplates() throws {
        let body = try HCL.parse(
            #"""
            plain    = "tab\there \"quoted\" \\ \u00e9 \U0001F600"
            template = "${var.env}-db"
            nested   = "${lookup(var.names, "primary")}-${count.index}"
            escaped  = "$${not} %%{this}"
            directive = "%{ if var.on }on%{ endif }"
            """#, file: "s.tf"
        ).body
        #expect(body.attribute("plain")?.value == .string("tab\there \"quoted\" \\ é 😀"))
        #expect(body.attribute("template")?.value == .template("${var.env}-db"))
        #expect(body.attribute("nested")?.value == .template(#"${lookup(var.names, "primary")}-${count.index}"#))
        #expect(body.attribute("escaped")?.value == .string("${not} %{this}"))
        #expect(body.attribute("directive")?.value == .template("%{ if var.on }on%{ endif }"))
    }

    @Test func heredocs() throws {
        let body = try HCL.parse(
            """
            policy = <<EOF
            {"Version": "2012-10-17"}
            EOF
            indented = <<-EOT
                first
                  second
                EOT
            templated = <<EOT
            name = ${var.name}
            EOT
            after = true
            """, file: "h.tf"
        ).body
        #expect(body.attribute("policy")?.value == .string("{\"Version\": \"2012-10-17\"}\n"))
        #expect(body.attribute("indented")?.value == .string("first\n  second\n"))
        #expect(body.attribute("templated")?.value == .template("name = ${var.name}\n"))
        #expect(body.attribute("after")?.value == .bool(true))
        #expect(body.attribute("after")?.line == 11)
    }

    @Test func numbersBooleansAndNull() throws {
        let body = try HCL.parse("a = 42\nb = -1.5\nc = 1e3\nd = true\ne = false\nf = null\n", file: "n.tf").body
        #expect(body.attributes.map(\.value) == [.number(42), .number(-1.5), .number(1000), .bool(true), .bool(false), .null])
    }

    @Test func collections() throws {
        let body = try HCL.parse(
            """
            zones = [
              "a",
              "b",
            ]
            tags = {
              Name = "db"
              "cost-center" = 42, team: "data"
            }
            nested = [{ enabled = true }]
            empty = {}
            """, file: "l.tf"
        ).body
        #expect(body.attribute("zones")?.value == .list([.string("a"), .string("b")]))
        #expect(
            body.attribute("tags")?.value
                == .object([
                    HCLObjectItem(key: "Name", value: .string("db")), HCLObjectItem(key: "cost-center", value: .number(42)),
                    HCLObjectItem(key: "team", value: .string("data")),
                ]))
        #expect(body.lookup(["nested", "0", "enabled"]) == .value(.bool(true), line: 9))
        #expect(body.attribute("empty")?.value == .object([]))
    }

    /// Expressions the reader does not model are kept as written, and never stop it.
    @Test(arguments: [
        ("aws_db_instance.main.identifier", "aws_db_instance.main.identifier"),
        ("var.environment == \"prod\" ? true : false", "var.environment == \"prod\" ? true : false"),
        ("merge(local.tags, { Name = \"x\" })", "merge(local.tags, { Name = \"x\" })"),
        ("[for s in var.subnets : s.id if s.public]", "[for s in var.subnets : s.id if s.public]"),
        ("{ for k, v in var.m : k => upper(v) }", "{ for k, v in var.m : k => upper(v) }"),
        ("true && var.x", "true && var.x"),
        ("[1, 2][0]", "[1, 2][0]"),
        ("\"a\" == var.b", "\"a\" == var.b"),
        ("-var.offset", "-var.offset"),
        ("!var.disabled  # trailing comment", "!var.disabled"),
        ("concat(\n  var.a,\n  [\"b\"],\n)", "concat(\n  var.a,\n  [\"b\"],\n)"),
        ("{ a = 1 b = 2 }", "{ a = 1 b = 2 }"),
        ("data.aws_iam_policy_document.x.json", "data.aws_iam_policy_document.x.json"),
        ("module.db.endpoint[*].address", "module.db.endpoint[*].address"),
    ])
    func otherExpressionsAreKeptRaw(source: String, expected: String) throws {
        let body = try HCL.parse("value = \(source)\nnext = 1\n", file: "r.tf").body
        #expect(body.attribute("value")?.value == .raw(expected))
        #expect(body.attribute("next")?.value == .number(1))
    }

    @Test func lookupFollowsBlocksListsAndDynamicBlocks() throws {
        let body = try HCL.parse(
            """
            point_in_time_recovery {
              enabled = true
            }
            settings {
              backup_configuration {
                enabled = var.backups
              }
            }
            versioning = [{ enabled = false }]
            dynamic "replica" {
              for_each = var.regions
              content {
                region_name = replica.value
              }
            }
            generated = local.blocks
            """, file: "p.tf"
        ).body
        #expect(body.lookup(["point_in_time_recovery", "0", "enabled"]) == .value(.bool(true), line: 2))
        #expect(body.lookup(["point_in_time_recovery", "1", "enabled"]) == .absent)
        #expect(body.lookup(["settings", "0", "backup_configuration", "0", "enabled"]) == .value(.raw("var.backups"), line: 6))
        #expect(body.lookup(["versioning", "0", "enabled"]) == .value(.bool(false), line: 9))
        #expect(body.lookup(["replica", "0", "region_name"]) == .dynamic(line: 10))
        #expect(body.lookup(["generated", "0", "x"]) == .dynamic(line: 16))
        #expect(body.lookup(["missing"]) == .absent)
    }

    @Test func carriageReturnsAndByteOrderMark() throws {
        let body = try HCL.parse("\u{FEFF}a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n", file: "w.tf").body
        #expect(body.attribute("a")?.value == .number(1))
        #expect(body.blocks("b").first?.body.attribute("c")?.line == 3)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let source: String
        let code: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { source.debugDescription }
    }

    @Test(arguments: [
        Malformed(source: "resource \"a\" \"b\" {\n  x = 1\n", code: "unterminated", line: 1, column: 18, message: "expected '}'"),
        Malformed(source: "a = \"open\n", code: "unterminated", line: 1, column: 5, message: "expected '\"'"),
        Malformed(source: "a = [1, 2\n", code: "unterminated", line: 1, column: 5, message: "expected ']'"),
        Malformed(source: "a = {\n  b = 1\n", code: "unterminated", line: 1, column: 5, message: "expected '}'"),
        Malformed(source: "a = <<EOF\nno end\n", code: "unterminated", line: 1, column: 5, message: "holding only EOF"),
        Malformed(source: "/* never closed\na = 1\n", code: "unterminated", line: 1, column: 1, message: "'*/'"),
        Malformed(source: "a = \n", code: "syntax", line: 1, column: 5, message: "expected an expression"),
        Malformed(source: "x\n", code: "syntax", line: 1, column: 2, message: "expected '=' or '{' after 'x'"),
        Malformed(source: "resource \"a\" \"b\" = 1\n", code: "syntax", line: 1, column: 18, message: "expected '{' after the labels"),
        Malformed(source: "}\n", code: "syntax", line: 1, column: 1, message: "unexpected '}'"),
        Malformed(source: "= 1\n", code: "syntax", line: 1, column: 1, message: "expected an attribute name or a block type, found '='"),
        Malformed(source: "a = 1 b = 2\n", code: "syntax", line: 1, column: 7, message: "expected an operator, or a new line"),
        Malformed(source: "a = var.x b\n", code: "syntax", line: 1, column: 11, message: "found 'b'"),
        Malformed(source: "a = f(1]\n", code: "syntax", line: 1, column: 8, message: "expected ')' to close the bracket at 1:6"),
        Malformed(source: "a = \"\\q\"\n", code: "syntax", line: 1, column: 6, message: "unknown escape sequence '\\q'"),
        Malformed(source: "a = \"${var.x\"\n", code: "unterminated", line: 1, column: 13, message: "expected '\"'"),
        Malformed(source: "b {\n  c = 1\n}}\n", code: "syntax", line: 3, column: 2, message: "expected a new line after the block 'b'"),
        Malformed(source: "resource \"${x}\" {}\n", code: "syntax", line: 1, column: 10, message: "interpolation"),
        Malformed(
            source: "a = <<EOF x\nEOF\n", code: "syntax", line: 1, column: 10, message: "expected a new line after the heredoc marker"),
        Malformed(source: "a = 1\n\u{1}\n", code: "syntax", line: 2, column: 1, message: "control character 0x1"),
        Malformed(source: "é = 1\nnaïve {\n  ü = [\n", code: "unterminated", line: 3, column: 7, message: "expected ']'"),
    ])
    func malformedInputSaysWhereAndWhat(_ case: Malformed) {
        #expect {
            _ = try HCL.parse(`case`.source, file: "bad.tf")
        } throws: { error in
            guard let error = error as? HCLError else { return false }
            let matches =
                error.code == `case`.code && error.line == `case`.line && error.column == `case`.column
                && error.message.contains(`case`.message) && error.file == "bad.tf"
            if !matches { Issue.record("got \(error)") }
            return matches
        }
    }

    @Test func errorsReadLikeEditorDiagnostics() {
        let error = HCLError(code: "syntax", file: "main.tf", line: 3, column: 7, message: "expected '='")
        #expect(error.description == "main.tf:3:7: error: [hcl.syntax] expected '='")
    }

    @Test(arguments: ["[", "{\n", "f(", "\"${", "x {\n"])
    func deepNestingIsAnErrorNotACrash(opener: String) {
        let text = opener == "x {\n" ? String(repeating: opener, count: 5000) : "a = " + String(repeating: opener, count: 100_000)
        do throws(HCLError) {
            _ = try HCL.parse(text, file: "deep.tf")
            Issue.record("nesting \(opener.debugDescription) was read")
        } catch {
            #expect(error.code == "too-deep")
        }
    }

    @Test func nestingWithinTheLimitIsRead() throws {
        let depth = 40
        let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        #expect(try HCL.parse(text, file: "ok.tf").body.attribute("a") != nil)
    }
}

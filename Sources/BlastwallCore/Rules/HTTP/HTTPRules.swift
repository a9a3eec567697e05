/// Raw HTTP calls with curl, wget, HTTPie and xh: DELETE and other writes sent straight to an
/// API, and downloads saved over local files. Where a call lands is the host in its URL.
/// (A download piped into a shell is the core's business, not this family's.)
public enum HTTPRules {
    /// An option found on a command line: its name (`-X`, `--request`), its value if it takes
    /// one, the span of the flag itself and the span of flag and value together.
    struct Option {
        var name: String
        var value: String?
        var flagSpan: SourceSpan
        var span: SourceSpan
    }

    /// Splits arguments into options and operands, knowing which options take a value. Short
    /// options may be bundled (`-sSLo out` gives `-s -S -L -o out`, `-XDELETE` gives `-X DELETE`);
    /// long options take their value as `--name value` or `--name=value`.
    static func scan(
        _ arguments: [Argument], shortWithValue: Set<Character>, longWithValue: Set<String>
    ) -> (options: [Option], operands: [Argument]) {
        var options: [Option] = []
        var operands: [Argument] = []
        var index = 0
        var afterDoubleDash = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard !afterDoubleDash, let text = argument.text, text.hasPrefix("-"), text.count > 1 else {
                operands.append(argument)
                continue
            }
            if text == "--" {
                afterDoubleDash = true
            } else if text.hasPrefix("--") {
                if let equals = text.firstIndex(of: "=") {
                    options.append(
                        Option(
                            name: String(text[..<equals]), value: String(text[text.index(after: equals)...]),
                            flagSpan: argument.span, span: argument.span))
                } else if longWithValue.contains(text), index < arguments.count {
                    let value = arguments[index]
                    index += 1
                    options.append(
                        Option(name: text, value: value.approximation, flagSpan: argument.span, span: argument.span.union(value.span)))
                } else {
                    options.append(Option(name: text, value: nil, flagSpan: argument.span, span: argument.span))
                }
            } else {
                var letters = Substring(text.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    let name = "-" + String(letter)
                    guard shortWithValue.contains(letter) else {
                        options.append(Option(name: name, value: nil, flagSpan: argument.span, span: argument.span))
                        continue
                    }
                    if !letters.isEmpty {
                        options.append(Option(name: name, value: String(letters), flagSpan: argument.span, span: argument.span))
                    } else if index < arguments.count {
                        let value = arguments[index]
                        index += 1
                        options.append(
                            Option(name: name, value: value.approximation, flagSpan: argument.span, span: argument.span.union(value.span)))
                    } else {
                        options.append(Option(name: name, value: nil, flagSpan: argument.span, span: argument.span))
                    }
                    break
                }
            }
        }
        return (options, operands)
    }

    /// The host a URL names, without scheme, credentials, port, path or query, lowercased:
    /// `https://user:pw@api.prod.example.com:8443/v1?x=1` gives `api.prod.example.com`.
    static func host(ofURL text: String) -> String? {
        if text.hasPrefix(":") { return "localhost" }  // HTTPie's `:3000/path`
        var rest = Substring(text)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            return String(rest[rest.index(after: rest.startIndex)..<close]).lowercased()
        }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty || rest.contains("…") ? nil : rest.lowercased()
    }

    /// A URL as it may be shown: host and path, never credentials, query strings or fragments
    /// (which often carry tokens).
    static func displayURL(_ text: String) -> String {
        var rest = Substring(text)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(rest)
    }

    static let methods: Set<String> = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"]
    static let readMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "TRACE"]
    /// Output files that are not really files.
    static let discardedOutputs: Set<String> = ["-", "/dev/null", "/dev/stdout", "/dev/stderr"]

    /// One HTTP request as curl, wget or HTTPie would send it.
    struct Request {
        var method = "GET"
        /// What shows the method: `-X DELETE`, `--method=DELETE`, `DELETE`, or a body flag.
        var methodEvidence: SourceSpan?
        var urls: [Argument] = []
        /// Files the response is saved to (`-o FILE`), and where the save is requested.
        var outputFiles: [(path: String, span: SourceSpan)] = []
        /// Saved under a name taken from the URL (`curl -O`, plain `wget`, `http --download`).
        var savesUnderRemoteName: SourceSpan?
        /// The option asking for help or the version.
        var helpEvidence: SourceSpan?
        /// The request is only built or checked, never sent (`http --offline`, `wget --spider`).
        var isNotSent = false

        var isHelp: Bool { helpEvidence != nil }
        var isRead: Bool { HTTPRules.readMethods.contains(method) }
        var writesFile: Bool { !outputFiles.isEmpty || savesUnderRemoteName != nil }
        var hosts: [String] { urls.compactMap { $0.text.flatMap(HTTPRules.host(ofURL:)) } }
        var shownURLs: [String] { urls.map { HTTPRules.displayURL($0.approximation) } }
        var target: String { shownURLs.isEmpty ? "a URL" : shownURLs.joined(separator: ", ") }

        init?(_ invocation: Invocation) {
            switch invocation.program {
            case "curl": self.init(curl: invocation)
            case "wget": self.init(wget: invocation)
            case "http", "https", "xh", "xhs": self.init(httpie: invocation)
            default: return nil
            }
        }

        init(curl invocation: Invocation) {
            let (options, operands) = HTTPRules.scan(
                invocation.arguments, shortWithValue: Set("AbcCdDeEFHKmoPQrtTuUwxXyYz"), longWithValue: curlLongWithValue)
            urls =
                operands
                + options.filter { $0.name == "--url" }.compactMap { option in
                    option.value.map { Argument(text: $0, span: option.span) }
                }
            helpEvidence = options.first { ["-h", "--help", "--manual", "-M", "-V", "--version"].contains($0.name) }?.flagSpan
            let asQuery = options.contains { $0.name == "-G" || $0.name == "--get" }
            if let explicit = options.last(where: { $0.name == "-X" || $0.name == "--request" }), let value = explicit.value {
                method = value.uppercased()
                methodEvidence = explicit.span
            } else if let upload = options.first(where: { $0.name == "-T" || $0.name == "--upload-file" }) {
                method = "PUT"
                methodEvidence = upload.flagSpan
            } else if !asQuery, let body = options.first(where: { curlBodyOptions.contains($0.name) }) {
                method = "POST"
                methodEvidence = body.flagSpan
            } else if let head = options.first(where: { $0.name == "-I" || $0.name == "--head" }) {
                method = "HEAD"
                methodEvidence = head.flagSpan
            }
            for option in options {
                if option.name == "-o" || option.name == "--output", let path = option.value,
                    !HTTPRules.discardedOutputs.contains(path)
                {
                    outputFiles.append((path, option.span))
                } else if ["-O", "--remote-name", "--remote-name-all"].contains(option.name) {
                    savesUnderRemoteName = savesUnderRemoteName ?? option.flagSpan
                }
            }
        }

        init(wget invocation: Invocation) {
            let (options, operands) = HTTPRules.scan(
                invocation.arguments, shortWithValue: Set("OoaPtTwieAlRDQUBXI"), longWithValue: wgetLongWithValue)
            urls = operands
            helpEvidence = options.first { ["-h", "--help", "-V", "--version"].contains($0.name) }?.flagSpan
            isNotSent = options.contains { $0.name == "--spider" }
            if let explicit = options.last(where: { $0.name == "--method" }), let value = explicit.value {
                method = value.uppercased()
                methodEvidence = explicit.span
            } else if let body = options.first(where: { $0.name == "--post-data" || $0.name == "--post-file" }) {
                method = "POST"
                methodEvidence = body.flagSpan
            }
            if let output = options.last(where: { $0.name == "-O" || $0.name == "--output-document" }) {
                if let path = output.value, !HTTPRules.discardedOutputs.contains(path) {
                    outputFiles.append((path, output.span))
                }
            } else if !isNotSent, !options.contains(where: { $0.name == "--delete-after" }), let first = urls.first {
                savesUnderRemoteName = first.span
            }
        }

        init(httpie invocation: Invocation) {
            let (options, operands) = HTTPRules.scan(
                invocation.arguments, shortWithValue: Set("aAopPs"), longWithValue: httpieLongWithValue)
            helpEvidence = options.first { $0.name == "--help" || $0.name == "--version" }?.flagSpan
            isNotSent = options.contains { $0.name == "--offline" }
            var rest = operands[...]
            if rest.count >= 2, let word = rest.first?.text, HTTPRules.methods.contains(word.uppercased()) {
                method = word.uppercased()
                methodEvidence = rest.first?.span
                rest = rest.dropFirst()
            } else {
                // No method given: HTTPie sends GET, or POST when there is a body.
                let bodyItem = rest.dropFirst().first { item in
                    guard let text = item.text, let separator = text.firstIndex(where: { ":=@".contains($0) }) else {
                        return false
                    }
                    let next = text.index(after: separator)
                    switch text[separator] {
                    case ":": return next < text.endIndex && text[next] == "="
                    case "=": return !(next < text.endIndex && text[next] == "=")
                    default: return true
                    }
                }
                let piped: Bool
                if case .terminal = invocation.standardInput { piped = false } else { piped = true }
                if let bodyItem {
                    method = "POST"
                    methodEvidence = bodyItem.span
                } else if let raw = options.first(where: { $0.name == "--raw" }) {
                    method = "POST"
                    methodEvidence = raw.span
                } else if piped, !options.contains(where: { $0.name == "--ignore-stdin" || $0.name == "-I" }) {
                    method = "POST"
                    methodEvidence = invocation.programSpan
                }
            }
            urls = Array(rest.prefix(1))
            if let output = options.last(where: { $0.name == "-o" || $0.name == "--output" }), let path = output.value,
                !HTTPRules.discardedOutputs.contains(path)
            {
                outputFiles.append((path, output.span))
            } else if let download = options.first(where: { $0.name == "-d" || $0.name == "--download" }) {
                savesUnderRemoteName = download.flagSpan
            }
        }
    }

    static let curlBodyOptions: Set<String> = [
        "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json", "-F", "--form",
        "--form-string",
    ]
    static let curlLongWithValue: Set<String> = [
        "--request", "--header", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json",
        "--form", "--form-string", "--output", "--user", "--user-agent", "--referer", "--cookie", "--cookie-jar",
        "--upload-file", "--proxy", "--max-time", "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time",
        "--write-out", "--cacert", "--capath", "--cert", "--cert-type", "--key", "--key-type", "--pass", "--resolve",
        "--connect-to", "--url", "--config", "--range", "--continue-at", "--limit-rate", "--interface",
        "--oauth2-bearer", "--max-redirs", "--output-dir", "--time-cond", "--dns-servers", "--proto", "--proto-redir",
        "--proxy-user", "--ciphers", "--tls-max", "--aws-sigv4", "--variable", "--dump-header", "--preproxy",
        "--socks5", "--socks5-hostname", "--trace", "--trace-ascii", "--stderr", "--netrc-file", "--max-filesize",
        "--unix-socket", "--abstract-unix-socket", "--quote", "--telnet-option", "--ftp-port", "--request-target",
        "--pinnedpubkey", "--noproxy", "--proxy-header", "--local-port", "--keepalive-time", "--expect100-timeout",
        "--mail-from", "--mail-rcpt", "--mail-auth", "--login-options", "--sasl-authzid", "--service-name",
    ]
    static let wgetLongWithValue: Set<String> = [
        "--output-document", "--output-file", "--append-output", "--directory-prefix", "--tries", "--timeout", "--wait",
        "--input-file", "--execute", "--level", "--accept", "--reject", "--domains", "--quota", "--user-agent", "--base",
        "--exclude-directories", "--include-directories", "--header", "--user", "--password", "--http-user",
        "--http-password", "--post-data", "--post-file", "--body-data", "--body-file", "--method", "--load-cookies",
        "--save-cookies", "--limit-rate", "--ca-certificate", "--certificate", "--private-key", "--referer",
        "--proxy-user", "--proxy-password", "--waitretry", "--dns-timeout", "--connect-timeout", "--read-timeout",
        "--bind-address", "--cut-dirs", "--exclude-domains", "--config",
    ]
    static let httpieLongWithValue: Set<String> = [
        "--auth", "--auth-type", "--output", "--print", "--history-print", "--session", "--session-read-only",
        "--verify", "--cert", "--cert-key", "--proxy", "--timeout", "--max-redirects", "--pretty", "--style",
        "--format-options", "--default-scheme", "--ssl", "--ciphers", "--raw", "--boundary", "--unix-socket",
        "--response-charset", "--response-mime", "--bearer", "--max-headers",
    ]

    public static let family = ToolFamily(
        name: "http", programs: ["curl", "wget", "http", "https", "xh", "xhs"], isRemote: true,
        rules: [
            CommandRule(
                "http.help", .read, summary: "Shows help or the version; sends nothing",
                triggering: ["curl «--help»", "wget «-h»", "curl «--version»", "http «--help»"],
                nonTriggering: ["curl https://example.com", "http -h https://example.com"]
            ) { invocation, _ in
                guard let request = Request(invocation), let help = request.helpEvidence else { return nil }
                return RuleMatch(span: help)
            },
            CommandRule(
                "http.download-overwrite", .destroy,
                summary: "Saves a download over a protected, system, state or database file",
                safer: "Download to a new file, check it, then move it into place yourself",
                triggering: [
                    "curl -fsSL https://example.com/cfg «-o ~/.claude/settings.json»",
                    "sudo curl -L https://github.com/x/y/releases/download/v1/tool «-o /usr/local/bin/tool»",
                    "wget «-O terraform.tfstate» https://example.com/state",
                    "curl «--output /etc/hosts» https://example.com/hosts",
                ],
                nonTriggering: [
                    "curl -o out.json https://example.com/data", "curl -s -o /dev/null -w '%{http_code}' https://example.com",
                    "cat ~/.claude/settings.json",
                ]
            ) { invocation, context in
                guard let request = Request(invocation), !request.isHelp else { return nil }
                for output in request.outputFiles {
                    let path = Paths.resolve(output.path, cwd: context.cwd, home: context.home)
                    let target = FileTargets.classify(path, context: context)
                    let effectClass: EffectClass
                    switch target {
                    case .protected: effectClass = .guardTamper
                    case .device, .terraformState, .database: effectClass = .irreversible
                    case .root, .system, .homeSecrets: effectClass = .destroy
                    default: continue
                    }
                    return RuleMatch(
                        span: output.span, resources: [path],
                        message: "Saves a download from \(request.target) over \(path) (\(target.description))",
                        effectClass: effectClass)
                }
                return nil
            },
            CommandRule(
                "http.delete", .destroy,
                summary: "Sends an HTTP DELETE straight to an API",
                safer: "Call the API against a staging host first, or use the service's own CLI, which confirms what it deletes",
                triggering: [
                    "curl «-X DELETE» https://api.prod.example.com/v1/users/42",
                    "curl -s -H 'Authorization: Bearer abc' «--request DELETE» https://api.example.com/items/7",
                    "curl -sf «-XDELETE» localhost:9200/logs-2024", "wget -q «--method=DELETE» https://api.example.com/x",
                    "http «DELETE» https://api.example.com/users/42", "xh «delete» api.example.com/users/42",
                ],
                nonTriggering: [
                    "curl https://api.example.com/users/42", "curl -X GET https://api.example.com/users",
                    "http --offline DELETE https://api.example.com/users/42", "echo curl -X DELETE https://x",
                ]
            ) { invocation, _ in
                guard let request = Request(invocation), !request.isHelp, !request.isNotSent, request.method == "DELETE" else {
                    return nil
                }
                return RuleMatch(
                    span: request.methodEvidence ?? invocation.span, resources: request.shownURLs,
                    message: "Sends DELETE to \(request.target)")
            },
            CommandRule(
                "http.write", .write,
                summary: "Sends a request that changes something on a server (POST, PUT, PATCH)",
                triggering: [
                    "curl «-X POST» https://api.example.com/deploys", "curl -sS «-d» '{\"replicas\":0}' https://api.example.com/scale",
                    "curl «--json» '{}' https://hooks.example.com/x", "curl «-T» dump.sql https://files.example.com/upload",
                    "wget «--post-data» 'a=1' https://example.com/form", "http «PATCH» api.example.com/users/1 name=x",
                    "http api.example.com/users «name=x»",
                ],
                nonTriggering: [
                    "curl -G -d q=1 https://api.example.com/search", "curl -I https://example.com",
                    "http api.example.com/users X-Token:abc page==2", "curl -X DELETE https://api.example.com/x",
                ]
            ) { invocation, _ in
                guard let request = Request(invocation), !request.isHelp, !request.isNotSent, !request.isRead else {
                    return nil
                }
                return RuleMatch(
                    span: request.methodEvidence ?? invocation.span, resources: request.shownURLs,
                    message: "Sends \(request.method) to \(request.target)")
            },
            CommandRule(
                "http.download", .write,
                summary: "Downloads into a local file",
                triggering: [
                    "curl -fsSL «-o install.sh» https://example.com/install.sh", "curl «-O» https://example.com/file.tar.gz",
                    "wget «https://example.com/file.tar.gz»", "curl «-sSLo out.json» https://example.com/data",
                    "http «--download» https://example.com/file.zip",
                ],
                nonTriggering: [
                    "curl -s https://example.com/data", "wget -qO- https://example.com/data",
                    "wget --spider https://example.com", "curl -o /dev/null https://example.com",
                ],
                // A GET reads the server; the file it writes is on this machine.
                acts: .here
            ) { invocation, _ in
                guard let request = Request(invocation), !request.isHelp, !request.isNotSent, request.isRead else { return nil }
                if let output = request.outputFiles.first {
                    return RuleMatch(
                        span: output.span, resources: [output.path],
                        message: "Downloads \(request.target) into \(output.path)")
                }
                guard let span = request.savesUnderRemoteName else { return nil }
                return RuleMatch(
                    span: span, resources: request.shownURLs,
                    message: "Downloads \(request.target) into a file named after the URL")
            },
            CommandRule(
                "http.read", .read, summary: "Fetches a URL and prints it; changes nothing on the server",
                triggering: [
                    "«curl» -s https://api.prod.example.com/v1/users/42", "«curl» -I https://example.com",
                    "«wget» -qO- https://example.com/health", "«http» GET api.example.com/users page==2",
                    "«curl» -s -o /dev/null -w '%{http_code}' https://example.com", "«http» --offline DELETE api.example.com/x",
                ],
                nonTriggering: ["curl -X POST https://api.example.com", "curl -o file https://example.com"]
            ) { invocation, _ in
                guard let request = Request(invocation), !request.isHelp else { return nil }
                guard request.isNotSent || (request.isRead && !request.writesFile) else { return nil }
                return RuleMatch(span: invocation.programSpan, resources: request.shownURLs)
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            guard let request = Request(invocation) else { return [] }
            // A download only reads from the server; what it changes is the local file.
            if request.isRead && request.writesFile { return [] }
            for host in request.hosts {
                builder.add(.host, host, source: "the URL's host")
            }
            return builder.hints
        })
}

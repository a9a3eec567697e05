/// Walks a parsed command line and turns every simple command in it (in lists, pipelines, loops,
/// substitutions, wrappers and nested shells) into effects, each resolved to an environment.
public struct CommandAnalyzer {
    /// How many shells within shells (`bash -c`, `eval`, `ssh host …`) analysis follows.
    static let maximumNesting = 16
    /// How many simple commands one line may expand into (loops are analysed once per value, so
    /// nested loops multiply); past this the rest is opaque rather than slow.
    static let maximumInvocations = 10_000

    /// What the edge read; `kubectl config use-context` earlier in the line changes the context later commands see.
    var context: AnalysisContext
    let registry: RuleRegistry
    let environments: EnvironmentResolver
    let source: [UInt8]
    var scope = ShellScope()
    public internal(set) var effects: [Effect] = []
    /// What analysis did, step by step, for `blastwall explain`.
    public internal(set) var trace: [String] = []
    var nesting = 0
    var invocationCount = 0
    var budgetExhausted = false
    /// While analysing text that is not a verbatim slice of the input, evidence points here.
    var spanOverride: SourceSpan?
    /// Hints inherited from an enclosing command (`ssh host …`, `kubectl exec …`).
    var inheritedHints: [TargetHint] = []
    /// The `pushd` stack (see `WorkingDirectory.swift`); the directory itself is `context.cwd`.
    var directoryStack: [String?] = []

    public init(source: String, context: AnalysisContext, registry: RuleRegistry, environments: EnvironmentResolver) {
        self.source = Array(source.utf8)
        self.context = context
        self.registry = registry
        self.environments = environments
    }

    // MARK: - Walking the tree

    public mutating func analyze(_ script: Script) {
        for list in script.items {
            if budgetExhausted { return }
            // `cmd &` runs in a subshell of its own.
            if list.isBackground {
                inSubshell { $0.analyze(list) }
            } else {
                analyze(list)
            }
        }
    }

    mutating func analyze(_ list: AndOrList) {
        for pipeline in list.pipelines {
            analyze(pipeline)
        }
    }

    mutating func analyze(_ pipeline: Pipeline) {
        var upstream: StandardInput = .terminal
        for command in pipeline.commands {
            // Each stage of a real pipeline runs in a subshell: `cd x | y` moves nobody.
            var invocation: Invocation?
            if pipeline.commands.count > 1 {
                inSubshell { invocation = $0.analyze(command, standardInput: upstream) }
            } else {
                invocation = analyze(command, standardInput: upstream)
            }
            upstream = invocation.map(Self.output(of:)) ?? .pipe(from: "a compound command", span: command.span)
        }
    }

    /// What a command in a pipeline sends on: text for `echo`/`printf` of static words,
    /// otherwise the name of the program.
    static func output(of invocation: Invocation) -> StandardInput {
        let words = invocation.arguments
        switch invocation.program {
        case "echo" where words.allSatisfy({ !$0.isDynamic }):
            let text = words.map(\.approximation).filter { !["-n", "-e", "-E"].contains($0) }.joined(separator: " ")
            return .text(text, span: invocation.span, isExact: true)
        case "printf" where words.count == 1 && !words[0].isDynamic:
            return .text(words[0].approximation, span: invocation.span, isExact: true)
        case "printf" where words.count == 2 && words[0].text == "%s":
            if let text = words[1].text { return .text(text, span: invocation.span, isExact: true) }
        case "cat" where words.isEmpty:
            return invocation.standardInput
        default:
            break
        }
        let decoded = invocation.program == "base64" && invocation.hasFlag("-d", "--decode", "-D")
        let name = decoded ? "base64 --decode" : invocation.program
        return .pipe(from: name, span: invocation.span)
    }

    @discardableResult
    mutating func analyze(_ command: Command, standardInput: StandardInput) -> Invocation? {
        switch command {
        case .simple(let simple):
            return analyzeSimple(simple, standardInput: standardInput)
        case .compound(let compound):
            analyzeCompound(compound)
            return nil
        case .function(let function):
            scope.functions[function.name] = function.body
            trace.append("function \(function.name) defined; its body is analysed as if it runs")
            // Defining it runs nothing: a `cd` in its body moves the shell only when it is called.
            inSubshell { $0.analyze(function.body, standardInput: .terminal) }
            return nil
        }
    }

    mutating func analyzeCompound(_ compound: CompoundCommand) {
        for word in compound.words { analyzeSubstitutions(in: word) }
        for redirection in compound.redirections { analyzeSubstitutions(in: redirection.target) }
        let expander = makeExpander()
        if compound.kind == .forLoop, let variable = compound.variable, let body = compound.bodies.last {
            let values = compound.words.flatMap { expander.expand($0) }
            if !values.isEmpty, values.count <= 8, values.allSatisfy({ !$0.isDynamic }) {
                for value in values where !budgetExhausted {
                    scope.variables[variable] = .some(value.text)
                    trace.append("for loop: \(variable)=\(value.approximation)")
                    analyze(body)
                }
                return
            }
            scope.variables[variable] = .some(nil)
        }
        if compound.kind == .subshell {
            inSubshell { analyzer in
                for body in compound.bodies { analyzer.analyze(body) }
            }
        } else {
            for body in compound.bodies { analyze(body) }
        }
        record(redirectionEffects(compound.redirections, span: compound.span))
    }

    mutating func analyzeSubstitutions(in word: Word) {
        analyzeSubstitutions(in: word.parts)
    }

    mutating func analyzeSubstitutions(in parts: [WordPart]) {
        for part in parts {
            switch part {
            case .commandSubstitution(let script, _), .processSubstitution(let script, _, _):
                inSubshell { $0.analyze(script) }
            case .doubleQuoted(let inner):
                analyzeSubstitutions(in: inner)
            case .parameter(_, _, let operand?, _):
                analyzeSubstitutions(in: operand)
            case .arithmetic(_, let substitutions, _):
                for script in substitutions { inSubshell { $0.analyze(script) } }
            default:
                break
            }
        }
    }

    func makeExpander() -> WordExpander {
        WordExpander(scope: scope, environment: context.environment, home: context.home)
    }

    mutating func analyzeSimple(_ command: SimpleCommand, standardInput: StandardInput) -> Invocation? {
        for assignment in command.assignments {
            if let value = assignment.value { analyzeSubstitutions(in: value) }
            for value in assignment.arrayValues { analyzeSubstitutions(in: value) }
        }
        for word in command.words { analyzeSubstitutions(in: word) }
        var input = standardInput
        for redirection in command.redirections {
            analyzeSubstitutions(in: redirection.target)
            if let heredoc = redirection.heredoc {
                if let expanded = heredoc.expandedBody { analyzeSubstitutions(in: expanded) }
                let text = heredoc.expandedBody.flatMap { makeExpander().expandJoined($0).text } ?? heredoc.body
                input = .text(text, span: heredoc.bodySpan, isExact: heredoc.isQuoted || heredoc.expandedBody?.staticText != nil)
            } else if redirection.op == "<<<" {
                let argument = makeExpander().expandJoined(redirection.target)
                input =
                    argument.text.map { .text($0 + "\n", span: redirection.target.span, isExact: true) }
                    ?? .pipe(from: "a here-string only known at run time", span: redirection.target.span)
            } else if redirection.op == "<" {
                input = .file(makeExpander().expandJoined(redirection.target).approximation, span: redirection.span)
            }
        }
        let expander = makeExpander()
        var assignments = scope.exported
        for assignment in command.assignments {
            let value = assignment.value.map { expander.expandJoined($0) }
            assignments[assignment.name] = value?.text ?? (value == nil ? "" : "…")
            if command.words.isEmpty, !assignment.arrayValues.isEmpty {
                let elements = assignment.arrayValues.flatMap { expander.expand($0) }
                if elements.allSatisfy({ !$0.isDynamic }) {
                    scope.arrays[assignment.name] = elements.compactMap(\.text)
                } else {
                    scope.arrays[assignment.name] = nil
                }
            }
            if command.words.isEmpty {
                scope.variables[assignment.name] = .some(value == nil ? "" : value?.text)
                if let value = assignment.value, Self.isMktemp(value) {
                    scope.temporaryVariables.insert(assignment.name)
                } else {
                    scope.temporaryVariables.remove(assignment.name)
                }
                if scope.exported[assignment.name] != nil { scope.exported[assignment.name] = value?.text ?? "…" }
                trace.append("variable \(assignment.name)=\(value?.approximation ?? "")")
            }
        }
        var arguments = command.words.flatMap { expander.expand($0) }
        record(redirectionEffects(command.redirections, span: command.span, program: arguments.first?.text.map(Self.programName)))
        rememberWrittenFile(arguments: arguments, redirections: command.redirections, input: input)
        guard !arguments.isEmpty else { return nil }
        if let name = arguments[0].text, let alias = scope.aliases[name] {
            let replacement = alias.split(separator: " ").map { Argument(text: String($0), span: arguments[0].span) }
            arguments = replacement + arguments.dropFirst()
            trace.append("alias \(name) expands to '\(alias)'")
        }
        let first = arguments.removeFirst()
        guard let name = first.text else {
            record(
                opaque(
                    "shell.dynamic-command",
                    "The program to run is computed at run time (\(first.approximation)), so it cannot be checked",
                    span: first.span))
            return nil
        }
        var invocation = Invocation(
            program: Self.programName(name), programSpan: first.span, arguments: arguments,
            assignments: assignments, redirections: command.redirections, standardInput: input,
            span: command.span)
        if name.contains("/") { invocation.programPath = name }
        analyze(invocation)
        return invocation
    }

    /// `echo 'terraform destroy' > x.sh` and `cat > x.sh <<EOF` write text that a later
    /// `bash x.sh` runs: remember it by path.
    mutating func rememberWrittenFile(arguments: [Argument], redirections: [Redirection], input: StandardInput) {
        guard let output = redirections.last(where: { $0.op == ">" || $0.op == ">|" || $0.op == ">>" }),
            let target = makeExpander().expandJoined(output.target).text
        else { return }
        let path = Paths.resolve(target, cwd: context.cwd, home: context.home)
        var text: String?
        if let program = arguments.first?.text, program == "echo" || program == "printf" || program == "cat" {
            let invocation = Invocation(
                program: program, programSpan: arguments[0].span, arguments: Array(arguments.dropFirst()), standardInput: input,
                span: output.span)
            if case .text(let value, _, _) = Self.output(of: invocation) { text = value }
        }
        let previous = output.op == ">>" ? scope.writtenFiles[path] ?? "" : ""
        scope.writtenFiles[path] = text.map { previous + $0 + (program(of: arguments) == "cat" ? "" : "\n") }
    }

    private func program(of arguments: [Argument]) -> String? { arguments.first?.text }

    /// A call of a function defined earlier in the line: its body runs with these arguments.
    mutating func callFunction(_ invocation: Invocation, body: Command) {
        guard nesting < Self.maximumNesting else {
            record(
                opaque(
                    "shell.too-deep", "\(invocation.program) calls functions deeper than \(Self.maximumNesting) levels",
                    span: invocation.span))
            return
        }
        trace.append("\(invocation.program) is a function defined earlier; its body runs with its arguments")
        let saved = scope.arrays["@"]
        if invocation.arguments.allSatisfy({ !$0.isDynamic }) {
            scope.arrays["@"] = invocation.arguments.compactMap(\.text)
        } else {
            scope.arrays["@"] = nil
        }
        nesting += 1
        let savedOverride = spanOverride
        spanOverride = spanOverride ?? invocation.span
        analyze(body, standardInput: invocation.standardInput)
        spanOverride = savedOverride
        nesting -= 1
        scope.arrays["@"] = saved
    }

    /// A read-only program counts as one only when it is the system's: `/tmp/x/echo` or `./cat`,
    /// or any program after `PATH=…` is changed on the line, could be anything.
    func isTrustedLocation(_ invocation: Invocation) -> Bool {
        if invocation.assignments["PATH"] != nil { return false }
        let start = invocation.programSpan.start
        let end = invocation.programSpan.end
        guard start >= 0, end <= source.count, start < end else { return true }
        let written = String(decoding: source[start..<end], as: UTF8.self)
        guard written.contains("/") else { return true }
        let directory = String(written[..<(written.lastIndex(of: "/") ?? written.startIndex)])
        return ["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/opt/homebrew/bin", "/usr/local/sbin"].contains(directory)
    }

    /// Directories anyone can write to: what runs from there could be anything.
    static func isTemporaryDirectory(_ directory: String) -> Bool {
        ["/tmp", "/var/tmp", "/dev/shm"].contains { directory == $0 || directory.hasPrefix($0 + "/") }
    }

    /// A PATH entry that makes named programs untrustworthy: a temporary directory, or one
    /// relative to wherever the command happens to run (`.`, an empty entry).
    static func isUntrustedDirectory(_ directory: String) -> Bool {
        isTemporaryDirectory(directory) || directory.isEmpty
            || !(directory.hasPrefix("/") || directory.hasPrefix("$") || directory.hasPrefix("~"))
    }

    /// A program no family, catalogue or earlier definition knows. On this machine it is a local
    /// write; run from a temporary directory it could be anything; and when its words say it
    /// deletes or deploys, it is judged as the remote action it names.
    func unrecognised(_ invocation: Invocation) -> Effect {
        let start = max(0, min(invocation.programSpan.start, source.count))
        let written = String(decoding: source[start..<max(start, min(invocation.programSpan.end, source.count))], as: UTF8.self)
        if Self.isTemporaryDirectory(Paths.parent(written)) {
            return opaque(
                "shell.untrusted-program", "\(written) runs from a directory anyone can write to, so it could be anything",
                span: invocation.programSpan)
        }
        if let word = ProgramCatalogue.remoteWord(invocation) {
            return Effect(
                ruleID: "shell.publish", effectClass: .write, tool: invocation.program,
                message: "\(invocation.program) \(word.approximation) publishes or changes something on a registry or a remote service",
                safer: "Publish from the reviewed release pipeline", span: invocation.programSpan.union(word.span), locality: .remote)
        }
        if let kind = ProgramCatalogue.kind(of: invocation.program) {
            if let word = invocation.positionals().first, let text = word.text, UnrecognisedPrograms.deployingWords.contains(text),
                !invocation.hasFlag("--dry-run", "-n")
            {
                return Effect(
                    ruleID: "shell.publish", effectClass: .write, tool: invocation.program,
                    message: "\(invocation.program) is \(kind), but '\(word.approximation)' says it deploys or releases remotely",
                    safer: "Run the deploy from the reviewed pipeline, or run the commands it stands for directly",
                    span: invocation.programSpan.union(word.span), locality: .remote)
            }
            return Effect(
                ruleID: "shell.local-program", effectClass: .write, tool: invocation.program,
                message: "\(invocation.program) is \(kind); it works on this machine", span: invocation.programSpan)
        }
        if UnrecognisedPrograms.remotePrograms.contains(invocation.program), let read = UnrecognisedPrograms.fleetRead(invocation) {
            return Effect(
                ruleID: "shell.remote-program-read", effectClass: .read, tool: invocation.program,
                message: "\(invocation.program) \(read.approximation) only lists hosts, gathers facts or checks without changing",
                span: read.span, locality: .remote)
        }
        if UnrecognisedPrograms.remotePrograms.contains(invocation.program) {
            return Effect(
                ruleID: "shell.remote-program", effectClass: .write, tool: invocation.program,
                message: "\(invocation.program) runs its work on other hosts",
                safer: "Run it with --check (a dry run) first and limit it to the hosts you mean", span: invocation.programSpan,
                locality: .remote)
        }
        if let (word, effectClass) = UnrecognisedPrograms.remoteVerb(invocation) {
            return Effect(
                ruleID: "shell.unrecognised-remote-verb", effectClass: effectClass, tool: invocation.program,
                message:
                    "\(invocation.program) is not a program Blastwall knows, and its word '\(word.approximation)' says it \(effectClass == .write ? "deploys or publishes" : "deletes") something, wherever it points",
                safer: "Run it with --dry-run (or its list command) first, and name the target explicitly",
                span: invocation.programSpan.union(word.span), locality: .remote)
        }
        return Effect(
            ruleID: "shell.unrecognised-program", effectClass: .write, tool: invocation.program,
            message: "\(invocation.program) is not a program Blastwall knows; it is treated as a write on this machine",
            span: invocation.programSpan)
    }

    /// Whether a word is `$(mktemp …)`: what it names is a fresh temporary file or directory.
    static func isMktemp(_ word: Word) -> Bool {
        var parts = word.parts
        if parts.count == 1, case .doubleQuoted(let inner) = parts[0] { parts = inner }
        guard parts.count == 1, case .commandSubstitution(let script, _) = parts[0], script.items.count == 1,
            let pipeline = script.items.first?.pipelines.first, script.items[0].pipelines.count == 1, pipeline.commands.count == 1,
            case .simple(let simple) = pipeline.commands[0], let program = simple.words.first?.staticText
        else { return false }
        // `mktemp` alone or with options only: a name given (`mktemp ~/x.XXXX`) is still created fresh.
        return programName(program) == "mktemp" && simple.redirections.isEmpty
    }

    static func programName(_ word: String) -> String {
        let base = word.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? word
        return base
    }

    // MARK: - One invocation

    mutating func analyze(_ invocation: Invocation) {
        invocationCount += 1
        guard invocationCount <= Self.maximumInvocations else {
            if !budgetExhausted {
                budgetExhausted = true
                record(
                    opaque(
                        "shell.too-complex",
                        "The command expands into more than \(Self.maximumInvocations) commands; the rest was not analysed",
                        span: invocation.span))
            }
            return
        }
        trace.append("command: \(invocation.program) \(invocation.words.joined(separator: " "))")
        analyzeCommandValuedSettings(invocation)
        if let path = invocation.assignments["PATH"],
            !scope.pathWarned
        {
            scope.pathWarned = true
            // Routine on a laptop (`export PATH=…; npm test`); a directory anyone can write to
            // first on PATH means the programs named may be anything.
            let untrusted = path.split(separator: ":").first { Self.isUntrustedDirectory(String($0)) }
            record(
                Effect(
                    ruleID: "shell.path-changed", effectClass: untrusted == nil ? .write : .opaque, tool: "shell",
                    message: untrusted.map {
                        "PATH puts \($0) first, a directory anyone can write to: the programs that run may not be the ones named"
                    }
                        ?? "PATH is changed to \(path), so the programs that run may not be the ones named",
                    safer: "Call programs by their full path instead of changing PATH", span: invocation.span))
        }
        if unwrap(invocation) { return }
        guardProtectedFiles(invocation)
        if interpret(invocation) { return }
        recordBuiltins(invocation)
        if let family = registry.family(for: invocation.program) {
            classify(invocation, with: family)
        } else if ReadOnlyPrograms.names.contains(invocation.program), isTrustedLocation(invocation) {
            record(
                Effect(
                    ruleID: "shell.read-only-program", effectClass: .read, tool: "shell",
                    message: "\(invocation.program) only reads or prints", span: invocation.programSpan),
                family: nil, invocation: invocation)
        } else if let body = scope.functions[invocation.program] {
            callFunction(invocation, body: body)
        } else if let (path, text) = scope.writtenFiles.first(where: { Paths.lastComponent($0.key) == invocation.program }) {
            // `./x.sh` after `echo … > x.sh`.
            _ = runShellText(text, span: invocation.span, exact: false, invocation: invocation, wrapper: "the script \(path)")
        } else {
            record(unrecognised(invocation), family: nil, invocation: invocation)
        }
        if Self.directoryBuiltins.contains(invocation.program) { followDirectoryChange(invocation) }
        rememberLink(invocation)
    }

    /// The families that look at every program (`GuardRules`): what this invocation writes, judged
    /// before (and besides) what its own family makes of it.
    mutating func guardProtectedFiles(_ invocation: Invocation) {
        for family in registry.everyProgram {
            for rule in family.rules {
                guard let match = rule.match(invocation, in: context) else { continue }
                record(match, of: rule, family: family, invocation: invocation)
                break
            }
        }
    }

    /// Records what a family's rule found: the first rule that matches decides.
    mutating func record(_ match: RuleMatch, of rule: CommandRule, family: ToolFamily, invocation: Invocation) {
        var effect = Effect(
            ruleID: rule.id, effectClass: match.effectClass ?? rule.effectClass, tool: family.name,
            message: match.message ?? rule.summary, safer: rule.safer, span: match.span,
            resources: match.resources)
        effect.details = match.details
        effect.locality = match.locality ?? rule.locality ?? family.locality
        trace.append("rule \(rule.id) matched (\(effect.effectClass.rawValue))")
        record(effect, family: family, invocation: invocation)
    }

    /// `kubectl config use-context X; kubectl delete …`: the second command lands in X, not in the
    /// context the kubeconfig names now.
    mutating func followContextSwitch(_ invocation: Invocation) {
        guard invocation.program == "kubectl" || invocation.program == "oc" else { return }
        let words = invocation.positionals(optionsWithValues: KubernetesRules.kubectlOptionsWithValues)
        guard words.count >= 3, words[0].text == "config", words[1].text == "use-context" || words[1].text == "use" else { return }
        context.workspace.kubeContext = words[2].text ?? "…"
        trace.append("kubectl config use-context: later kubectl commands in this line land in \(words[2].approximation)")
    }

    mutating func classify(_ invocation: Invocation, with family: ToolFamily) {
        defer { followContextSwitch(invocation) }
        for rule in family.rules {
            guard let match = rule.match(invocation, in: context) else { continue }
            record(match, of: rule, family: family, invocation: invocation)
            return
        }
        if let (words, span) = UnrecognisedPrograms.sessionWords(invocation) {
            var local = Effect(
                ruleID: "\(family.name).session", effectClass: .write, tool: family.name,
                message: "\(invocation.program) \(words) signs in, opens a browser or prints completions on this machine", span: span)
            local.locality = .here
            record(local, family: family, invocation: invocation)
            return
        }
        var unmatched = Effect(
            ruleID: "\(family.name).unclassified", effectClass: family.unmatchedClass, tool: family.name,
            message:
                "\(([invocation.program] + invocation.positionals().prefix(2).map(\.approximation)).joined(separator: " ")): no rule recognises this; treated as \(family.unmatchedClass.rawValue)",
            span: invocation.span)
        unmatched.locality = family.locality
        record(unmatched, family: family, invocation: invocation)
    }

    /// Aliases and `export`/`declare` keep the scope in step with what the shell would know.
    mutating func recordBuiltins(_ invocation: Invocation) {
        switch invocation.program {
        case "alias":
            for argument in invocation.arguments {
                guard let text = argument.text, let equals = text.firstIndex(of: "=") else { continue }
                scope.aliases[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
        case "export", "declare", "typeset", "local", "readonly":
            let exports = invocation.program == "export" || invocation.arguments.contains { $0.text == "-x" }
            for argument in invocation.arguments {
                guard let text = argument.text, !text.hasPrefix("-") else { continue }
                guard let equals = text.firstIndex(of: "=") else {
                    // `export NAME` exports a value assigned earlier.
                    if exports, let known = scope.variables[text], let value = known { scope.exported[text] = value }
                    continue
                }
                let name = String(text[..<equals])
                let value = String(text[text.index(after: equals)...])
                scope.variables[name] = .some(value)
                if exports { scope.exported[name] = value }
            }
        case "read", "mapfile", "readarray":
            for argument in invocation.arguments {
                if let name = argument.text, !name.hasPrefix("-") { scope.variables[name] = .some(nil) }
            }
        default:
            break
        }
    }

    // MARK: - Recording

    /// Records an effect of `invocation`, resolved where it acts: the caller sets `locality`
    /// (a family's rules do in `classify`); inside `ssh host …` or `kubectl exec …` everything acts
    /// remotely.
    mutating func record(_ effect: Effect, family: ToolFamily?, invocation: Invocation) {
        var effect = effect
        if let spanOverride { effect.span = spanOverride }
        // A family's own hints come first; variables set on the command itself still count after them.
        let familyHints = (family?.hints(for: invocation, in: context) ?? []) + genericHints(invocation)
        var hints = familyHints + inheritedHints
        hints.append(TargetHint(.directory, context.cwd, source: "the working directory"))
        // A tool told to work in another directory (`terraform -chdir=…`, `-state=…`) acts there.
        if effect.directory.isEmpty, let elsewhere = familyHints.first(where: { $0.kind == .directory }) {
            effect.directory = elsewhere.value
        }
        // A tool of this machine pointed at another host (`systemctl -H db-1`) acts there.
        if effect.locality == .here, let host = familyHints.first(where: { $0.kind == .host }) {
            effect.locality = .remote
            trace.append("\(invocation.program) is pointed at \(host.value) (\(host.source)): it acts remotely")
        }
        resolve(&effect, hints: hints, actor: invocation.program)
        effects.append(effect)
    }

    mutating func record(_ effects: [Effect]) {
        for effect in effects {
            var effect = effect
            if let spanOverride { effect.span = spanOverride }
            var hints = inheritedHints
            hints.append(TargetHint(.directory, context.cwd, source: "the working directory"))
            resolve(&effect, hints: hints, actor: "it")
            self.effects.append(effect)
        }
    }

    /// Resolves where `effect` lands; `actor` names what acts in the explanation (`rm`, `it`).
    func resolve(_ effect: inout Effect, hints: [TargetHint], actor: String) {
        if !inheritedHints.isEmpty { effect.locality = .remote }
        // Where a `cd` analysis could not follow leaves it, the directory is `…`: under no
        // directory a scoped grant names.
        if effect.directory.isEmpty { effect.directory = context.isDirectoryKnown ? context.cwd : "…" }
        effect.bindings = Set(
            hints.filter { $0.kind != .directory && $0.kind != .host }.map { "\($0.kind.rawValue)=\($0.value)" }
        ).sorted()
        effect.target = environments.resolve(
            hints: hints, locality: effect.locality, hostname: context.workspace.hostname,
            acting: "\(actor) \(effect.locality == .codeHost ? "works" : "acts")")
    }

    mutating func record(_ effect: Effect) { record([effect]) }

    /// A command Blastwall does not know lands wherever its own variables point.
    func genericHints(_ invocation: Invocation) -> [TargetHint] {
        var hints: [TargetHint] = []
        let variables: [(String, TargetHint.Kind)] = [
            ("AWS_PROFILE", .awsProfile), ("KUBECONTEXT", .kubeContext), ("TF_WORKSPACE", .terraformWorkspace),
            ("PGHOST", .databaseHost), ("DATABASE_URL", .databaseURL), ("CLOUDSDK_CORE_PROJECT", .gcpProject),
            ("AZURE_SUBSCRIPTION_ID", .azureSubscription),
        ]
        for (name, kind) in variables {
            if let value = invocation.assignments[name] {
                hints.append(TargetHint(kind, value, source: "\(name) set on the command line"))
            }
        }
        return hints
    }

    func opaque(_ id: String, _ message: String, span: SourceSpan) -> Effect {
        Effect(
            ruleID: id, effectClass: .opaque, tool: "shell", message: message,
            safer: "Write the command out in full so it can be checked before it runs", span: span)
    }

    func redirectionEffects(_ redirections: [Redirection], span: SourceSpan, program: String? = nil) -> [Effect] {
        redirections.compactMap { redirection in
            guard redirection.writesToFile else { return nil }
            let target = makeExpander().expandJoined(redirection.target)
            return FileTargets.redirectionEffect(redirection, target: target, program: program, context: context)
        }
    }
}

/// Edits and writes made by an agent's file tools (not the shell): changing Blastwall's own files
/// or an agent's hook configuration is `guard-tamper`, whether the path names them or leads to
/// them through a link (`context.realPath`); overwriting state or database files by hand is
/// `irreversible`; anything else is an ordinary write.
extension CommandGate {
    public func evaluate(
        fileWrites paths: [String], tool: String, context: AnalysisContext, forcedEnvironment: String? = nil
    ) throws(GateError) -> Evaluation {
        let forced = try policy.forcedEnvironment(forcedEnvironment)
        var context = context
        context.protectedPaths.blastwall += policy.protectedPaths
        let resolver = EnvironmentResolver(environments: policy.environments, forced: forced)
        var effects: [Effect] = []
        var offset = 0
        for raw in paths {
            let path = Paths.resolve(raw, cwd: context.cwd, home: context.home)
            let span = SourceSpan(offset, offset + raw.utf8.count)
            offset += raw.utf8.count + 1
            let written = Paths.absolute(raw, cwd: context.cwd, home: context.home)
            let target = FileTargets.classify(path, written: written, context: context)
            var effect: Effect
            switch target {
            case .protected(let reason):
                effect = Effect(
                    ruleID: "file-tool.guard-tamper", effectClass: .guardTamper, tool: tool,
                    message: "\(tool) would change \(path): \(reason)",
                    safer: "Change policy and hook configuration yourself, outside the agent", span: span, resources: [path])
            case .terraformState, .database, .device, .gitDirectory:
                effect = Effect(
                    ruleID: "file-tool.overwrite-critical", effectClass: .irreversible, tool: tool,
                    message: "\(tool) would overwrite \(path) (\(target.description))",
                    safer: "Change it with the tool that owns it (terraform state, the database), never by editing the file",
                    span: span, resources: [path])
            case .system, .root:
                effect = Effect(
                    ruleID: "file-tool.system-file", effectClass: .privilege, tool: tool,
                    message: "\(tool) would change the system file \(path)", span: span, resources: [path])
            default:
                effect = Effect(
                    ruleID: "file-tool.write", effectClass: .write, tool: tool, message: "\(tool) writes \(path)",
                    span: span, resources: [path])
            }
            // A file an edit tool writes is on this machine, wherever the directory is; what it
            // stands for (state, a database, hooks) carries its weight in the class above.
            effect.directory = context.cwd
            effect.target = resolver.resolve(
                hints: [], locality: .here, hostname: context.workspace.hostname, acting: "\(tool) acts")
            effects.append(effect)
        }
        let verdict = grade(effects, input: paths.joined(separator: "\n"), cwd: context.cwd, kind: "file-write")
        return Evaluation(verdict: verdict, trace: paths.map { "\(tool) writes \($0)" })
    }
}

/// Decides which declared environment an effect lands in, from the hints analysis found in
/// precedence order: the command's own flags, its variables, the session's variables, then the
/// working directory. The first hint that matches any environment decides; when one hint matches
/// several, the strictest tier wins.
public struct EnvironmentResolver: Sendable {
    public let environments: [EnvironmentDefinition]
    /// Set by `--env NAME`: every effect lands there.
    public let forced: EnvironmentDefinition?

    public init(environments: [EnvironmentDefinition], forced: EnvironmentDefinition? = nil) {
        self.environments = environments
        self.forced = forced
    }

    public func resolve(hints: [TargetHint], isRemote: Bool) -> TargetResolution {
        if let forced {
            return TargetResolution(environment: forced.name, tier: forced.tier, reason: "forced by --env \(forced.name)")
        }
        for hint in hints {
            var best: (EnvironmentDefinition, String)?
            for environment in environments {
                guard let pattern = environment.match(hint) else { continue }
                if best == nil || environment.tier > best!.0.tier { best = (environment, pattern) }
            }
            if let (environment, pattern) = best {
                return TargetResolution(
                    environment: environment.name, tier: environment.tier,
                    reason: "\(hint.source) '\(hint.value)' matches \(hint.kind.rawValue) \"\(pattern)\"")
            }
        }
        if isRemote {
            let seen = hints.filter { $0.kind != .directory }.map { "\($0.source) '\($0.value)'" }
            return TargetResolution(
                environment: "unknown", tier: .unknown,
                reason: seen.isEmpty
                    ? "nothing in the command or its environment names the target"
                    : "no environment matches \(seen.joined(separator: ", "))")
        }
        return TargetResolution(environment: "local", tier: .local, reason: "runs on this machine; no environment matches")
    }
}

/// An environment a policy declares: its name, tier and how to recognise it.
public struct EnvironmentDefinition: Sendable, Hashable {
    public var name: String
    public var tier: Tier
    public var matchers: [TargetHint.Kind: [String]]
    /// Where it was declared, for explanations (`built-in`, a file and line).
    public var origin: String

    public init(name: String, tier: Tier, matchers: [TargetHint.Kind: [String]], origin: String) {
        self.name = name
        self.tier = tier
        self.matchers = matchers
        self.origin = origin
    }

    /// The pattern that matches the hint, if any. Matching ignores case.
    public func match(_ hint: TargetHint) -> String? {
        guard let patterns = matchers[hint.kind] else { return nil }
        let isPath = hint.kind == .directory
        return patterns.first { Glob.matches($0, hint.value, caseInsensitive: true, pathAware: isPath) }
    }
}

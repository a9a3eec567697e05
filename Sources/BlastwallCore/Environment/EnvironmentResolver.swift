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

    /// Where a remote effect lands (`isRemote`), or what this machine is for one that is not.
    public func resolve(hints: [TargetHint], isRemote: Bool) -> TargetResolution {
        if let forced {
            return TargetResolution(environment: forced.name, tier: forced.tier, reason: "forced by --env \(forced.name)")
        }
        if let found = firstMatch(hints) { return found }
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

    /// Where an effect lands given where it acts. Work on this machine is graded in the machine's
    /// own environment: `local`, unless an environment's `hosts` matches this machine's name; neither
    /// the directory nor `--env` moves it. Remote effects take the target environment. The code host
    /// is recognised by its remote and branch alone.
    public func resolve(hints: [TargetHint], locality: Locality, hostname: String?, acting: String) -> TargetResolution {
        switch locality {
        case .remote:
            return resolve(hints: hints, isRemote: true)
        case .here:
            return machine(hostname: hostname, acting: acting)
        case .codeHost:
            if let found = firstMatch(hints.filter { $0.kind == .gitRemote || $0.kind == .gitBranch }) {
                return found
            }
            return TargetResolution(
                environment: "code-host", tier: .local,
                reason: "\(acting) on the code host; no environment matches its remote or branch")
        }
    }

    /// The environment of this machine itself.
    public func machine(hostname: String?, acting: String) -> TargetResolution {
        if let hostname, let found = firstMatch([TargetHint(.host, hostname, source: "this machine's host name")]) {
            return TargetResolution(environment: found.environment, tier: found.tier, reason: "\(acting) on this machine; " + found.reason)
        }
        let name = hostname.map { " '\($0)'" } ?? ""
        return TargetResolution(
            environment: "local", tier: .local,
            reason: "\(acting) on this machine\(name), which no environment's hosts match")
    }

    /// The first hint that matches any environment; the strictest tier among those it matches.
    func firstMatch(_ hints: [TargetHint]) -> TargetResolution? {
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
        return nil
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

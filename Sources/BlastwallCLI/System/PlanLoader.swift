import BlastwallCore

/// Reads a plan the way a user hands it over: the JSON of `terraform show -json`, from a file or
/// standard input, or a binary planfile, which `terraform show -json` (or `tofu`) turns into JSON.
/// Also works out the plan's identity: its bytes, workspace, and the lineage and serial of the
/// state it was made against.
struct PlanLoader {
    /// `terraform`, `tofu` or a path; nil picks whichever of the two is on PATH.
    var program: String?
    /// The Terraform working directory (`-chdir`); defaults to the planfile's directory.
    var directory: String?
    /// Overrides the workspace the plan is attributed to.
    var workspace: String?
    var environment: [String: String]
    var timeoutSeconds = 120

    struct Loaded {
        var plan: TerraformPlan
        var identity: PlanIdentity
        /// The directory the plan belongs to, for environment resolution.
        var directory: String
        var workspaceSource: String
    }

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    func load(_ path: String, cwd: String) throws(PlanError) -> Loaded {
        let bytes: [UInt8]
        let absolute = path == "-" ? "-" : Paths.resolve(path, cwd: cwd, home: environment["HOME"] ?? "/")
        do {
            if path == "-" {
                bytes = try SystemIO.readStandardInput(limit: PlanReader.maximumSize)
            } else {
                guard let read = try SystemIO.readFile(absolute, limit: PlanReader.maximumSize) else {
                    throw PlanError(code: "not-found", message: "no plan at \(path)")
                }
                bytes = read
            }
        } catch let error as PlanError {
            throw error
        } catch {
            throw PlanError(code: "unreadable", message: "the plan could not be read: \(error)")
        }
        let directory =
            self.directory.map { Paths.resolve($0, cwd: cwd, home: environment["HOME"] ?? "/") }
            ?? (absolute == "-" ? cwd : SystemIO.parentDirectory(absolute))
        let (workspace, workspaceSource) = resolveWorkspace(directory: directory)
        var identity = PlanIdentity(contentSHA256: SHA256.hex(bytes), workspace: workspace)
        let json: [UInt8]
        if bytes.starts(with: Self.zipMagic) {
            guard absolute != "-" else {
                throw PlanError(code: "binary-on-stdin", message: "a binary planfile cannot be read from standard input; give its path")
            }
            json = try show(planfile: absolute, directory: directory)
            if let state = PlanFileArchive(bytes).entry(named: "tfstate"),
                let root = try? JSON.parse(String(decoding: state, as: UTF8.self))
            {
                identity.lineage = root["lineage"]?.stringValue
                if case .number(let serial) = root["serial"] { identity.serial = Int(serial) }
            }
        } else {
            json = bytes
        }
        return Loaded(plan: try PlanReader.read(json), identity: identity, directory: directory, workspaceSource: workspaceSource)
    }

    /// `--workspace`, else the workspace terraform would use there, else `default`.
    func resolveWorkspace(directory: String) -> (String, String) {
        if let workspace { return (workspace, "--workspace") }
        return Workspace.terraformWorkspace(of: directory, environment: environment) ?? ("default", "no workspace selected")
    }

    /// Runs `terraform -chdir=DIR show -json PLANFILE`.
    func show(planfile: String, directory: String) throws(PlanError) -> [UInt8] {
        let program = self.program ?? (SystemIO.findOnPath("terraform", environment: environment) != nil ? "terraform" : "tofu")
        let output: Subprocess.Output
        do {
            output = try Subprocess.run(
                program, ["-chdir=\(directory)", "show", "-json", "-no-color", planfile], outputLimit: PlanReader.maximumSize,
                timeoutSeconds: timeoutSeconds)
        } catch {
            throw PlanError(
                code: "terraform-show-failed",
                message:
                    "could not run '\(program) show -json' to read the binary planfile (\(error)); pass --terraform PATH, or give the JSON of terraform show -json"
            )
        }
        if output.timedOut {
            throw PlanError(
                code: "terraform-show-failed", message: "'\(program) show -json \(planfile)' did not finish in \(timeoutSeconds) s")
        }
        guard output.status == 0 else {
            let detail = String(decoding: output.standardError.prefix(2000), as: UTF8.self)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: " │╷╵") }.filter { !$0.isEmpty }
                .prefix(6).joined(separator: " ")
            throw PlanError(
                code: "terraform-show-failed",
                message: "'\(program) show -json' failed with status \(output.status) in \(directory): \(detail)")
        }
        return output.standardOutput
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, first == " " || set.contains(first) { text = text.dropFirst() }
        while let last = text.last, last == " " || set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

/// `terraform apply PLANFILE` is judged by the plan inside the file: the door reads each saved
/// plan a command applies and lets the plan gate replace the apply's effect with the plan's own.
enum SavedPlans {
    static func review(_ verdict: Verdict, policy: Policy, environment: [String: String]) -> Verdict {
        PlanGate.judgingSavedPlans(in: verdict, policy: policy) { effect in
            guard let planfile = effect.details["planfile"] else {
                return .failure(PlanError(code: "no-planfile", message: "the planfile is not named literally"))
            }
            let program = effect.details["program"].flatMap { ["terraform", "tofu"].contains($0) ? $0 : nil }
            let loader = PlanLoader(
                program: program, directory: effect.details["directory"], workspace: nil, environment: environment, timeoutSeconds: 60)
            do throws(PlanError) {
                let loaded = try loader.load(planfile, cwd: effect.details["directory"] ?? "/")
                return .success((loaded.plan, loaded.identity))
            } catch  where error.code == "not-found" {
                return .failure(
                    PlanError(
                        code: error.code,
                        message:
                            "\(planfile) does not exist yet, so nobody has reviewed it; make the plan in one step, review it (blastwall plan \(planfile)), and apply it in another"
                    ))
            } catch {
                return .failure(error)
            }
        }
    }
}

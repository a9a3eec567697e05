import ArgumentParser
import BlastwallCore

struct DoctorTerraform: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform",
        abstract: "Find the Terraform posture that turns one mistaken command into data loss, before the mistake.",
        discussion: """
            Reads every *.tf file directly in DIR (the root module only: not subdirectories, not .terraform/, not \
            the modules it calls, and not *.tf.json), the local state when there is one (terraform.tfstate, or \
            terraform.tfstate.d/WORKSPACE/terraform.tfstate for the workspace TF_WORKSPACE or \
            .terraform/environment selects), and the backend settings terraform init recorded in \
            .terraform/terraform.tfstate. Remote state is not fetched: pass `terraform state pull > state.json` \
            with --state. Resources the state holds inside modules are judged from their recorded attributes.

            The environment comes from the policy (the directory, the selected workspace), like every other \
            Blastwall decision; --env forces it. Findings weigh most in production and in an environment the \
            policy does not recognise, and are notes in development.

            Rules: \(TerraformPosture.rules.map(\.id).joined(separator: ", ")).

            Exit status:
              0  no finding at or above --fail-on
              4  findings at or above --fail-on
              1  DIR, a file, the state or the policy could not be read
                 (a .tf file that is not HCL is reported as file:line:column)

            Examples:
              blastwall doctor terraform infra/production
              blastwall doctor terraform --env production --format sarif > posture.sarif
              blastwall doctor terraform envs/prod --fail-on warning --state state.json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    enum Threshold: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never

        var severity: PostureSeverity? { PostureSeverity(rawValue: rawValue) }
    }

    @ArgumentParser.Argument(help: ArgumentHelp("The root module directory.", valueName: "DIR"))
    var directory: String = "."

    @Option(name: .long, help: "Output format.")
    var format: Format = .text

    @Option(name: .long, help: "Exit 4 when a finding is at or above this severity (never: always exit 0).")
    var failOn: Threshold = .error

    @OptionGroup var options: EnvironmentOptions

    @Option(name: .long, help: ArgumentHelp("Read this state file instead of the local state.", valueName: "file"))
    var state: String?

    func run() throws {
        let workspace = Workspace()
        let root = Paths.resolve(directory, cwd: workspace.cwd, home: workspace.home)
        guard SystemIO.isDirectory(root) else { throw fail("\(directory): not a directory") }
        let names: [String]
        do {
            names = try SystemIO.listDirectory(root).filter { $0.hasSuffix(".tf") && !SystemIO.isDirectory(root + "/" + $0) }
        } catch {
            throw fail("\(error)")
        }
        guard !names.isEmpty else {
            throw fail("\(directory) holds no .tf files: nothing to check (only the directory's own files are read)")
        }

        var sources: [(path: String, text: String)] = []
        for name in names {
            do {
                guard let text = try SystemIO.readText(root + "/" + name, limit: 16 << 20) else { continue }
                sources.append((display(name), text))
            } catch {
                throw fail("\(error)")
            }
        }
        let configuration: TerraformConfiguration
        do {
            configuration = try TerraformConfiguration.parse(sources)
        } catch {
            SystemIO.writeStandardError("\(error)\n")
            throw ExitCode(1)
        }

        let environment = try resolveEnvironment(root: root, workspace: Workspace(cwd: root))
        let (statePath, stateText) = try readState(root: root, workspace: workspace)
        var parsedState: TerraformState?
        if let statePath, let stateText {
            do {
                parsedState = try TerraformState.parse(stateText, path: statePath)
            } catch {
                SystemIO.writeStandardError("blastwall: \(error)\n")
                throw ExitCode(1)
            }
        }
        let initialized = (try? SystemIO.readText(root + "/.terraform/terraform.tfstate", limit: 4 << 20))?
            .flatMap { try? JSON.parse($0) }?["backend"]

        let input = PostureInput(
            configuration: configuration, state: parsedState, initializedBackend: initialized, environment: environment.environment,
            tier: environment.tier)
        let report = PostureReport(
            directory: directory, environment: environment, files: sources.map(\.path), statePath: parsedState?.path,
            findings: TerraformPosture.analyze(input))
        switch format {
        case .text: SystemIO.writeStandardOutput(report.text())
        case .json: SystemIO.writeStandardOutput(report.json().pretty() + "\n")
        case .sarif: SystemIO.writeStandardOutput(report.sarif().pretty() + "\n")
        }
        if let threshold = failOn.severity, report.findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(4)
        }
    }

    /// A file of DIR as the user named DIR, so paths in the report open from where they ran it.
    func display(_ name: String) -> String {
        var base = directory
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return base == "." ? name : base + "/" + name
    }

    /// The environment the policy gives the directory: from TF_WORKSPACE, then the workspace
    /// `terraform workspace select` recorded, then the directory itself.
    func resolveEnvironment(root: String, workspace: Workspace) throws -> TargetResolution {
        let policy: Policy
        do {
            policy = try workspace.loadPolicy(extra: options.policy)
        } catch {
            throw fail("the policy could not be loaded: \(error)")
        }
        let selected = Workspace.terraformWorkspace(of: root, environment: workspace.environment)
        let target = PlanGate.Target(
            forcedEnvironment: options.env, workspace: selected?.name, workspaceSource: selected?.source ?? "workspace", directory: root)
        var resolution: TargetResolution
        do {
            resolution = try target.resolution(under: policy)
        } catch {
            throw fail(error.message)
        }
        if options.env == nil && resolution.tier == .unknown {
            resolution.reason = "no environment in the policy matches the directory or its workspace; --env NAME says which it is"
        }
        return resolution
    }

    /// The state named with --state, or the local state of the selected workspace when it exists.
    func readState(root: String, workspace: Workspace) throws -> (path: String?, text: String?) {
        if let state {
            let path = Paths.resolve(state, cwd: workspace.cwd, home: workspace.home)
            do {
                guard let text = try SystemIO.readText(path, limit: 512 << 20) else { throw fail("\(state): no such state file") }
                return (state, text)
            } catch let failure as SystemIO.Failure {
                throw fail("\(failure)")
            }
        }
        let selected = Workspace.terraformWorkspace(of: root, environment: workspace.environment)?.name ?? "default"
        let relative = selected == "default" ? "terraform.tfstate" : "terraform.tfstate.d/\(selected)/terraform.tfstate"
        do {
            guard let text = try SystemIO.readText(root + "/" + relative, limit: 512 << 20) else { return (nil, nil) }
            return (display(relative), text)
        } catch {
            throw fail("\(error)")
        }
    }
}

import BlastwallCore
import Testing

/// A script file the command runs is judged by what it runs, read through the edge's
/// `readScript`: `bash d.sh` in production is the destroy inside it, not a local write. Only what
/// is recognised is added, so a build script's own loops and `eval`s do not make it opaque.
@Suite struct ScriptFileTests {
    static let files: [String: String] = [
        "/srv/infra/envs/production/d.sh": "#!/bin/sh\nterraform destroy -auto-approve\n",
        "/srv/infra/envs/production/plain.sh": "terraform destroy -auto-approve\n",
        "/srv/infra/envs/production/d.py": "import os\nos.system(\"terraform destroy -auto-approve\")\n",
        "/srv/infra/envs/production/tool":
            "#!/usr/bin/env python3\nimport subprocess\nsubprocess.run(\"terraform destroy -auto-approve\", shell=True)\n",
        "/srv/infra/envs/production/build.sh": "#!/bin/bash\nset -e\nfor f in src/*; do eval \"echo $f\"; done\nmake all\n",
        "/srv/infra/envs/production/store.sh": "sqlite3 ~/.local/state/blastwall/store.sqlite 'DELETE FROM audit'\n",
        "/srv/infra/envs/production/self.sh": "bash self.sh\n",
        "/srv/infra/envs/production/Makefile":
            "TF := terraform\n.PHONY: plan destroy\nplan:\n\t@terraform plan\n\ndestroy: plan ## tear down\n\t-terraform destroy -auto-approve\n",
        "/srv/infra/envs/production/justfile": "default:\n    echo hi\n\nnuke:\n    terraform destroy -auto-approve\n",
        "/srv/infra/envs/production/big.sh": AnalysisContext.scriptTooLarge,
        "/srv/infra/envs/production/b64.sh": "echo dGVycmFmb3JtIGRlc3Ryb3k= | base64 -d | sh\n",
    ]

    static let context: AnalysisContext = {
        var context = AnalysisContext(
            cwd: "/srv/infra/envs/production", home: "/home/dev", environment: ["PATH": "/usr/bin:/bin"],
            workspace: WorkspaceFacts(hostname: "dev-laptop"), readScript: { files[$0] })
        context.protectedPaths = ProtectedPaths(blastwall: ["/home/dev/.local/state/blastwall", "/home/dev/.local/state/blastwall/**"])
        return context
    }()

    static func verdict(_ command: String) throws -> Verdict {
        try TestGate.gate.evaluate(command: command, context: context, forcedEnvironment: "production").verdict
    }

    @Test(arguments: [
        "bash d.sh", "sh ./d.sh", "./d.sh", "source d.sh", ". ./d.sh", "bash -x d.sh", "bash < d.sh", "./plain.sh", "python3 d.py",
        "./tool",
    ])
    func aScriptThatDestroysIsJudgedAsTheDestroy(_ command: String) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.decision == .deny, "\(command): \(verdict.summary)")
        #expect(verdict.findings.contains { $0.effect.ruleID == "terraform.destroy" }, "\(command): \(verdict.summary)")
    }

    @Test(arguments: ["make destroy", "make -f Makefile destroy", "just nuke", "python3 - < d.py"])
    func recipesAndProgramsOnStandardInputAreJudgedToo(_ command: String) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.findings.contains { $0.effect.ruleID == "terraform.destroy" }, "\(command): \(verdict.summary)")
        #expect(verdict.decision == .deny, "\(command): \(verdict.summary)")
    }

    @Test func aHarmlessTargetStaysQuiet() throws {
        let verdict = try TestGate.gate.evaluate(command: "make plan", context: Self.context).verdict
        #expect(!verdict.findings.contains { $0.effect.ruleID == "terraform.destroy" })
        #expect(verdict.decision == .allow, "\(verdict.summary)")
    }

    @Test(arguments: ["bash big.sh", "bash b64.sh"])
    func whatCannotBeReadIsOpaque(_ command: String) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.decision != .allow, "\(command): \(verdict.summary)")
        #expect(verdict.findings.contains { $0.effect.effectClass == .opaque }, "\(command): \(verdict.summary)")
    }

    @Test(arguments: [
        "terraform destroy -auto-approve -state ../production/terraform.tfstate",
        "TF_CLI_ARGS='-state=../production/terraform.tfstate' terraform destroy -auto-approve",
        "find ../production -name main.tf -execdir terraform destroy -auto-approve ';'",
    ])
    func whereTerraformReallyActsIsNotTheWorkingDirectory(_ command: String) throws {
        var context = Self.context
        context.cwd = "/srv/infra/envs/staging"
        let verdict = try TestGate.gate.evaluate(command: command, context: context).verdict
        let destroy = try #require(verdict.findings.first { $0.effect.ruleID == "terraform.destroy" }, "\(command)")
        #expect(destroy.effect.directory != "/srv/infra/envs/staging", "\(command): \(destroy.effect.directory)")
    }

    @Test func aScriptThatWritesTheStoreIsGuardTamper() throws {
        let verdict = try Self.verdict("bash store.sh")
        #expect(verdict.findings.contains { $0.effect.effectClass == .guardTamper }, "\(verdict.summary)")
    }

    @Test func aBuildScriptsOwnInternalsAddNothingOpaque() throws {
        let verdict = try Self.verdict("bash build.sh")
        #expect(!verdict.findings.contains { $0.effect.effectClass == .opaque || $0.effect.effectClass == .unknown }, "\(verdict.summary)")
    }

    @Test func aScriptRunningItselfStops() throws {
        _ = try Self.verdict("bash self.sh")
    }

    @Test func withoutTheEdgeReadingFilesNothingChanges() throws {
        var context = Self.context
        context.readScript = nil
        let verdict = try TestGate.gate.evaluate(command: "bash d.sh", context: context).verdict
        #expect(!verdict.findings.contains { $0.effect.ruleID == "terraform.destroy" })
    }
}

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

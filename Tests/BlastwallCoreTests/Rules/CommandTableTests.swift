import BlastwallCore
import Testing

/// The generated command tables: every tool's subcommands with their verb's class.
@Suite struct CommandTableTests {
    @Test func sizesMatchTheirSources() {
        #expect(CommandTable.aws.commandCount > 15_000)
        #expect(CommandTable.gcloud.commandCount > 10_000)
        #expect(CommandTable.git.commandCount > 100)
        for (program, table) in CommandTable.all {
            #expect(!table.source.isEmpty, "\(program) has no source")
            #expect(table.commandCount > 0, "\(program) is empty")
        }
    }

    @Test(arguments: [
        (["ec2", "describe-instances"], CommandTable.Kind.read), (["ec2", "terminate-instances"], .delete),
        (["ec2", "run-instances"], .write), (["logs", "start-live-tail"], .read), (["s3", "rb"], .delete), (["ec2"], .group),
    ])
    func aws(_ words: [String], _ kind: CommandTable.Kind) throws {
        let entry = try #require(CommandTable.aws.lookup(words))
        #expect(entry.kind == kind)
        #expect(entry.path == words)
    }

    /// The longest command the words begin with; arguments after it are not part of the path.
    @Test func gcloudFindsTheLongestCommand() throws {
        let entry = try #require(CommandTable.gcloud.lookup(["compute", "instances", "delete", "web-1"]))
        #expect(entry.path == ["compute", "instances", "delete"])
        #expect(entry.kind == .delete)
    }

    /// A path's inner words are joined by spaces too, so `delete` alone must not match the end of
    /// `instances delete` (nor `instance-running` the end of `wait instance-running`).
    @Test func entriesMatchOnlyWhole() {
        #expect(CommandTable.gcloud.lookup(["compute", "delete"])?.path == ["compute"])
        #expect(CommandTable.aws.lookup(["ec2", "instance-running"])?.path == ["ec2"])
        #expect(CommandTable.aws.lookup(["no-such-service", "x"]) == nil)
    }

    @Test func gitAndKubectl() throws {
        #expect(CommandTable.git.lookup(["ls-files"])?.kind == .read)
        #expect(CommandTable.git.lookup(["commit"])?.kind == .write)
        #expect(CommandTable.kubectl.lookup(["rollout", "status"])?.kind == .read)
        #expect(CommandTable.terraform.lookup(["state", "rm"])?.kind == .delete)
    }
}

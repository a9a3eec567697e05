import BlastwallCore
import Foundation
import Testing

@testable import BlastwallStore

/// Policy layer approvals: only trust-root keys count, only the newest text of a path counts, and
/// two texts approved in the same second leave the layer unapproved.
@Suite struct PolicyApprovalTests {
    static let alice = ApproverKey.generate(principal: "alice")
    static let mallory = ApproverKey.generate(principal: "mallory")
    static let trust = TrustedKeys(approvers: [alice])
    static let path = "/home/dev/.config/blastwall/policy.yaml"

    static func current(_ lines: String) -> [String: (fingerprint: String, approvers: [String])] {
        PolicyApprovals.current(PolicyApprovals.verified(lines, trust: trust).approvals) { _ in true }
    }

    /// Alice's approval lines of the texts `loose` and `tight`, at the times given.
    static func lines(loose: Int64, tight: Int64) throws -> (lines: String, tight: String) {
        let looseFingerprint = PolicyApprovals.fingerprint(path: path, text: "loose")
        let tightFingerprint = PolicyApprovals.fingerprint(path: path, text: "tight")
        let lines =
            try PolicyApprovals.line(approving: looseFingerprint, path: path, with: alice, now: loose)
            + PolicyApprovals.line(approving: tightFingerprint, path: path, with: alice, now: tight)
        return (lines, tightFingerprint)
    }

    @Test func theNewestApprovedTextOfALayerCounts() throws {
        let (lines, tight) = try Self.lines(loose: 100, tight: 200)
        #expect(Self.current(lines)[Self.path]?.fingerprint == tight)
        // Reordering the lines changes nothing: the signed times decide.
        let reordered = lines.split(separator: "\n").reversed().joined(separator: "\n") + "\n"
        #expect(Self.current(reordered)[Self.path]?.fingerprint == tight)
    }

    @Test func twoTextsApprovedInOneSecondLeaveTheLayerUnapproved() throws {
        let (lines, tight) = try Self.lines(loose: 100, tight: 100)
        #expect(Self.current(lines)[Self.path] == nil)
        let later = lines + (try PolicyApprovals.line(approving: tight, path: Self.path, with: Self.alice, now: 101))
        #expect(Self.current(later)[Self.path]?.fingerprint == tight)
    }

    @Test func signaturesOutsideTheTrustRootOrChangedLinesCountForNothing() throws {
        let fingerprint = PolicyApprovals.fingerprint(path: Self.path, text: "loose")
        let foreign = try PolicyApprovals.line(approving: fingerprint, path: Self.path, with: Self.mallory, now: 100)
        let (approvals, problems) = PolicyApprovals.verified(foreign, trust: Self.trust)
        #expect(approvals.isEmpty)
        #expect(problems.count == 1)
        // Alice's signature moved to another path, or another time, no longer verifies.
        let genuine = try PolicyApprovals.line(approving: fingerprint, path: Self.path, with: Self.alice, now: 100)
        let moved = genuine.replacingOccurrences(
            of: Base64.encode(Array(Self.path.utf8)), with: Base64.encode(Array("/srv/repo/.blastwall/policy.yaml".utf8)))
        let retimed = genuine.replacingOccurrences(of: " 100 ", with: " 999 ")
        for line in [moved, retimed] {
            #expect(PolicyApprovals.verified(line, trust: Self.trust).approvals.isEmpty, "\(line)")
        }
    }
}

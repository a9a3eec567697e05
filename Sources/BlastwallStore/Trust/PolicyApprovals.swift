import BlastwallCore

/// Approvals of policy layers the agent's user can write (`~/.config/blastwall/policy.yaml`, a
/// project's `.blastwall/policy.yaml`, `--policy FILE`). A layer counts for what it loosens only
/// while its content is the one last approved for its path: each line is a signature, by a key
/// of the trust root, over the fingerprint, the layer's path and the time, so the agent can add
/// no line, and an older approved text restored after a newer one was approved no longer counts.
/// Where `trust init --user` made an append-only file for these lines, the agent cannot delete
/// one either; elsewhere, deleting the newest line of a path would bring back the one before.
///
///     approve <fingerprint> <principal> <key-id> <base64 signature> <time> <base64 path>
public enum PolicyApprovals {
    static let context = "blastwall-policy-approval v2\n"

    /// The fingerprint of one layer: its path and its text.
    public static func fingerprint(path: String, text: String) -> String {
        "sha256:" + SHA256.hex((path + "\n" + text).utf8)
    }

    static func message(_ fingerprint: String, principal: String, path: String, time: Int64) -> [UInt8] {
        Array((context + fingerprint + "\n" + principal + "\n" + path + "\n" + String(time)).utf8)
    }

    /// One line approving the layer at `path` whose fingerprint is `fingerprint`, signed with `key`.
    public static func line(approving fingerprint: String, path: String, with key: ApproverKey, now: Int64) throws(StoreError)
        -> String
    {
        guard let pair = key.keyPair else { throw StoreError(code: "invalid", message: "the key's secret half is not loaded") }
        let principal = PrincipalName.normalised(key.principal)
        let signature = pair.sign(message(fingerprint, principal: principal, path: path, time: now))
        return "approve \(fingerprint) \(principal) \(key.keyID) \(Base64.encode(signature)) \(now) \(Base64.encode(Array(path.utf8)))\n"
    }

    /// One verified approval.
    public struct Approval: Sendable {
        public var fingerprint: String
        public var path: String
        public var principal: String
        public var time: Int64
    }

    /// The approvals whose signature verifies by an unrevoked trust-root key of the principal
    /// they name. Lines that do not verify are skipped (and said, for `doctor`).
    public static func verified(_ text: String, trust: TrustedKeys) -> (approvals: [Approval], problems: [String]) {
        let keys = trust.byID
        var approvals: [Approval] = []
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n").enumerated() {
            let parts = raw.split(separator: " ").map(String.init)
            guard parts.first == "approve", parts.count >= 7, let time = Int64(parts[5]),
                let pathBytes = Base64.decode(parts[6])
            else {
                if !raw.hasPrefix("#") { problems.append("line \(index + 1): not an approval line") }
                continue
            }
            let (fingerprint, principal, keyID) = (parts[1], parts[2], parts[3])
            let path = String(decoding: pathBytes, as: UTF8.self)
            guard let key = keys[keyID], key.revoked == nil, PrincipalName.same(key.principal, principal) else {
                problems.append("line \(index + 1): key \(keyID) is not an unrevoked key of \(principal) in \(trust.source)")
                continue
            }
            guard let signature = Base64.decode(parts[4]),
                Ed25519KeyPair.verify(
                    signature: signature, message: message(fingerprint, principal: principal, path: path, time: time),
                    publicKey: key.publicKey)
            else {
                problems.append("line \(index + 1): the signature does not verify")
                continue
            }
            approvals.append(Approval(fingerprint: fingerprint, path: path, principal: key.principal, time: time))
        }
        return (approvals, problems)
    }

    /// For each layer path, the fingerprint approved last and who approved it (all approvals of
    /// that same fingerprint, by `counts`): an approval of an older text is superseded.
    public static func current(_ approvals: [Approval], counts: (String) -> Bool) -> [String: (fingerprint: String, approvers: [String])] {
        var latest: [String: Approval] = [:]
        var ambiguous: Set<String> = []
        for approval in approvals where counts(approval.principal) {
            if let seen = latest[approval.path] {
                if seen.time > approval.time { continue }
                // Two texts approved in the same second: which came last cannot be told from the
                // signed times, and the file's order is the agent's to change. Neither counts.
                if seen.time == approval.time, seen.fingerprint != approval.fingerprint {
                    ambiguous.insert(approval.path)
                    continue
                }
                if seen.time < approval.time { ambiguous.remove(approval.path) }
            }
            latest[approval.path] = approval
        }
        for path in ambiguous { latest[path] = nil }
        return latest.mapValues { newest in
            let approvers = Set(
                approvals.filter { $0.path == newest.path && $0.fingerprint == newest.fingerprint && counts($0.principal) }.map(\.principal)
            )
            return (newest.fingerprint, approvers.sorted())
        }
    }
}

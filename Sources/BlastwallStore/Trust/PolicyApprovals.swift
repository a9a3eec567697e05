import BlastwallCore

/// Approvals of policy layers the agent's user can write (`~/.config/blastwall/policy.yaml`, a
/// project's `.blastwall/policy.yaml`, `--policy FILE`). A layer whose fingerprint no approver
/// signed cannot loosen anything: the gate denies what it would let through. The file of
/// approvals may sit where the agent can write, because each line is a signature by a key of the
/// trust root, over the fingerprint: the agent can delete lines (which only tightens) but not
/// add one.
///
///     approve <fingerprint> <principal> <key-id> <base64 signature> <time>
public enum PolicyApprovals {
    static let context = "blastwall-policy-approval v1\n"

    /// The fingerprint of one layer: its path and its text.
    public static func fingerprint(path: String, text: String) -> String {
        "sha256:" + SHA256.hex((path + "\n" + text).utf8)
    }

    static func message(_ fingerprint: String, principal: String) -> [UInt8] {
        Array((context + fingerprint + "\n" + principal).utf8)
    }

    /// One line approving `fingerprint`, signed with `key`.
    public static func line(approving fingerprint: String, with key: ApproverKey, now: Int64) throws(StoreError) -> String {
        guard let pair = key.keyPair else { throw StoreError(code: "invalid", message: "the key's secret half is not loaded") }
        let principal = PrincipalName.normalised(key.principal)
        let signature = pair.sign(message(fingerprint, principal: principal))
        return "approve \(fingerprint) \(principal) \(key.keyID) \(Base64.encode(signature)) \(now)\n"
    }

    /// Who approved each fingerprint, counting only signatures by unrevoked trust-root keys of
    /// the principal they name. Lines that do not verify are skipped (and said, for `doctor`).
    public static func verified(_ text: String, trust: TrustedKeys) -> (approvers: [String: [String]], problems: [String]) {
        let keys = trust.byID
        var approvers: [String: [String]] = [:]
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n").enumerated() {
            let parts = raw.split(separator: " ").map(String.init)
            guard parts.first == "approve", parts.count >= 5 else {
                if !raw.hasPrefix("#") { problems.append("line \(index + 1): not an approval line") }
                continue
            }
            let (fingerprint, principal, keyID) = (parts[1], parts[2], parts[3])
            guard let key = keys[keyID], key.revoked == nil, PrincipalName.same(key.principal, principal) else {
                problems.append("line \(index + 1): key \(keyID) is not an unrevoked key of \(principal) in \(trust.source)")
                continue
            }
            guard let signature = Base64.decode(parts[4]),
                Ed25519KeyPair.verify(
                    signature: signature, message: message(fingerprint, principal: key.principal), publicKey: key.publicKey)
            else {
                problems.append("line \(index + 1): the signature does not verify")
                continue
            }
            if !(approvers[fingerprint] ?? []).contains(key.principal) { approvers[fingerprint, default: []].append(key.principal) }
        }
        return (approvers, problems)
    }
}

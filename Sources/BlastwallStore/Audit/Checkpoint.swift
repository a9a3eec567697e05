/// A signed tree head in the C2SP `tlog-checkpoint` body inside a C2SP `signed-note`:
///
///     <origin>\n<size>\n<base64 root>\n\n— <key name> <base64(key hash[4] ‖ Ed25519 signature)>\n
///
/// The key hash is the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int64
    public var root: [UInt8]

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var body: String { "\(origin)\n\(size)\n\(Base64.encode(root))\n" }

    static func keyHash(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(Sodium.sha256(Array(name.utf8) + [0x0a, 0x01] + publicKey).prefix(4))
    }

    /// The signed note text.
    public func signed(by key: Ed25519KeyPair, name: String) -> String {
        let signature = key.sign(Array(body.utf8))
        return body + "\n\u{2014} \(name) \(Base64.encode(Self.keyHash(name: name, publicKey: key.publicKey) + signature))\n"
    }

    /// Parses a signed note and checks its signature by the named key; names what is wrong.
    /// `verifySignature` false checks only that the note names this key (its key hash): enough
    /// to tell one store from another on the hook's path, where an Ed25519 verification would
    /// cost more than the rest of the call. `audit verify` and `approve` verify the signature.
    public static func open(_ note: String, name: String, publicKey: [UInt8], verifySignature: Bool = true) throws(StoreError)
        -> Checkpoint
    {
        let bytes = Array(note.utf8)
        guard let blank = bytes.indices.dropLast().first(where: { bytes[$0] == 0x0a && bytes[$0 + 1] == 0x0a }) else {
            throw StoreError(code: "invalid", message: "the checkpoint has no signature block")
        }
        let body = String(decoding: bytes[...blank], as: UTF8.self)
        let signatures = String(decoding: bytes[(blank + 2)...], as: UTF8.self)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = Int64(lines[1]), size >= 0, let root = Base64.decode(lines[2]), root.count == 32 else {
            throw StoreError(code: "invalid", message: "the checkpoint body is not origin, size and root")
        }
        let expectedHash = keyHash(name: name, publicKey: publicKey)
        for line in signatures.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "\u{2014}", fields[1] == name, let blob = Base64.decode(fields[2]),
                blob.count == 68, Array(blob.prefix(4)) == expectedHash
            else { continue }
            if !verifySignature { return Checkpoint(origin: String(lines[0]), size: size, root: root) }
            if Ed25519KeyPair.verify(signature: Array(blob.dropFirst(4)), message: Array(body.utf8), publicKey: publicKey) {
                return Checkpoint(origin: String(lines[0]), size: size, root: root)
            }
            throw StoreError(code: "invalid", message: "the checkpoint's signature does not verify: it was edited")
        }
        throw StoreError(code: "invalid", message: "the checkpoint carries no signature by '\(name)'")
    }
}

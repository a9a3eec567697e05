import BlastwallCore

/// An approver's Ed25519 key as kept on disk: a small text file, its secret half sealed under a
/// passphrase (Argon2id + XChaCha20-Poly1305) unless the owner keeps it under another uid or on
/// another machine and chose `--no-passphrase`.
///
///     blastwall-approver-key v1
///     principal alice
///     key-id k_…
///     public <base64>
///     sealed argon2id <ops> <mem> <salt> <nonce> <ciphertext>    (or: secret <base64>)
public struct ApproverKey: Sendable {
    public var principal: String
    public var keyID: String
    public var publicKey: [UInt8]
    var keyPair: Ed25519KeyPair?

    static let magic = "blastwall-approver-key v1"

    public static func keyID(for publicKey: [UInt8]) -> String {
        "k_" + Base64.encode(Array(Sodium.sha256(publicKey).prefix(12)), url: true)
    }

    public static func generate(principal: String) -> ApproverKey {
        let pair = Ed25519KeyPair.generate()
        return ApproverKey(principal: principal, keyID: keyID(for: pair.publicKey), publicKey: pair.publicKey, keyPair: pair)
    }

    /// The file's text; the secret sealed under `passphrase` when one is given.
    public func fileText(passphrase: String?) throws(StoreError) -> String {
        guard let keyPair else { throw StoreError(code: "invalid", message: "the key's secret half is not loaded") }
        var text = "\(Self.magic)\nprincipal \(principal)\nkey-id \(keyID)\npublic \(Base64.encode(publicKey))\n"
        if let passphrase {
            let sealed = try PassphraseSeal.seal(keyPair.secretKey, passphrase: passphrase, associated: Array(keyID.utf8))
            text +=
                "sealed argon2id \(sealed.operations) \(sealed.memory) \(Base64.encode(sealed.salt)) \(Base64.encode(sealed.nonce)) \(Base64.encode(sealed.ciphertext))\n"
        } else {
            text += "secret \(Base64.encode(keyPair.secretKey))\n"
        }
        return text
    }

    /// Whether the file's secret is sealed, so the caller knows to ask for a passphrase.
    public static func isSealed(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix("sealed ") }
    }

    /// Reads a key file; `passphrase` opens a sealed secret. Every malformed line is named.
    public init(fileText text: String, passphrase: String?, path: String) throws(StoreError) {
        var lines = text.split(separator: "\n").map(String.init)
        guard lines.first == Self.magic else {
            throw StoreError(code: "invalid", message: "\(path) is not a Blastwall approver key (first line must be '\(Self.magic)')")
        }
        lines.removeFirst()
        var fields: [String: [String]] = [:]
        for line in lines {
            let parts = line.split(separator: " ").map(String.init)
            guard let name = parts.first else { continue }
            fields[name] = Array(parts.dropFirst())
        }
        guard let principal = fields["principal"]?.first, let keyID = fields["key-id"]?.first,
            let publicText = fields["public"]?.first, let publicKey = Base64.decode(publicText), publicKey.count == 32
        else { throw StoreError(code: "invalid", message: "\(path) lacks a principal, key-id or 32-byte public key") }
        guard keyID == Self.keyID(for: publicKey) else {
            throw StoreError(code: "invalid", message: "\(path): key-id \(keyID) does not belong to its public key (edited by hand?)")
        }
        let secret: [UInt8]
        if let sealed = fields["sealed"] {
            guard sealed.count == 6, sealed[0] == "argon2id", let operations = UInt64(sealed[1]), let memory = Int(sealed[2]),
                let salt = Base64.decode(sealed[3]), let nonce = Base64.decode(sealed[4]), let ciphertext = Base64.decode(sealed[5])
            else { throw StoreError(code: "invalid", message: "\(path): the sealed secret line is malformed") }
            guard let passphrase else {
                throw StoreError(code: "passphrase", message: "\(path) is sealed: a passphrase is needed")
            }
            secret = try PassphraseSeal.open(
                .init(salt: salt, nonce: nonce, ciphertext: ciphertext, operations: operations, memory: memory),
                passphrase: passphrase, associated: Array(keyID.utf8))
        } else if let plain = fields["secret"]?.first, let decoded = Base64.decode(plain) {
            secret = decoded
        } else {
            throw StoreError(code: "invalid", message: "\(path) has neither a 'secret' nor a 'sealed' line")
        }
        let pair = try Ed25519KeyPair(secret: secret)
        guard pair.publicKey == publicKey else {
            throw StoreError(code: "invalid", message: "\(path): the secret does not match the public key")
        }
        self.init(principal: principal, keyID: keyID, publicKey: publicKey, keyPair: pair)
    }

    init(principal: String, keyID: String, publicKey: [UInt8], keyPair: Ed25519KeyPair?) {
        self.principal = principal
        self.keyID = keyID
        self.publicKey = publicKey
        self.keyPair = keyPair
    }

    func sign(_ claims: GrantClaims, implicitAssertion: [UInt8]) throws(StoreError) -> String {
        guard let keyPair else { throw StoreError(code: "invalid", message: "the key's secret half is not loaded") }
        let footer = Array(JSON.object([("kid", .string(keyID))]).serialized().utf8)
        return PASETO.sign(Array(claims.json.serialized().utf8), with: keyPair, footer: footer, implicitAssertion: implicitAssertion)
    }
}

extension ApproverKey {
    /// A public key alone, to enroll a key whose secret lives elsewhere.
    public init(publicKey: [UInt8], principal: String) {
        self.init(principal: principal, keyID: Self.keyID(for: publicKey), publicKey: publicKey, keyPair: nil)
    }
}

import CSodium

/// The few primitives Blastwall needs, from libsodium: Ed25519 signatures, SHA-256, random
/// bytes, and Argon2id + XChaCha20-Poly1305 to keep an approver's secret key under a passphrase.
public enum Sodium {
    private static let ready: Bool = sodium_init() >= 0

    static func ensureReady() {
        precondition(ready, "libsodium could not initialise")
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        ensureReady()
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    public static func sha256<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var digest = [UInt8](repeating: 0, count: 32)
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = crypto_hash_sha256(&digest, buffer.baseAddress, UInt64(buffer.count))
        }
        if done == nil {
            let copy = Array(bytes)
            _ = crypto_hash_sha256(&digest, copy, UInt64(copy.count))
        }
        return digest
    }

    /// SHA-256 of `prefix ‖ a ‖ b`: RFC 6962's leaf (0x00) and node (0x01) hashes.
    static func sha256(prefix: UInt8, _ a: [UInt8], _ b: [UInt8] = []) -> [UInt8] {
        var state = crypto_hash_sha256_state()
        crypto_hash_sha256_init(&state)
        var first = prefix
        crypto_hash_sha256_update(&state, &first, 1)
        crypto_hash_sha256_update(&state, a, UInt64(a.count))
        if !b.isEmpty { crypto_hash_sha256_update(&state, b, UInt64(b.count)) }
        var digest = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256_final(&state, &digest)
        return digest
    }

    /// Constant-time comparison, for secrets and digests an attacker controls one side of.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && sodium_memcmp(a, b, a.count) == 0
    }
}

/// An Ed25519 key pair. The secret key is libsodium's 64 bytes: seed ‖ public key.
public struct Ed25519KeyPair: Sendable {
    public let publicKey: [UInt8]
    let secretKey: [UInt8]

    public static func generate() -> Ed25519KeyPair {
        Sodium.ensureReady()
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        crypto_sign_keypair(&publicKey, &secretKey)
        return Ed25519KeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// From a 32-byte seed or a 64-byte secret key.
    public init(secret: [UInt8]) throws(StoreError) {
        Sodium.ensureReady()
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        switch secret.count {
        case 32:
            crypto_sign_seed_keypair(&publicKey, &secretKey, secret)
        case 64:
            crypto_sign_ed25519_sk_to_pk(&publicKey, secret)
            secretKey = secret
            // A secret key whose second half is not its own public key was edited: refuse it.
            var derived = [UInt8](repeating: 0, count: 64)
            var check = [UInt8](repeating: 0, count: 32)
            crypto_sign_seed_keypair(&check, &derived, Array(secret[0..<32]))
            guard Sodium.equal(check, publicKey) else {
                throw StoreError(code: "invalid", message: "the secret key's public half does not match its seed")
            }
        default:
            throw StoreError(code: "invalid", message: "an Ed25519 secret key is 32 or 64 bytes, not \(secret.count)")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    private init(publicKey: [UInt8], secretKey: [UInt8]) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }

    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        Sodium.ensureReady()
        guard signature.count == 64, publicKey.count == 32 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}

/// A secret sealed under a passphrase: Argon2id (libsodium's "moderate" limits) derives the key,
/// XChaCha20-Poly1305 seals. A wrong passphrase and an edited file both fail to open.
enum PassphraseSeal {
    static let saltBytes = Int(crypto_pwhash_SALTBYTES)
    static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)

    struct Sealed {
        var salt: [UInt8]
        var nonce: [UInt8]
        var ciphertext: [UInt8]
        var operations: UInt64
        var memory: Int
    }

    static func seal(_ secret: [UInt8], passphrase: String, associated: [UInt8]) throws(StoreError) -> Sealed {
        let salt = Sodium.randomBytes(saltBytes)
        let nonce = Sodium.randomBytes(nonceBytes)
        let operations = UInt64(crypto_pwhash_OPSLIMIT_MODERATE)
        let memory = Int(crypto_pwhash_MEMLIMIT_MODERATE)
        let key = try derive(passphrase, salt: salt, operations: operations, memory: memory)
        var ciphertext = [UInt8](repeating: 0, count: secret.count + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var length: UInt64 = 0
        crypto_aead_xchacha20poly1305_ietf_encrypt(
            &ciphertext, &length, secret, UInt64(secret.count), associated, UInt64(associated.count), nil, nonce, key)
        return Sealed(salt: salt, nonce: nonce, ciphertext: ciphertext, operations: operations, memory: memory)
    }

    static func open(_ sealed: Sealed, passphrase: String, associated: [UInt8]) throws(StoreError) -> [UInt8] {
        guard sealed.salt.count == saltBytes, sealed.nonce.count == nonceBytes,
            sealed.ciphertext.count > Int(crypto_aead_xchacha20poly1305_ietf_ABYTES),
            sealed.operations <= 16, sealed.memory <= 1 << 30
        else { throw StoreError(code: "invalid", message: "the sealed key's parameters are malformed") }
        let key = try derive(passphrase, salt: sealed.salt, operations: sealed.operations, memory: sealed.memory)
        var secret = [UInt8](repeating: 0, count: sealed.ciphertext.count - Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &secret, &length, nil, sealed.ciphertext, UInt64(sealed.ciphertext.count), associated,
            UInt64(associated.count), sealed.nonce, key)
        guard status == 0 else {
            throw StoreError(code: "invalid", message: "wrong passphrase, or the key file was changed")
        }
        return secret
    }

    private static func derive(_ passphrase: String, salt: [UInt8], operations: UInt64, memory: Int) throws(StoreError) -> [UInt8] {
        Sodium.ensureReady()
        var key = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES))
        let characters = Array(passphrase.utf8CString)
        let status = crypto_pwhash(
            &key, UInt64(key.count), characters, UInt64(characters.count - 1), salt, operations, memory,
            crypto_pwhash_ALG_ARGON2ID13)
        guard status == 0 else { throw StoreError(code: "invalid", message: "deriving the passphrase key ran out of memory") }
        return key
    }
}

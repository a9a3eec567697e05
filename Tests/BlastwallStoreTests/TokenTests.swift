import Foundation
import Testing

@testable import BlastwallStore

/// PASETO v4.public against the specification's published vectors, and the pieces under it.
@Suite struct TokenTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var expectFail: Bool
        var publicKey: String?
        var secretKey: String?
        var payload: String?
        var footer: String
        var implicitAssertion: String
        var token: String
        var testDescription: String { name }

        enum CodingKeys: String, CodingKey {
            case name, payload, footer, token
            case expectFail = "expect-fail"
            case publicKey = "public-key"
            case secretKey = "secret-key"
            case implicitAssertion = "implicit-assertion"
        }
    }

    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/paseto-v4-public.json")
        return (try? JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))) ?? []
    }()

    @Test func theVectorsLoaded() {
        #expect(Self.vectors.count == 5)
    }

    @Test(arguments: vectors)
    func officialVector(_ vector: Vector) throws {
        let publicKey = try #require(Hex.decode(vector.publicKey ?? "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"))
        let verified = try? PASETO.verify(vector.token, publicKey: publicKey, implicitAssertion: Array(vector.implicitAssertion.utf8))
        if vector.expectFail {
            #expect(verified == nil)
            return
        }
        #expect(verified.map { String(decoding: $0, as: UTF8.self) } == vector.payload)
        // Ed25519 is deterministic: signing the same input must give the published token.
        let secret = try #require(vector.secretKey.flatMap { Hex.decode($0) })
        let key = try Ed25519KeyPair(secret: secret)
        let token = PASETO.sign(
            Array(try #require(vector.payload).utf8), with: key, footer: Array(vector.footer.utf8),
            implicitAssertion: Array(vector.implicitAssertion.utf8))
        #expect(token == vector.token)
        // Another implicit assertion (another action's digest) must fail.
        #expect(throws: PASETO.Failure.self) {
            try PASETO.verify(vector.token, publicKey: publicKey, implicitAssertion: Array("other".utf8))
        }
    }

    @Test func everyChangedByteOfATokenFails() throws {
        let key = Ed25519KeyPair.generate()
        let token = PASETO.sign(Array(#"{"jti":"grant_x","exp":"1"}"#.utf8), with: key, footer: Array(#"{"kid":"k_1"}"#.utf8))
        var characters = Array(token.utf8)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for index in "v4.public.".utf8.count..<characters.count where characters[index] != UInt8(ascii: ".") {
            let original = characters[index]
            characters[index] = alphabet.first { $0 != original }!
            let changed = String(decoding: characters, as: UTF8.self)
            #expect(throws: PASETO.Failure.self, "changed character \(index)") { try PASETO.verify(changed, publicKey: key.publicKey) }
            characters[index] = original
        }
        #expect(throws: Never.self) { try PASETO.verify(token, publicKey: key.publicKey) }
    }

    @Test func otherVersionsAndPurposesAreRefused() throws {
        let key = Ed25519KeyPair.generate()
        let token = PASETO.sign(Array("{}".utf8), with: key)
        for forged in [
            token.replacingOccurrences(of: "v4.public.", with: "v3.public."),
            token.replacingOccurrences(of: "v4.public.", with: "v4.local."),
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJyb290In0.", "v4.public.", "v4.public.!!!!",
        ] {
            #expect(throws: PASETO.Failure.self) { try PASETO.verify(forged, publicKey: key.publicKey) }
        }
    }

    @Test func base64RoundTripsAndRejectsNonCanonicalSpellings() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encode(bytes, url: true), url: true) == bytes)
        }
        #expect(Base64.decode("QQ==") == [0x41])
        #expect(Base64.decode("QR==") == nil)  // leftover bits set
        #expect(Base64.decode("Q===") == nil)
        #expect(Base64.decode("QQ", url: true) == [0x41])
        #expect(Base64.decode("QQ=", url: true) == nil)
    }

    @Test func sealedKeysOpenOnlyWithTheirPassphrase() throws {
        let key = ApproverKey.generate(principal: "alice")
        let text = try key.fileText(passphrase: "correct horse battery")
        #expect(ApproverKey.isSealed(text))
        #expect(!text.contains(Base64.encode(key.keyPair!.secretKey)))
        let opened = try ApproverKey(fileText: text, passphrase: "correct horse battery", path: "alice.key")
        #expect(opened.publicKey == key.publicKey)
        #expect(throws: StoreError.self) { try ApproverKey(fileText: text, passphrase: "wrong horse battery", path: "alice.key") }
        #expect(throws: StoreError.self) { try ApproverKey(fileText: text, passphrase: nil, path: "alice.key") }
        // A principal edited by hand in the file does not change whose key it is in the store,
        // but an edited key id or public key is refused outright.
        let edited = text.replacingOccurrences(of: "key-id \(key.keyID)", with: "key-id k_AAAAAAAAAAAAAAAA")
        #expect(throws: StoreError.self) { try ApproverKey(fileText: edited, passphrase: "correct horse battery", path: "alice.key") }
    }
}

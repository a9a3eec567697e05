/// PASETO version 4, purpose `public`: Ed25519 over a length-prefixed encoding of header,
/// message, footer and implicit assertion. The algorithm is fixed by the version; nothing in the
/// token chooses it. The implicit assertion is signed but not carried, so a verifier that does
/// not supply the same context (the action's digest) fails on the signature.
public enum PASETO {
    static let header = "v4.public."

    public struct Failure: Error, Sendable, CustomStringConvertible, Equatable {
        /// `bad-header`, `malformed`, `bad-footer`, `bad-signature`.
        public var code: String
        public var message: String
        public var description: String { message }
    }

    /// Pre-authentication encoding: the count of pieces, then each piece's length and bytes,
    /// every length as 64-bit little-endian with the top bit clear.
    static func preAuthenticationEncoding(_ pieces: [[UInt8]]) -> [UInt8] {
        var output = littleEndian64(pieces.count)
        for piece in pieces {
            output += littleEndian64(piece.count)
            output += piece
        }
        return output
    }

    private static func littleEndian64(_ value: Int) -> [UInt8] {
        let unsigned = UInt64(value) & 0x7fff_ffff_ffff_ffff
        return (0..<8).map { UInt8(truncatingIfNeeded: unsigned >> (8 * UInt64($0))) }
    }

    public static func sign(
        _ message: [UInt8], with key: Ed25519KeyPair, footer: [UInt8] = [], implicitAssertion: [UInt8] = []
    ) -> String {
        let signed = preAuthenticationEncoding([Array(header.utf8), message, footer, implicitAssertion])
        let signature = key.sign(signed)
        var token = header + Base64.encode(message + signature, url: true)
        if !footer.isEmpty { token += "." + Base64.encode(footer, url: true) }
        return token
    }

    /// The footer, readable before verification (it names the key to verify with). Never trust
    /// it until `verify` has passed with the key it names.
    public static func untrustedFooter(_ token: String) throws(Failure) -> [UInt8] {
        let parts = try split(token)
        return parts.footer
    }

    /// The signed message, when the signature verifies with `publicKey` over this footer and
    /// implicit assertion.
    public static func verify(_ token: String, publicKey: [UInt8], implicitAssertion: [UInt8] = []) throws(Failure) -> [UInt8] {
        let parts = try split(token)
        guard parts.body.count >= 64 else {
            throw Failure(code: "malformed", message: "the token is shorter than a signature")
        }
        let message = Array(parts.body[..<(parts.body.count - 64)])
        let signature = Array(parts.body[(parts.body.count - 64)...])
        let signed = preAuthenticationEncoding([Array(header.utf8), message, parts.footer, implicitAssertion])
        guard Ed25519KeyPair.verify(signature: signature, message: signed, publicKey: publicKey) else {
            throw Failure(
                code: "bad-signature", message: "the signature does not verify: the token was changed, forged, or is for other context")
        }
        return message
    }

    private static func split(_ token: String) throws(Failure) -> (body: [UInt8], footer: [UInt8]) {
        guard token.hasPrefix(header) else {
            let shown = token.split(separator: ".", maxSplits: 2).prefix(2).joined(separator: ".")
            throw Failure(
                code: "bad-header", message: "not a v4.public token (it starts '\(shown.prefix(20))'); only v4.public is accepted")
        }
        let rest = token.dropFirst(header.count)
        let pieces = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 1 || pieces.count == 2 else {
            throw Failure(code: "malformed", message: "a v4.public token has a body and at most one footer")
        }
        guard let body = Base64.decode(pieces[0], url: true) else {
            throw Failure(code: "malformed", message: "the token body is not unpadded base64url")
        }
        var footer: [UInt8] = []
        if pieces.count == 2 {
            guard let decoded = Base64.decode(pieces[1], url: true), !decoded.isEmpty else {
                throw Failure(code: "bad-footer", message: "the token footer is not unpadded base64url")
            }
            footer = decoded
        }
        return (body, footer)
    }
}

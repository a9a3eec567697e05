import BlastwallCore
import Testing

@Suite struct EncodingTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256KnownVectors(_ vector: (String, String)) {
        #expect(SHA256.hex(vector.0.utf8) == vector.1)
    }

    @Test func sha256OfAMillionAs() {
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Updates of every size, contiguous or not, give the same digest as one update.
    @Test func sha256PiecewiseUpdatesAgree() {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(bytes)
        for chunk in [1, 3, 63, 64, 65, 127, 1000] {
            var hasher = SHA256()
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunk, bytes.count)
                if chunk % 2 == 1 {
                    hasher.update(bytes[offset..<end].lazy.map { $0 })  // not contiguous
                } else {
                    hasher.update(bytes[offset..<end])
                }
                offset = end
            }
            let hex = hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            #expect(hex == whole, "chunks of \(chunk)")
        }
    }

    @Test func jsonRoundTripKeepsOrderAndEscapes() throws {
        let text = #"{"b":1,"a":[true,false,null,"x\"\n\u00e9\ud83d\ude00"],"c":{"d":-1.5e3}}"#
        let value = try JSON.parse(text)
        #expect(value["a"]?.arrayValue?[3].stringValue == "x\"\né😀")
        #expect(try JSON.parse(value.serialized()) == value)
        #expect(value.serialized().hasPrefix(#"{"b":1,"a""#))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "tru", "\"\u{01}\"", "{}x", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func invalidJSONIsRefused(_ text: String) {
        #expect(throws: JSONError.self) { try JSON.parse(text) }
    }
}

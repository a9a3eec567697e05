import NIOCore

/// PostgreSQL protocol 3 framing. Frontend and backend give the same type byte different
/// meanings, so each direction has its own decoder; message bodies stay raw bytes and are
/// forwarded untouched unless the guard has to read or replace them.
enum Wire {
    static let sslRequestCode: Int32 = 80_877_103
    static let gssEncRequestCode: Int32 = 80_877_104
    static let cancelRequestCode: Int32 = 80_877_102
    /// Any protocol 3.x StartupMessage (3.0 = 196608; PG 18 speaks 3.2).
    static func isProtocol3(_ code: Int32) -> Bool { code >> 16 == 3 }

    /// Startup-phase messages are bounded by PostgreSQL itself at 10,000 bytes.
    static let maximumStartupLength = 10_000
}

/// What the client sends.
enum FrontendMessage {
    case sslRequest
    case gssEncRequest
    /// A CancelRequest, raw, to be sent on a new connection to the server.
    case cancel(ByteBuffer)
    case startup(version: Int32, parameters: [(String, String)])
    /// A typed message: its type byte, its body (without the length), and the whole frame as
    /// received, forwarded as is when nothing needs changing.
    case message(type: UInt8, body: ByteBuffer, frame: ByteBuffer)
}

struct WireError: Error, CustomStringConvertible {
    var sqlState: String
    var message: String
    var description: String { message }
}

/// Frames the client's bytes. Starts in the startup phase (untyped messages) and switches to
/// typed messages once a StartupMessage has been read.
struct FrontendDecoder {
    var startupDone = false
    /// The largest typed message accepted; PostgreSQL allows 1 GB, a guard that must read every
    /// statement keeps far less in memory.
    let maximumMessageLength: Int

    init(maximumMessageLength: Int) {
        self.maximumMessageLength = maximumMessageLength
    }

    /// The next whole message in `buffer`, or nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws -> FrontendMessage? {
        if !startupDone {
            guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
            // A TLS ClientHello (direct TLS, PostgreSQL 17+) starts with 0x16; it is not a length.
            if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0x16 {
                throw WireError(
                    sqlState: "08P01", message: "direct TLS connections are not supported; connect with sslmode=disable or prefer")
            }
            guard length >= 8, Int(length) <= Wire.maximumStartupLength else {
                throw WireError(sqlState: "08P01", message: "invalid startup packet length \(length)")
            }
            guard buffer.readableBytes >= Int(length) else { return nil }
            var packet = buffer.readSlice(length: Int(length))!
            let raw = packet
            packet.moveReaderIndex(forwardBy: 4)
            let code = packet.readInteger(as: Int32.self)!
            switch code {
            case Wire.sslRequestCode:
                return .sslRequest
            case Wire.gssEncRequestCode:
                return .gssEncRequest
            case Wire.cancelRequestCode:
                return .cancel(raw)
            case let version where Wire.isProtocol3(version):
                var parameters: [(String, String)] = []
                while let name = packet.readNullTerminatedString(), !name.isEmpty {
                    guard let value = packet.readNullTerminatedString() else {
                        throw WireError(sqlState: "08P01", message: "startup parameter \(name) has no value")
                    }
                    parameters.append((name, value))
                }
                startupDone = true
                return .startup(version: version, parameters: parameters)
            default:
                throw WireError(sqlState: "08P01", message: "unsupported frontend protocol \(code >> 16).\(code & 0xFFFF)")
            }
        }
        return try Self.typed(&buffer, maximum: maximumMessageLength).map { .message(type: $0.type, body: $0.body, frame: $0.frame) }
    }

    /// One typed message (type byte, int32 length including itself, body), or nil for more data.
    static func typed(_ buffer: inout ByteBuffer, maximum: Int) throws -> (type: UInt8, body: ByteBuffer, frame: ByteBuffer)? {
        guard buffer.readableBytes >= 5, let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self)
        else { return nil }
        guard length >= 4 else { throw WireError(sqlState: "08P01", message: "invalid message length \(length)") }
        guard Int(length) <= maximum else {
            throw WireError(
                sqlState: "54000",
                message:
                    "a \(Character(UnicodeScalar(type))) message of \(length) bytes is larger than the guard's limit of \(maximum) bytes")
        }
        guard buffer.readableBytes >= 1 + Int(length) else { return nil }
        let frame = buffer.readSlice(length: 1 + Int(length))!
        let body = frame.getSlice(at: frame.readerIndex + 5, length: Int(length) - 4)!
        return (type, body, frame)
    }
}

/// What the server sends: typed messages only (the proxy never asks the server for TLS).
struct BackendMessage {
    var type: UInt8
    var body: ByteBuffer
}

extension ByteBuffer {
    /// A NUL-terminated string (PostgreSQL's String type), consumed with its NUL.
    mutating func readNullTerminatedString() -> String? {
        guard let end = readableBytesView.firstIndex(of: 0) else { return nil }
        let string = readString(length: end - readableBytesView.startIndex)
        moveReaderIndex(forwardBy: 1)
        return string
    }

    /// A NUL-terminated string's raw bytes, consumed with its NUL.
    mutating func readNullTerminatedBytes() -> [UInt8]? {
        guard let end = readableBytesView.firstIndex(of: 0) else { return nil }
        let bytes = readBytes(length: end - readableBytesView.startIndex)
        moveReaderIndex(forwardBy: 1)
        return bytes
    }

    mutating func writeNullTerminated(_ string: String) {
        writeString(string)
        writeInteger(UInt8(0))
    }

    /// Writes a typed message: type, length, body.
    mutating func writeMessage(_ type: UInt8, _ body: (inout ByteBuffer) -> Void) {
        writeInteger(type)
        let lengthIndex = writerIndex
        writeInteger(Int32(0))
        body(&self)
        setInteger(Int32(writerIndex - lengthIndex), at: lengthIndex)
    }
}

/// The messages the guard writes itself.
enum Messages {
    /// An ErrorResponse with severity, SQLSTATE, message and hint.
    static func error(_ allocator: ByteBufferAllocator, sqlState: String, message: String, hint: String? = nil, fatal: Bool = false)
        -> ByteBuffer
    {
        var buffer = allocator.buffer(capacity: 64 + message.utf8.count)
        buffer.writeMessage(UInt8(ascii: "E")) { body in
            let severity = fatal ? "FATAL" : "ERROR"
            body.writeInteger(UInt8(ascii: "S"))
            body.writeNullTerminated(severity)
            body.writeInteger(UInt8(ascii: "V"))
            body.writeNullTerminated(severity)
            body.writeInteger(UInt8(ascii: "C"))
            body.writeNullTerminated(sqlState)
            body.writeInteger(UInt8(ascii: "M"))
            body.writeNullTerminated(message)
            if let hint {
                body.writeInteger(UInt8(ascii: "H"))
                body.writeNullTerminated(hint)
            }
            body.writeInteger(UInt8(0))
        }
        return buffer
    }

    static func query(_ allocator: ByteBufferAllocator, _ sql: String) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: sql.utf8.count + 6)
        buffer.writeMessage(UInt8(ascii: "Q")) { $0.writeNullTerminated(sql) }
        return buffer
    }

    /// Execute of a portal that does not exist: the server answers with an error in sequence,
    /// discards the rest of the batch and rolls back its implicit transaction.
    static let poisonPortal = "__blastwall_refused__"

    static func poisonExecute(_ allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32)
        buffer.writeMessage(UInt8(ascii: "E")) { body in
            body.writeNullTerminated(poisonPortal)
            body.writeInteger(Int32(0))
        }
        return buffer
    }

    static func startup(_ allocator: ByteBufferAllocator, version: Int32, parameters: [(String, String)]) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 128)
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(version)
        for (name, value) in parameters {
            buffer.writeNullTerminated(name)
            buffer.writeNullTerminated(value)
        }
        buffer.writeInteger(UInt8(0))
        buffer.setInteger(Int32(buffer.readableBytes), at: 0)
        return buffer
    }

    /// The SQLSTATE and message fields of an ErrorResponse body.
    static func errorFields(_ body: ByteBuffer) -> [UInt8: String] {
        var body = body
        var fields: [UInt8: String] = [:]
        while let code = body.readInteger(as: UInt8.self), code != 0 {
            guard let value = body.readNullTerminatedString() else { break }
            fields[code] = value
        }
        return fields
    }

    /// The statement a blocked simple Query is replaced with: the server raises our error itself,
    /// so transaction status and rollback are exactly PostgreSQL's.
    static func raising(sqlState: String, message: String, hint: String?) -> String {
        func literal(_ text: String) -> String { "'" + text.replacingQuotes + "'" }
        var tag = "blastwall"
        while message.contains("$\(tag)$") || (hint ?? "").contains("$\(tag)$") { tag += "_" }
        let hintPart = hint.map { ", HINT = \(literal($0))" } ?? ""
        return
            "DO $\(tag)$ BEGIN RAISE EXCEPTION USING ERRCODE = '\(sqlState)', MESSAGE = \(literal(message))\(hintPart); END $\(tag)$"
    }
}

extension String {
    /// Single quotes doubled, for a standard SQL string literal.
    var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "'" { result.append("''") } else { result.append(character) }
        }
        return result
    }
}

/// Runs the client-side framing and the field readers over arbitrary bytes, as a fuzz target
/// does: it must end in a message, a need for more bytes or a WireError, never a crash or a hang.
public enum WireFuzzing {
    public static func frontend(_ bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        var decoder = FrontendDecoder(maximumMessageLength: 1 << 16)
        while true {
            let message: FrontendMessage?
            do { message = try decoder.next(&buffer) } catch { return }
            guard let message else { return }
            if case .message(let type, var body, _) = message {
                switch type {
                case UInt8(ascii: "Q"): _ = body.readNullTerminatedBytes()
                case UInt8(ascii: "P"), UInt8(ascii: "B"):
                    _ = body.readNullTerminatedString()
                    _ = body.readNullTerminatedBytes()
                default: _ = Messages.errorFields(body)
                }
            }
        }
    }
}

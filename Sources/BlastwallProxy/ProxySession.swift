import BlastwallCore
import BlastwallSQL
import NIOCore
import NIOPosix

/// One client's session: a connection to the server of its own, authentication passed through
/// byte for byte, and every statement judged before it reaches the server.
///
/// Client bytes are framed in place and go on as one slice of the bytes received, up to the first
/// message the guard replaces or drops. Query, Parse and FunctionCall, and every message while a
/// refusal is pending, are read first; Bind, Execute, Sync, Describe … while nothing is refused
/// are not read at all.
final class ClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let configuration: ProxyConfiguration
    let statementGuard: StatementGuard

    private var client: ChannelHandlerContext?
    private var upstream: (any Channel)?
    /// Bytes for the server written before its connection was up.
    private var queued: [ByteBuffer] = []
    private var user = "unknown"
    /// Authentication is done once the server first says ReadyForQuery.
    private var authenticated = false
    private var transactionStatus = UInt8(ascii: "I")
    private var session = SQLSession()
    /// Prepared statements refused at Parse, by name: a Bind to one is refused again.
    private var refusedStatements: [String: (sqlState: String, message: String, hint: String?)] = [:]
    /// After a refused extended-protocol message, everything up to Sync is dropped, as the
    /// server itself does after an error.
    private var discardingUntilSync = false
    /// Our errors for the poison Executes sent, in order: each replaces the server's
    /// "portal does not exist" answer to one of them.
    private var poisonErrors: [ByteBuffer] = []
    private var encodingIsUTF8 = true
    /// The server reads `'…\'` as PostgreSQL's parser here does (standard_conforming_strings on,
    /// as the server reports it). Off — in postgresql.conf, or set for a role or database — a
    /// backslash would end a string literal somewhere else for the server than for the guard.
    private var standardStrings = true
    /// What the server reports for default_transaction_read_only (PostgreSQL 14 and later).
    private var serverReadOnly = true
    private var closed = false
    private var decoder: FrontendDecoder
    /// The start of a message whose end has not arrived yet.
    private var carried: ByteBuffer?

    init(configuration: ProxyConfiguration, statementGuard: StatementGuard) {
        self.configuration = configuration
        self.statementGuard = statementGuard
        decoder = FrontendDecoder(maximumMessageLength: configuration.maximumMessageBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        client = context
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        upstream?.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Malformed or oversized input ends this session, cleanly and with a reason.
        closed = true
        if let error = error as? WireError {
            refuseConnection(error.sqlState, error.message, context: context)
        } else {
            context.close(promise: nil)
        }
        upstream?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        // Taken out of `self` before appending, so the bytes are not copied again on every read.
        if var carried = self.carried {
            self.carried = nil
            carried.writeBuffer(&buffer)
            buffer = carried
        }
        // Where the run of messages that go on untouched began: sliced from `received`, as
        // reading moves `buffer` past it.
        let received = buffer
        var run: Int?
        func forwardRun(upTo end: Int) {
            if let start = run, end > start { send(received.getSlice(at: start, length: end - start)!) }
            run = nil
        }
        while !closed {
            let start = buffer.readerIndex
            let message: FrontendMessage
            do {
                guard let next = try decoder.next(&buffer) else { break }
                message = next
            } catch {
                forwardRun(upTo: start)
                errorCaught(context: context, error: error)
                return
            }
            guard case .message(let type, let body, _) = message else {
                forwardRun(upTo: start)
                handle(message, context: context)
                continue
            }
            switch looksAt(type) ? frontend(type: type, body: body, context: context) : .asIs {
            case .asIs:
                run = run ?? start
            case .instead(let replacement):
                forwardRun(upTo: start)
                send(replacement)
            case .nothing:
                forwardRun(upTo: start)
            }
        }
        forwardRun(upTo: buffer.readerIndex)
        if buffer.readableBytes > 0, !closed { carried = buffer }
    }

    /// Whether a typed client message needs reading before it goes on.
    private func looksAt(_ type: UInt8) -> Bool {
        // Password, SASL and GSS messages go through untouched: no secret stays here. Anything
        // else before the server has accepted the login is refused (it would run unjudged).
        guard authenticated else { return type != UInt8(ascii: "p") }
        if discardingUntilSync { return true }
        switch type {
        case UInt8(ascii: "Q"), UInt8(ascii: "P"), UInt8(ascii: "F"): return true
        case UInt8(ascii: "B"), UInt8(ascii: "C"): return !refusedStatements.isEmpty
        default: return false
        }
    }

    private func handle(_ message: FrontendMessage, context: ChannelHandlerContext) {
        switch message {
        case .sslRequest, .gssEncRequest:
            // No TLS between client and proxy (yet): 'N', and the client goes on in the clear or gives up.
            var answer = context.channel.allocator.buffer(capacity: 1)
            answer.writeInteger(UInt8(ascii: "N"))
            context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
        case .cancel(let raw):
            forwardCancel(raw, context: context)
        case .startup(let version, let parameters):
            startup(version: version, parameters: parameters, context: context)
        case .message:
            break  // framed by channelRead
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upstream?.flush()
        context.fireChannelReadComplete()
    }

    // MARK: - Startup

    private func startup(version: Int32, parameters: [(String, String)], context: ChannelHandlerContext) {
        var parameters = parameters
        user = parameters.first { $0.0 == "user" }?.1 ?? "unknown"
        if let replication = parameters.first(where: { $0.0 == "replication" })?.1,
            !["false", "off", "no", "0"].contains(replication.lowercased())
        {
            refuseConnection("0A000", "replication connections are refused by the Blastwall proxy", context: context)
            return
        }
        if let encoding = parameters.first(where: { $0.0 == "client_encoding" })?.1,
            !["utf8", "utf-8", "unicode"].contains(encoding.lowercased())
        {
            refuseConnection(
                "0A000", "the Blastwall proxy reads SQL as UTF-8; client_encoding \(encoding) is refused", context: context)
            return
        }
        if configuration.readOnly {
            // A parameter of its own, which the server applies after `options`: a client's
            // `default_transaction_read_only=off`, separate or in `options`, does not win.
            parameters.removeAll { $0.0 == "default_transaction_read_only" }
            parameters.append(("default_transaction_read_only", "on"))
        }
        send(Messages.startup(context.channel.allocator, version: version, parameters: parameters))
        connectUpstream(context: context)
    }

    private func refuseConnection(_ sqlState: String, _ message: String, context: ChannelHandlerContext) {
        closed = true
        context.writeAndFlush(wrapOutboundOut(Messages.error(context.channel.allocator, sqlState: sqlState, message: message, fatal: true)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func connectUpstream(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(BackendHandler(client: bound.value))
                }
            }
            .connect(host: configuration.upstream.host, port: configuration.upstream.port)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    guard !closed else {
                        channel.close(promise: nil)
                        return
                    }
                    upstream = channel
                    for buffer in queued { channel.write(buffer, promise: nil) }
                    queued = []
                    channel.flush()
                case .failure(let error):
                    refuseConnection(
                        "08006", "the Blastwall proxy could not reach the server at \(configuration.upstream): \(error)", context: context)
                }
            }
    }

    private func forwardCancel(_ raw: ByteBuffer, context: ChannelHandlerContext) {
        ClientBootstrap(group: context.eventLoop)
            .connect(host: configuration.upstream.host, port: configuration.upstream.port)
            .assumeIsolated()
            .whenComplete { result in
                if case .success(let channel) = result {
                    channel.writeAndFlush(raw).assumeIsolated().whenComplete { _ in channel.close(promise: nil) }
                }
                context.close(promise: nil)
            }
    }

    // MARK: - Client messages

    private func send(_ buffer: ByteBuffer) {
        if let upstream { upstream.write(buffer, promise: nil) } else { queued.append(buffer) }
    }

    /// What becomes of a client message the guard reads.
    enum Outcome {
        /// It goes on as received.
        case asIs
        case instead(ByteBuffer)
        case nothing
    }

    private func frontend(type: UInt8, body: ByteBuffer, context: ChannelHandlerContext) -> Outcome {
        let allocator = context.channel.allocator
        guard authenticated else {
            errorCaught(
                context: context,
                error: WireError(
                    sqlState: "08P01",
                    message: "Blastwall refuses a \(Character(UnicodeScalar(type))) message sent before the login completed"))
            return .nothing
        }
        switch type {
        case UInt8(ascii: "S"):
            discardingUntilSync = false
            return .asIs
        case _ where discardingUntilSync:
            // The server is skipping to Sync after our poison; so do we.
            return .nothing
        case UInt8(ascii: "Q"):
            var reader = body
            guard let bytes = reader.readNullTerminatedBytes() else {
                errorCaught(context: context, error: WireError(sqlState: "08P01", message: "a Query message without its terminating NUL"))
                return .nothing
            }
            switch judge(bytes) {
            case .forward(let rewritten):
                return rewritten.map { .instead(Messages.query(allocator, $0)) } ?? .asIs
            case .refuse(let sqlState, let message, let hint):
                return .instead(Messages.query(allocator, Messages.raising(sqlState: sqlState, message: message, hint: hint)))
            }
        case UInt8(ascii: "P"):
            var reader = body
            guard let name = reader.readNullTerminatedString(), let bytes = reader.readNullTerminatedBytes() else {
                errorCaught(context: context, error: WireError(sqlState: "08P01", message: "a malformed Parse message"))
                return .nothing
            }
            switch judge(bytes) {
            case .forward(rewritten: nil):
                refusedStatements[name] = nil
                return .asIs
            case .forward(rewritten: .some(_)):
                // An approved write in a read-only session needs its own read-write transaction,
                // which only a simple Query can open.
                return refuse(
                    name: name, sqlState: "25006",
                    message: "Blastwall: this write is approved, but a read-only session can only run it as a simple query",
                    hint: "Send it without parameters (simple query protocol)", context: context)
            case .refuse(let sqlState, let message, let hint):
                return refuse(name: name, sqlState: sqlState, message: message, hint: hint, context: context)
            }
        case UInt8(ascii: "B"):
            var reader = body
            _ = reader.readNullTerminatedString()
            let statement = reader.readNullTerminatedString() ?? ""
            guard let refusal = refusedStatements[statement] else { return .asIs }
            return refuse(name: nil, sqlState: refusal.sqlState, message: refusal.message, hint: refusal.hint, context: context)
        case UInt8(ascii: "C"):
            var reader = body
            if reader.readInteger(as: UInt8.self) == UInt8(ascii: "S"), let name = reader.readNullTerminatedString() {
                refusedStatements[name] = nil
            }
            return .asIs
        case UInt8(ascii: "F"):
            // FunctionCall names a function by OID, with no SQL to judge.
            return .instead(
                Messages.query(
                    allocator,
                    Messages.raising(
                        sqlState: "0A000", message: "Blastwall refuses the FunctionCall protocol message: it carries no SQL to judge",
                        hint: "Call the function from a SELECT")))
        default:
            return .asIs
        }
    }

    private func judge(_ bytes: [UInt8]) -> Judgement {
        guard encodingIsUTF8 else {
            return .refuse(sqlState: "0A000", message: "Blastwall reads SQL as UTF-8 and the session's client_encoding is not", hint: nil)
        }
        guard !configuration.readOnly || serverReadOnly else {
            return .refuse(
                sqlState: "25006", message: "Blastwall: the server reports this read-only session as read-write", hint: nil)
        }
        guard standardStrings else {
            return .refuse(
                sqlState: "0A000",
                message: "Blastwall reads SQL with standard_conforming_strings on, and the server runs this session with it off",
                hint: "Turn standard_conforming_strings on for this role and database (it is PostgreSQL's default)")
        }
        guard let sql = String(validating: bytes, as: UTF8.self) else {
            return .refuse(sqlState: "22021", message: "Blastwall refuses a statement that is not valid UTF-8", hint: nil)
        }
        if bytes.count > configuration.maximumStatementBytes {
            return .refuse(
                sqlState: "54000", message: "Blastwall refuses a statement longer than \(configuration.maximumStatementBytes) bytes",
                hint: nil)
        }
        return statementGuard.judge(
            sql, session: &session, user: user, inTransactionBlock: transactionStatus != UInt8(ascii: "I"))
    }

    /// Refuses an extended-protocol message: a poison Execute makes the server fail the batch in
    /// sequence (rolling back its implicit transaction), and its error is swapped for ours.
    private func refuse(name: String?, sqlState: String, message: String, hint: String?, context: ChannelHandlerContext) -> Outcome {
        if let name { refusedStatements[name] = (sqlState, message, hint) }
        poisonErrors.append(Messages.error(context.channel.allocator, sqlState: sqlState, message: message, hint: hint))
        discardingUntilSync = true
        return .instead(Messages.poisonExecute(context.channel.allocator))
    }

    // MARK: - Server messages

    /// Reads a server message the guard looks at: what the client gets instead, or nil when the
    /// message goes on as it is (in the run of bytes around it).
    func backend(_ message: BackendMessage) -> ByteBuffer? {
        switch message.type {
        case UInt8(ascii: "Z"):
            authenticated = true
            transactionStatus = message.body.getInteger(at: message.body.readerIndex, as: UInt8.self) ?? transactionStatus
        case UInt8(ascii: "E") where !poisonErrors.isEmpty:
            let fields = Messages.errorFields(message.body)
            if fields[UInt8(ascii: "C")] == "34000", fields[UInt8(ascii: "M")]?.contains(Messages.poisonPortal) == true {
                return poisonErrors.removeFirst()
            }
        case UInt8(ascii: "S"):
            var reader = message.body
            let name = reader.readNullTerminatedString()
            let value = reader.readNullTerminatedString()?.lowercased() ?? ""
            switch name {
            case "client_encoding": encodingIsUTF8 = ["utf8", "unicode"].contains(value)
            case "standard_conforming_strings": standardStrings = value == "on"
            case "default_transaction_read_only": serverReadOnly = value == "on"
            default: break
            }
        default:
            break
        }
        return nil
    }

    /// Whether a server message needs a look before it goes on.
    func inspects(_ type: UInt8) -> Bool {
        type == UInt8(ascii: "Z") || type == UInt8(ascii: "S") || (type == UInt8(ascii: "E") && !poisonErrors.isEmpty)
    }

    /// Server bytes that go to the client as they are.
    func forward(_ bytes: ByteBuffer) {
        client?.write(wrapOutboundOut(bytes), promise: nil)
    }

    func backendReadComplete() {
        client?.flush()
    }

    func backendClosed() {
        // The server went away: this session ends, the others go on.
        client?.close(promise: nil)
    }
}

/// The server's side of a session. Server messages are framed in place and forwarded as one
/// slice of the bytes received; ReadyForQuery, ParameterStatus and (while a refusal is pending)
/// ErrorResponse are read on the way, and only the error answering a poison Execute is replaced.
final class BackendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let client: ClientHandler
    /// The start of a message whose end has not arrived yet.
    private var carried: ByteBuffer?

    init(client: ClientHandler) {
        self.client = client
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        // Taken out of `self` before appending, so the bytes are not copied again on every read.
        if var carried = self.carried {
            self.carried = nil
            carried.writeBuffer(&buffer)
            buffer = carried
        }
        var start = buffer.readerIndex
        var index = start
        while index + 5 <= buffer.writerIndex {
            guard let type = buffer.getInteger(at: index, as: UInt8.self), let length = buffer.getInteger(at: index + 1, as: Int32.self),
                length >= 4
            else {
                // The server does not send this; treat the connection as broken.
                context.close(promise: nil)
                return
            }
            let end = index + 1 + Int(length)
            guard end <= buffer.writerIndex else { break }
            if client.inspects(type),
                let replacement = client.backend(BackendMessage(type: type, body: buffer.getSlice(at: index + 5, length: Int(length) - 4)!))
            {
                if index > start { client.forward(buffer.getSlice(at: start, length: index - start)!) }
                client.forward(replacement)
                start = end
            }
            index = end
        }
        if index > start { client.forward(buffer.getSlice(at: start, length: index - start)!) }
        if index < buffer.writerIndex {
            buffer.moveReaderIndex(to: index)
            carried = buffer
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client.backendReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.backendClosed()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

import BlastwallCore
import BlastwallStore
import NIOCore
import NIOPosix
import Synchronization

/// A host and port, as written on the command line (`127.0.0.1:6432`, `[::1]:5432`; `:6432` is
/// loopback).
public struct HostPort: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ProxyConfiguration: Sendable {
    public var listen: HostPort
    public var upstream: HostPort
    public var environment: String?
    /// Agent sessions are read-only unless a grant says otherwise.
    public var readOnly: Bool
    /// The longest statement the guard reads (longer ones are refused with 54000).
    public var maximumStatementBytes: Int
    /// The longest protocol message accepted from a client before the session is closed.
    public var maximumMessageBytes: Int

    public init(
        listen: HostPort, upstream: HostPort, environment: String?, readOnly: Bool = true, maximumStatementBytes: Int = 1 << 20,
        maximumMessageBytes: Int = 64 << 20
    ) {
        self.listen = listen
        self.upstream = upstream
        self.environment = environment
        self.readOnly = readOnly
        self.maximumStatementBytes = maximumStatementBytes
        self.maximumMessageBytes = maximumMessageBytes
    }
}

/// The PostgreSQL guard: accepts clients and gives each a session of its own.
public final class ProxyServer: Sendable {
    let configuration: ProxyConfiguration
    let statementGuard: StatementGuard
    let group: MultiThreadedEventLoopGroup
    private let listening = Mutex<(any Channel)?>(nil)

    public static var defaultThreads: Int { System.coreCount }

    /// `storePath` nil: no audit log and no grants (every stopped statement stays stopped).
    /// `trust`: the approver keys grants are verified against (the trust root's).
    public init(
        configuration: ProxyConfiguration, policy: Policy, storePath: String?,
        trust: @escaping @Sendable () -> TrustedKeys = { TrustedKeys() },
        threads: Int = System.coreCount
    ) throws {
        self.configuration = configuration
        _ = try policy.forcedEnvironment(configuration.environment)
        let recorder = try storePath.map { path throws(StoreError) in try ProxyRecorder(storePath: path, policy: policy, trust: trust) }
        statementGuard = StatementGuard(
            policy: policy, environment: configuration.environment, readOnly: configuration.readOnly, recorder: recorder)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// Binds the listening socket; returns the port it listens on.
    @discardableResult
    public func start() throws -> Int {
        let channel = try bind()
        listening.withLock { $0 = channel }
        return channel.localAddress?.port ?? configuration.listen.port
    }

    /// Blocks until the listening socket closes.
    public func wait() throws {
        try listening.withLock { $0 }?.closeFuture.wait()
    }

    func bind() throws -> any Channel {
        let configuration = configuration
        let statementGuard = statementGuard
        return try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ClientHandler(configuration: configuration, statementGuard: statementGuard))
                }
            }
            .bind(host: configuration.listen.host, port: configuration.listen.port)
            .wait()
    }

    /// Writes every allowed statement still waiting for its group commit.
    public func flush() throws {
        try statementGuard.recorder?.flush()
    }

    public func shutdown() throws {
        try flush()
        try listening.withLock { $0 }?.close().wait()
        try group.syncShutdownGracefully()
    }
}

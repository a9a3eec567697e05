import ArgumentParser
import BlastwallCore
import BlastwallProxy
import BlastwallStore
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy", abstract: "Guard a database on the wire: judge every statement before the server sees it.",
        subcommands: [PostgresProxy.self])
}

struct PostgresProxy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "A PostgreSQL session proxy that judges every statement before the server sees it.",
        discussion: """
            Point the agent's connection string at --listen; the proxy opens one server connection per client (no pooling) and passes authentication through byte for byte, so SCRAM works with no secret here. Every simple Query and every Parse is classified on PostgreSQL's own parser and judged by the policy for --env. Sessions are read-only by default: the server runs them with default_transaction_read_only=on and every way of turning it off is refused; writes need a grant (`blastwall approve`). A refused statement gets a PostgreSQL error (SQLSTATE 42501 for policy, 25006 for read-only) naming the rule, the session stays usable and the rest of its batch is rolled back. Replication connections and the FunctionCall message are refused; TLS is declined (the client goes on in the clear on loopback).

            Every decision is recorded in the audit log: refusals before the client hears them, allowed statements group-committed every 50 ms, at most 2,048 of them waiting.

            Examples:
              blastwall proxy postgres --upstream db.internal:5432 --env production
              blastwall proxy postgres --listen :6433 --upstream :5432 --env staging --read-write
            """)

    @Option(name: .long, help: ArgumentHelp("Where clients connect (`:port` is loopback).", valueName: "host:port"))
    var listen: String = "127.0.0.1:6432"

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL server.", valueName: "host:port"))
    var upstream: String

    @OptionGroup var target: EnvironmentOptions

    @Flag(name: .long, help: "Let the policy decide writes instead of starting every session read-only.")
    var readWrite = false

    @Flag(name: .long, help: "Keep no audit log (and so apply no grant).")
    var noLog = false

    @Option(name: .long, help: "Refuse statements longer than this many bytes (SQLSTATE 54000).")
    var maxStatementBytes = 1 << 20

    @Option(name: .long, help: "Event-loop threads (default: one per core).")
    var threads: Int?

    func run() throws {
        guard let listenAddress = HostPort(listen) else { throw fail("--listen takes host:port, got '\(listen)'") }
        guard let upstreamAddress = HostPort(upstream) else { throw fail("--upstream takes host:port, got '\(upstream)'") }
        let workspace = Workspace(cwd: nil)
        let policy: Policy
        do {
            policy = try workspace.loadPolicy(extra: target.policy)
        } catch {
            throw fail("the policy could not be loaded: \(error)")
        }
        if !noLog {
            do {
                try SystemIO.createDirectories(workspace.stateDirectory)
            } catch {
                throw fail("cannot create \(workspace.stateDirectory): \(error)")
            }
        }
        let configuration = ProxyConfiguration(
            listen: listenAddress, upstream: upstreamAddress, environment: target.env, readOnly: !readWrite,
            maximumStatementBytes: maxStatementBytes)
        let server: ProxyServer
        let port: Int
        do {
            server = try ProxyServer(
                configuration: configuration, policy: policy, storePath: noLog ? nil : workspace.storePath,
                trust: { [system = workspace.trustDirectory, user = workspace.configDirectory] in
                    (try? TrustRoot.load(system: system, user: user).keys) ?? TrustedKeys(source: "the trust root could not be read")
                },
                threads: threads ?? ProxyServer.defaultThreads)
            port = try server.start()
        } catch {
            throw fail("the proxy could not start: \(error)")
        }
        SystemIO.writeStandardError(
            "blastwall proxy: listening on \(listenAddress.host):\(port), forwarding to \(upstreamAddress); environment \(target.env ?? "from policy (unknown)"), \(readWrite ? "read-write by policy" : "read-only sessions")\n"
        )
        // SIGINT and SIGTERM: write what is pending to the audit log, then stop.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "blastwall.proxy.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                do {
                    try server.shutdown()
                } catch {
                    SystemIO.writeStandardError("blastwall proxy: error: \(error)\n")
                    Glibc.exit(1)
                }
                Glibc.exit(0)
            }
            source.resume()
            sources.append(source)
        }
        try server.wait()
        _ = sources
    }
}

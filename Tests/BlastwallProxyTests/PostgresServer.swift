import Foundation

/// A throw-away PostgreSQL 15 cluster on loopback with SCRAM authentication, started once for
/// the suite and stopped when the test process exits. Missing binaries fail the tests loudly
/// (scripts/test.sh installs them).
final class PostgresServer: Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    static let password = "blastwall-test"

    let directory: String
    let port: Int

    /// Started on first use, outside any static initializer (a child process waited for inside
    /// one can deadlock the runtime's once-lock).
    static func shared() throws -> PostgresServer {
        try sharedLock.withLock { slot in
            if let slot { return try slot.get() }
            let result: Result<PostgresServer, ServerError>
            do { result = .success(try PostgresServer()) } catch let error as ServerError { result = .failure(error) } catch {
                result = .failure(ServerError(message: "\(error)"))
            }
            slot = result
            return try result.get()
        }
    }

    static let sharedLock = Locked<Result<PostgresServer, ServerError>?>(nil)

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw ServerError(
                message: "PostgreSQL 15 is not installed (\(Self.binaries)/initdb); run scripts/setup.sh or apt-get install postgresql-15")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-pg-\(UUID().uuidString)").path
        port = Int.random(in: 20_000...45_000)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let passwordFile = directory + ".pw"
        try Self.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
        if getuid() == 0 {
            try Self.run("/bin/chown", ["postgres", directory, passwordFile])
        }
        try Self.asOwner(Self.binaries + "/initdb", ["-D", directory, "-A", "scram-sha-256", "--pwfile", passwordFile, "-U", "postgres"])
        // The server outlives pg_ctl: its output goes to the log, not to a pipe nobody reads.
        try Self.asOwner(
            Self.binaries + "/pg_ctl", detached: true,
            [
                "-D", directory, "-w", "-l", directory + "/server.log", "-o",
                "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
            ])
        let directoryCopy = directory
        Self.cleanup.withLock { $0.append(directoryCopy) }
        atexit {
            for directory in PostgresServer.cleanup.withLock({ $0 }) {
                try? PostgresServer.asOwner(PostgresServer.binaries + "/pg_ctl", ["-D", directory, "-m", "immediate", "stop"])
                try? FileManager.default.removeItem(atPath: directory)
                try? FileManager.default.removeItem(atPath: directory + ".pw")
            }
        }
    }

    static let cleanup = Locked<[String]>([])

    static func asOwner(_ program: String, detached: Bool = false, _ arguments: [String]) throws {
        if getuid() == 0 {
            try run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments, detached: detached)
        } else {
            try run(program, arguments, detached: detached)
        }
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil, detached: Bool = false) throws
        -> String
    {
        if detached {
            try spawnAndWait(program, arguments)
            return ""
        }
        let (status, text) = try capture(program, arguments, environment: environment)
        guard status == 0 else {
            throw ServerError(message: "\(program) \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
    }

    /// Runs a program to its end; its exit status and what it printed on either stream.
    static func capture(_ program: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a program that leaves a daemon behind (pg_ctl start), output discarded. Waited for
    /// with waitpid, not Foundation's Process: the daemon inherits Foundation's descriptors, and
    /// Process would wait for them to close.
    static func spawnAndWait(_ program: String, _ arguments: [String]) throws {
        var pid: pid_t = 0
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ServerError(message: "\(program) could not be started (\(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw ServerError(message: "\(program) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
    }

    /// psql against `port` (the server's own, or a proxy's), as the postgres user.
    func psql(port: Int, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Self.capture(
            "/usr/bin/psql",
            ["-X", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-v", "VERBOSITY=verbose"] + arguments,
            environment: ["PGPASSWORD": Self.password, "PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "5"])
    }
}

/// A value behind a lock, for test fixtures shared across tests.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

import Foundation

/// Runs the built `blastwall` binary as a real process, in a scratch home directory.
struct CLI {
    let home: URL
    let stateDirectory: URL

    static let binary: URL = {
        // The test runner sits in the same build folder as the blastwall executable.
        let runner = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var directory = runner.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("blastwall").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("blastwall")
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-test-\(UUID().uuidString)")
        stateDirectory = home.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// `fileSizeLimitKiB` runs the binary under `ulimit -f` with SIGXFSZ ignored, so a write past
    /// the limit fails the way a write to a full disk does.
    @discardableResult
    func run(
        _ arguments: [String], input: Data? = nil, cwd: URL? = nil, environment extra: [String: String] = [:], fileSizeLimitKiB: Int? = nil,
        executable: String? = nil
    ) throws -> Result {
        let process = Process()
        if let executable {
            // Another program runs blastwall (or a shell) itself: `setpriv` as another user.
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else if let fileSizeLimitKiB {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(fileSizeLimitKiB); exec \"$0\" \"$@\"", Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        var environment = ["HOME": home.path, "BLASTWALL_HOME": stateDirectory.path, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        environment.merge(extra) { $1 }
        process.environment = environment
        process.currentDirectoryURL = cwd ?? home
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self))
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    func write(_ text: String, to relative: String) throws -> URL {
        let url = home.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    }
}

import BlastwallCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few system calls the CLI needs, without Foundation (which would double the hook's start-up
/// time). Errors carry the path and the system's own message.
public enum SystemIO {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    static func lastError(_ path: String) -> Failure {
        Failure(path: path, message: String(cString: strerror(errno)))
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    public static func environmentVariables() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This machine's host name (`gethostname`), nil when it cannot be read.
    public static func hostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    public static func homeDirectory() -> String {
        if let home = environment("HOME"), !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    public static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// The first executable named `program` on PATH.
    public static func findOnPath(_ program: String, environment: [String: String]) -> String? {
        if program.contains("/") { return isExecutable(program) ? program : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { isExecutable($0) && !isDirectory($0) }
    }

    /// The names in a directory (without `.` and `..`), sorted.
    public static func listDirectory(_ path: String) throws(Failure) -> [String] {
        guard let directory = opendir(path) else { throw lastError(path) }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw lastError(path) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Reads a whole file; nil if it does not exist, an error if it cannot be read or exceeds `limit`.
    public static func readFile(_ path: String, limit: Int = 64 << 20) throws(Failure) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw lastError(path)
        }
        defer { close(descriptor) }
        return try readAll(descriptor, path: path, limit: limit)
    }

    /// The first `bytes` bytes of a file (all of it when shorter); nil when it does not exist.
    public static func readHead(_ path: String, bytes: Int) throws(Failure) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw lastError(path)
        }
        defer { close(descriptor) }
        var result = [UInt8](repeating: 0, count: bytes)
        var filled = 0
        while filled < bytes {
            let count = result.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, bytes - filled) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw lastError(path) }
            if count == 0 { break }
            filled += count
        }
        return String(decoding: result[0..<filled], as: UTF8.self)
    }

    /// The last `bytes` bytes of a file (all of it when shorter); nil when it does not exist.
    public static func readTail(_ path: String, bytes: Int) throws(Failure) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw lastError(path)
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, Int(status.st_size) > bytes {
            lseek(descriptor, off_t(Int(status.st_size) - bytes), SEEK_SET)
        }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: bytes)
        while result.count < bytes * 2 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw lastError(path) }
            if count == 0 { break }
            result += chunk[0..<count]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Where an existing path really leads, every symbolic link followed; nil when it does not exist.
    @Sendable public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The text of a script file a command runs, for analysis: a regular file of at most 256 KiB
    /// (a larger one is said to be too large, so it is opaque; anything else is left to the
    /// command line).
    @Sendable public static func readScript(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        guard info.st_size <= 256 << 10 else { return AnalysisContext.scriptTooLarge }
        return try? readText(path, limit: 256 << 10)
    }

    /// The text of the last error (`errno`).
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Marks an open file append-only (`chattr +a`): writes can only add to its end, and nobody
    /// but root can lift the flag. False when the file system does not support it.
    static func setAppendOnly(_ descriptor: Int32) -> Bool {
        var flags: Int32 = 0
        // FS_IOC_GETFLAGS / FS_IOC_SETFLAGS, FS_APPEND_FL (linux/fs.h).
        guard ioctl(descriptor, UInt(0x8008_6601), &flags) == 0 else { return false }
        flags |= 0x20
        return ioctl(descriptor, UInt(0x4008_6602), &flags) == 0
    }

    /// Runs `body` holding an exclusive `flock` on `lockPath` (created when missing).
    static func withLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw lastError(lockPath) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { throw lastError(lockPath) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    public static func readText(_ path: String, limit: Int = 64 << 20) throws(Failure) -> String? {
        guard let bytes = try readFile(path, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func readAll(_ descriptor: Int32, path: String, limit: Int) throws(Failure) -> [UInt8] {
        var result: [UInt8] = []
        // A regular file's size is known: read it straight into the result, in one piece, instead
        // of growing a buffer chunk by chunk (the loop below still reads anything appended since).
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 {
            let size = Int(status.st_size)
            guard size <= limit else { throw Failure(path: path, message: "larger than the limit of \(limit) bytes") }
            var failure: Failure?
            result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while initialized < size {
                    let count = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { failure = lastError(path) }
                    if count <= 0 { break }
                    initialized += count
                }
            }
            if let failure { throw failure }
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw lastError(path)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
            if result.count > limit {
                throw Failure(path: path, message: "larger than the limit of \(limit) bytes")
            }
        }
        return result
    }

    public static func readStandardInput(limit: Int) throws(Failure) -> [UInt8] {
        try readAll(0, path: "standard input", limit: limit)
    }

    public static func createDirectories(_ path: String) throws(Failure) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw lastError(current) }
        }
    }

    public static func parentDirectory(_ path: String) -> String {
        let parent = Paths.parent(path)
        return parent.isEmpty ? "." : parent
    }

    /// Writes a file by writing a temporary file beside it, syncing it, and renaming it into
    /// place, so a crash leaves either the old file or the new one.
    public static func writeFileAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(Failure) {
        try createDirectories(parentDirectory(path))
        let temporary = path + ".blastwall-tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw lastError(temporary) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let failure = lastError(temporary)
                close(descriptor)
                unlink(temporary)
                throw failure
            }
            offset += written
        }
        if fsync(descriptor) != 0 {
            let failure = lastError(temporary)
            close(descriptor)
            unlink(temporary)
            throw failure
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let failure = lastError(path)
            unlink(temporary)
            throw failure
        }
    }

    /// Appends one record under an exclusive lock with a single write, so concurrent writers
    /// never interleave and a killed process leaves at most a torn last line (which readers skip).
    public static func appendLocked(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        try createDirectories(parentDirectory(path))
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw lastError(path) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { throw lastError(path) }
        }
        defer { flock(descriptor, LOCK_UN) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw lastError(path)
            }
            offset += written
        }
    }

    public static func writeStandardOutput(_ text: String) { write(1, text) }
    public static func writeStandardError(_ text: String) { write(2, text) }

    static func write(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Seconds since the epoch, with milliseconds.
    public static func now() -> (seconds: Int, milliseconds: Int) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return (time.tv_sec, time.tv_nsec / 1_000_000)
    }

    /// `2026-11-25T09:30:00.123Z`.
    public static func timestamp() -> String {
        let (seconds, milliseconds) = now()
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(milliseconds), 3))Z"
    }

    /// The absolute path of the running executable.
    public static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments.first ?? "blastwall"
    }
}

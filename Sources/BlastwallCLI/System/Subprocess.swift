#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a program to completion and collects what it prints, with a limit on output and on
/// time, so a hanging or runaway `terraform show` can never hold a hook forever.
enum Subprocess {
    struct Output {
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
        var timedOut: Bool
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// `program` is looked up on PATH unless it contains a `/`.
    static func run(
        _ program: String, _ arguments: [String], outputLimit: Int, timeoutSeconds: Int
    ) throws(LaunchError) -> Output {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw LaunchError(description: "cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for descriptor in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let argv = ([program] + arguments).map { strdup($0) }
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { buffer in
            posix_spawnp(&pid, program, &actions, nil, UnsafeMutablePointer(mutating: buffer.baseAddress!), environ)
        }
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw LaunchError(description: "cannot run \(program): \(String(cString: strerror(spawned)))")
        }
        var output = Output(status: -1, standardOutput: [], standardError: [], timedOut: false)
        var open = [outPipe[0], errPipe[0]]
        let deadline = SystemIO.now().seconds + timeoutSeconds
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let remaining = deadline - SystemIO.now().seconds
            if remaining <= 0 || output.standardOutput.count > outputLimit {
                output.timedOut = remaining <= 0
                kill(pid, SIGKILL)
                break
            }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == outPipe[0] {
                    output.standardOutput.append(contentsOf: chunk[0..<count])
                } else if output.standardError.count < 1 << 20 {
                    output.standardError.append(contentsOf: chunk[0..<count])
                }
            }
        }
        for descriptor in open { close(descriptor) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        output.status = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return output
    }
}

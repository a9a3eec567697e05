import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

/// If the hook process crashes (a trap, a stack overflow), the agent would see an ordinary
/// failure and run the command anyway. This handler answers deny instead: the reply is rendered
/// before any work starts, and the handler only calls write(2) and _exit(2).
enum CrashGuard {
    nonisolated(unsafe) static var standardOutput: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) static var standardError: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) static var alternateStack: UnsafeMutableRawPointer?

    static func arm(for agent: Agent) {
        let response = AgentHooks.respond(
            agent, decision: .deny, reason: "Blastwall crashed while checking this action, so it is denied")
        standardOutput = copy(response.standardOutput)
        standardError = copy(response.standardError)
        let size = 1 << 16
        alternateStack = malloc(size)
        var stack = stack_t()
        stack.ss_sp = alternateStack
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                if let out = CrashGuard.standardOutput { _ = write(1, out.baseAddress, out.count) }
                if let err = CrashGuard.standardError { _ = write(2, err.baseAddress, err.count) }
                _exit(2)
            }
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(signal, &action, nil)
        }
    }

    static func disarm() {
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(signal, &action, nil)
        }
    }

    static func copy(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
    }
}

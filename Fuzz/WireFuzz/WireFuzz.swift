import BlastwallProxy

#if canImport(Glibc)
    import Glibc
#endif

// libFuzzer target for the proxy's client-side message decoder. Build and run:
//   bash Fuzz/run.sh [seconds]
// Without -DFUZZING it replays the files named on the command line (crash inputs kept as
// regression cases).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    WireFuzzing.frontend(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
    /// libFuzzer's own entry for programs that keep their main (SwiftPM gives every executable one).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main struct WireFuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runDriver(&argc, &argv, fuzz))
        #else
            for path in CommandLine.arguments.dropFirst() {
                guard let file = fopen(path, "rb") else { continue }
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { bytes += chunk[..<count] }
                fclose(file)
                WireFuzzing.frontend(bytes)
                print("\(path): \(bytes.count) bytes decoded without a crash")
            }
        #endif
    }
}

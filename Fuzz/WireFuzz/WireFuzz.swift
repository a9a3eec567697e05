import BlastwallProxy

// libFuzzer entry point for the proxy's client-side message decoder. Build and run:
//   bash Fuzz/run.sh [seconds]
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    WireFuzzing.frontend(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !FUZZING
    #if canImport(Glibc)
        import Glibc
    #endif

    /// Without libFuzzer: replays the files named on the command line through the decoder, for
    /// crash inputs kept as regression cases.
    @main struct WireFuzzReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let file = fopen(path, "rb") else { continue }
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { bytes += chunk[..<count] }
                fclose(file)
                WireFuzzing.frontend(bytes)
                print("\(path): \(bytes.count) bytes decoded without a crash")
            }
        }
    }
#endif

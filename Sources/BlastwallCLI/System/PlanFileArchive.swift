import CZlib

/// Reads one member of a Terraform planfile, which is a zip archive (`tfplan`, `tfstate`,
/// `tfconfig/…`). Only what the plan identity needs: the central directory, stored and deflated
/// members. Anything unexpected gives nil, and the identity simply lacks lineage and serial.
struct PlanFileArchive {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The uncompressed bytes of the member `name`, at most 64 MiB.
    func entry(named name: String) -> [UInt8]? {
        guard let end = endOfCentralDirectory() else { return nil }
        let count = Int(u16(end + 10))
        var position = Int(u32(end + 16))
        let wanted = Array(name.utf8)
        for _ in 0..<count {
            guard position + 46 <= bytes.count, u32(position) == 0x0201_4B50 else { return nil }
            let method = u16(position + 10)
            let compressed = Int(u32(position + 20))
            let size = Int(u32(position + 24))
            let nameLength = Int(u16(position + 28))
            let extraLength = Int(u16(position + 30))
            let commentLength = Int(u16(position + 32))
            let local = Int(u32(position + 42))
            guard position + 46 + nameLength <= bytes.count else { return nil }
            if Array(bytes[(position + 46)..<(position + 46 + nameLength)]) == wanted {
                return data(local: local, method: method, compressed: compressed, size: size)
            }
            position += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }

    private func data(local: Int, method: UInt16, compressed: Int, size: Int) -> [UInt8]? {
        guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50, size <= 64 << 20 else { return nil }
        let start = local + 30 + Int(u16(local + 26)) + Int(u16(local + 28))
        guard start + compressed <= bytes.count else { return nil }
        let payload = Array(bytes[start..<(start + compressed)])
        switch method {
        case 0: return payload
        case 8: return inflate(payload, size: size)
        default: return nil
        }
    }

    private func inflate(_ input: [UInt8], size: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        return output
    }

    private func endOfCentralDirectory() -> Int? {
        guard bytes.count >= 22 else { return nil }
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while position >= lowest {
            if u32(position) == 0x0605_4B50 { return position }
            position -= 1
        }
        return nil
    }

    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
}

/// RFC 6962 / 9162 Merkle tree hashing over the audit records: leaf = SHA-256(0x00 ‖ record),
/// node = SHA-256(0x01 ‖ left ‖ right), the left subtree holding the largest power of two below
/// the size. The frontier keeps one hash per complete subtree on the right edge, so appending
/// and computing the root are O(log n) and a verifier sees the root at every size in one pass.
public struct MerkleFrontier: Sendable, Equatable {
    /// Complete subtrees, largest first, as (height, hash).
    private(set) var nodes: [(height: UInt8, hash: [UInt8])] = []
    public private(set) var size: Int64 = 0

    public init() {}

    public static func leafHash(_ record: [UInt8]) -> [UInt8] { Sodium.sha256(prefix: 0, record) }
    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] { Sodium.sha256(prefix: 1, left, right) }

    public mutating func append(leafHash: [UInt8]) {
        nodes.append((0, leafHash))
        while nodes.count >= 2, nodes[nodes.count - 1].height == nodes[nodes.count - 2].height {
            let right = nodes.removeLast()
            let left = nodes.removeLast()
            nodes.append((left.height + 1, Self.nodeHash(left.hash, right.hash)))
        }
        size += 1
    }

    /// The tree head; the hash of the empty string for an empty tree.
    public var root: [UInt8] {
        guard var accumulated = nodes.last?.hash else { return Sodium.sha256([UInt8]()) }
        for node in nodes.dropLast().reversed() { accumulated = Self.nodeHash(node.hash, accumulated) }
        return accumulated
    }

    public static func == (lhs: MerkleFrontier, rhs: MerkleFrontier) -> Bool {
        lhs.size == rhs.size && lhs.nodes.elementsEqual(rhs.nodes) { $0.height == $1.height && $0.hash == $1.hash }
    }

    /// Stored as size (8 bytes) then height ‖ hash for each node.
    var serialized: [UInt8] {
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(size) >> (8 * UInt64($0))) }
        for node in nodes { bytes += [node.height] + node.hash }
        return bytes
    }

    init?(serialized bytes: [UInt8]) {
        guard bytes.count >= 8, (bytes.count - 8) % 33 == 0 else { return nil }
        size = Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) })
        var index = 8
        while index < bytes.count {
            nodes.append((bytes[index], Array(bytes[(index + 1)..<(index + 33)])))
            index += 33
        }
        // The heights must be those of the size's binary digits, largest first.
        let expected = (0..<64).reversed().filter { size >> Int64($0) & 1 == 1 }.map { UInt8($0) }
        guard nodes.map(\.height) == expected else { return nil }
    }

    /// The audit path proving leaf `index` is in the tree of `leaves` (RFC 9162 §2.1.3.1).
    public static func inclusionProof(index: Int, leaves: [[UInt8]]) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let split = largestPowerOfTwo(below: leaves.count)
        if index < split {
            return inclusionProof(index: index, leaves: Array(leaves[..<split])) + [subtreeRoot(Array(leaves[split...]))]
        }
        return inclusionProof(index: index - split, leaves: Array(leaves[split...])) + [subtreeRoot(Array(leaves[..<split]))]
    }

    /// Checks an inclusion proof against a root (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: [UInt8], index: Int64, size: Int64, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var result = leafHash
        for sibling in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                result = nodeHash(sibling, result)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                result = nodeHash(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && Sodium.equal(result, root)
    }

    static func subtreeRoot(_ leaves: [[UInt8]]) -> [UInt8] {
        var frontier = MerkleFrontier()
        for leaf in leaves { frontier.append(leafHash: leaf) }
        return frontier.root
    }

    private static func largestPowerOfTwo(below count: Int) -> Int {
        var power = 1
        while power << 1 < count { power <<= 1 }
        return power
    }
}

/// A half-open range `[start, end)` of byte offsets into the text that was analysed.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var isEmpty: Bool { start == end }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }

    public func shifted(by offset: Int) -> SourceSpan { SourceSpan(start + offset, end + offset) }

    public var description: String { "[\(start), \(end))" }
}

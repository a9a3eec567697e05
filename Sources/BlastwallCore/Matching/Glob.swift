/// Shell-style wildcard matching used by policies and rules: `*` matches within one path
/// component, `**` across components, `?` one character, `[abc]` one of a set.
public enum Glob {
    /// With `pathAware` off, `*` also matches `/` (for URLs, ARNs and other names that are not paths).
    public static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false, pathAware: Bool = true) -> Bool {
        let p = Array(caseInsensitive ? pattern.lowercased().unicodeScalars : pattern.unicodeScalars)
        let t = Array(caseInsensitive ? text.lowercased().unicodeScalars : text.unicodeScalars)
        // Names and paths are short; a longer text is compared whole so work stays bounded.
        guard t.count <= 4096, p.count <= 1024 else { return p == t }
        return match(p, 0, t, 0, pathAware: pathAware)
    }

    /// Memoised recursion over (pattern position, text position): linear in their product, which
    /// stays small for the names and paths policies match.
    private static func match(_ p: [Unicode.Scalar], _ pi: Int, _ t: [Unicode.Scalar], _ ti: Int, pathAware: Bool) -> Bool {
        var memo = [Int8](repeating: -1, count: (p.count + 1) * (t.count + 1))
        func go(_ pi: Int, _ ti: Int) -> Bool {
            let key = pi * (t.count + 1) + ti
            if memo[key] >= 0 { return memo[key] == 1 }
            var result = false
            if pi == p.count {
                result = ti == t.count
            } else if p[pi] == "*" {
                let double = pi + 1 < p.count && p[pi + 1] == "*"
                let next = pi + (double ? 2 : 1)
                if double, next < p.count, p[next] == "/", go(next + 1, ti) {
                    result = true
                } else if go(next, ti) {
                    result = true
                } else if ti < t.count, double || !pathAware || t[ti] != "/" {
                    result = go(pi, ti + 1)
                }
            } else if ti < t.count {
                var nextP = pi
                if single(p, &nextP, t[ti]) { result = go(nextP, ti + 1) }
            }
            memo[key] = result ? 1 : 0
            return result
        }
        return go(pi, ti)
    }

    /// Matches one pattern element against `c`, advancing `pi` past it on success.
    private static func single(_ p: [Unicode.Scalar], _ pi: inout Int, _ c: Unicode.Scalar) -> Bool {
        switch p[pi] {
        case "?":
            pi += 1
            return true
        case "[":
            var index = pi + 1
            var negate = false
            if index < p.count, p[index] == "!" || p[index] == "^" {
                negate = true
                index += 1
            }
            var found = false
            var first = true
            while index < p.count, p[index] != "]" || first {
                first = false
                if index + 2 < p.count, p[index + 1] == "-", p[index + 2] != "]" {
                    if p[index] <= c && c <= p[index + 2] { found = true }
                    index += 3
                } else {
                    if p[index] == c { found = true }
                    index += 1
                }
            }
            guard index < p.count else {
                // An unclosed bracket is a literal `[`.
                guard c == "[" else { return false }
                pi += 1
                return true
            }
            guard found != negate else { return false }
            pi = index + 1
            return true
        case "\\" where pi + 1 < p.count:
            guard p[pi + 1] == c else { return false }
            pi += 2
            return true
        default:
            guard p[pi] == c else { return false }
            pi += 1
            return true
        }
    }

    /// Whether the text contains unescaped wildcard characters.
    public static func hasWildcards(_ text: String) -> Bool {
        text.contains("*") || text.contains("?") || text.contains("[")
    }
}

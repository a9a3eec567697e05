import BlastwallCore
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("prod-*", "prod-eu", true), ("prod-*", "preprod", false), ("*prod*", "db.prod.internal", true),
        ("**/prod", "/srv/infra/prod", true), ("**/prod/**", "/srv/infra/prod/app", true), ("**/prod", "/srv/infra/produce", false),
        ("/home/*/x", "/home/a/b/x", false), ("/home/**/x", "/home/a/b/x", true), ("[ab]c", "bc", true), ("?x", "ax", true),
        ("a\\*", "a*", true), ("a\\*", "ab", false),
    ])
    func matches(_ example: (String, String, Bool)) {
        #expect(Glob.matches(example.0, example.1) == example.2)
    }

    @Test func caseInsensitive() {
        #expect(Glob.matches("PROD*", "production", caseInsensitive: true))
        #expect(!Glob.matches("PROD*", "production"))
    }
}

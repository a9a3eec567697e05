import BlastwallCore
import Testing

@testable import BlastwallSQL

struct ClassifierTests {
    let classifier = PostgresClassifier()

    func strictest(_ text: String) -> SQLStatementVerdict? {
        classifier.classify(text).reduce(nil) { strictest, next in strictest.map { $0.stricter(next) } ?? next }
    }

    @Test func aSafeFirstStatementDoesNotHideALaterOne() throws {
        let verdicts = classifier.classify("SELECT 1; /* x */ DROP TABLE users CASCADE")
        #expect(verdicts.map(\.sqlClass) == [.read, .dataLossDDL])
        let drop = try #require(verdicts.last)
        // The range starts at DROP, after the comment.
        let text = Array("SELECT 1; /* x */ DROP TABLE users CASCADE".utf8)
        #expect(String(decoding: text[drop.range], as: UTF8.self) == "DROP TABLE users CASCADE")
        #expect(drop.effectClass == .irreversible)
        #expect(drop.resources == ["users"])
    }
}

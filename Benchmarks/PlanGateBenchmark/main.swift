import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

// Times the plan gate on a generated 20,000-resource plan (about 16 MB, the size the issue names):
// reading, rule evaluation and grading, in process, plus peak memory.
//
//   swift run -c release PlanGateBenchmark [runs] [--resources N] [--write PATH]
//
// `--write PATH` also saves the plan, so Benchmarks/plan-vs-jq.sh can time the whole CLI against jq.

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let resources = option("--resources").flatMap(Int.init) ?? 20_000
let writePath = option("--write")
let runs = arguments.first.flatMap(Int.init) ?? 10

/// A plan shaped like a real one: most resources unchanged, some updated, a few deleted or
/// replaced, each with the attribute objects `terraform show -json` writes.
func generatePlan(resources: Int) -> String {
    let types = [
        "aws_instance", "aws_security_group_rule", "aws_iam_role_policy", "aws_s3_bucket", "aws_db_instance", "aws_route53_record",
    ]
    var out = "{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":["
    out.reserveCapacity(resources * 850)
    for index in 0..<resources {
        let type = types[index % types.count]
        let actions: String
        switch index % 100 {
        case 0: actions = "\"delete\""
        case 1: actions = "\"delete\",\"create\""
        case 2...11: actions = "\"update\""
        default: actions = "\"no-op\""
        }
        let attributes = """
            {"id":"\(type)-\(index)","arn":"arn:aws:service:us-east-1:123456789012:\(type)/\(index)","name":"resource-\(index)",\
            "tags":{"Environment":"production","Team":"platform","CostCenter":"cc-\(index % 17)","Service":"svc-\(index % 31)"},\
            "deletion_protection":\(index % 2 == 0 ? "true" : "false"),"skip_final_snapshot":false,"backup_retention_period":7,\
            "settings":[{"enabled":true,"window":"sun:03:00-sun:04:00"}]}
            """
        if index > 0 { out += "," }
        out += """
            {"address":"module.m\(index % 40).\(type).r[\(index)]","module_address":"module.m\(index % 40)","mode":"managed",\
            "type":"\(type)","name":"r","index":\(index),"provider_name":"registry.terraform.io/hashicorp/aws",\
            "change":{"actions":[\(actions)],"before":\(attributes),"after":\(actions == "\"delete\"" ? "null" : attributes),\
            "after_unknown":{},"before_sensitive":{"tags":{}},"after_sensitive":{"tags":{}}}}
            """
    }
    out += "],\"prior_state\":{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":["
    for index in 0..<resources {
        if index > 0 { out += "," }
        out += "{\"address\":\"r\(index)\",\"mode\":\"managed\",\"type\":\"\(types[index % types.count])\",\"name\":\"r\"}"
    }
    out += "]}}}}"
    return out
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let text = generatePlan(resources: resources)
let bytes = Array(text.utf8)
if let writePath {
    let file = fopen(writePath, "w")
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
let megabytes = Double(bytes.count) / 1_048_576
var readTimes: [Double] = []
var digestTimes: [Double] = []
var totalTimes: [Double] = []
var decision = Decision.allow
var effects = 0
let gate = PlanGate()
for _ in 0..<max(1, runs) {
    let start = now()
    let plan = try PlanReader.read(bytes)
    let read = now()
    let identity = PlanIdentity(contentSHA256: SHA256.hex(bytes))
    let digested = now()
    let evaluation = try gate.evaluate(plan, identity: identity, target: .init(forcedEnvironment: "production"), label: "benchmark")
    let end = now()
    readTimes.append(read - start)
    digestTimes.append(digested - read)
    totalTimes.append(end - start)
    decision = evaluation.verdict.decision
    effects = evaluation.verdict.findings.count
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
print("plan: \(resources) resources, \(format2(megabytes)) MB; decision \(decision.rawValue), \(effects) findings")
print("read (parse + model):      median \(format2(median(readTimes) * 1000)) ms  (\(format2(megabytes / median(readTimes))) MB/s)")
print("sha256 of the plan bytes:  median \(format2(median(digestTimes) * 1000)) ms")
print("read + digest + rules + grade: median \(format2(median(totalTimes) * 1000)) ms over \(runs) runs")
print("peak resident memory: \(usage.ru_maxrss / 1024) MB (includes the generated text and its byte copy: \(format2(2 * megabytes)) MB)")

func format2(_ value: Double) -> String {
    let scaled = Int((value * 100).rounded())
    let fraction = scaled % 100
    return "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

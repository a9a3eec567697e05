/// The `.tf` files of one root module, read into what the posture doctor looks at: managed
/// resources, the backend, and the `removed`/`moved` blocks that say a missing resource is
/// intended.
public struct TerraformConfiguration: Sendable {
    /// A `resource "type" "name" { … }` block.
    public struct Resource: Sendable {
        public var type: String
        public var name: String
        public var body: HCLBody
        public var file: String
        public var line: Int
        public var address: String { "\(type).\(name)" }
    }

    /// Where state is kept: a `backend "type"` or `cloud` block inside `terraform { … }`, or the
    /// implicit local backend when there is neither.
    public struct Backend: Sendable {
        /// `local`, `s3`, `gcs`, `remote`, … and `cloud` for a `cloud { … }` block.
        public var type: String
        /// The settings written in the block (nil for the implicit local backend).
        public var body: HCLBody?
        public var file: String
        public var line: Int
        public var isImplicit: Bool { body == nil }
    }

    public var files: [HCLFile]

    public init(files: [HCLFile]) { self.files = files }

    /// Reads every file; the first that is not valid HCL is the error.
    public static func parse(_ sources: [(path: String, text: String)]) throws(HCLError) -> TerraformConfiguration {
        var files: [HCLFile] = []
        for source in sources { files.append(try HCL.parse(source.text, file: source.path)) }
        return TerraformConfiguration(files: files)
    }

    public var resources: [Resource] {
        files.flatMap { file in
            file.body.blocks("resource").compactMap { block -> Resource? in
                guard block.labels.count == 2 else { return nil }
                return Resource(type: block.labels[0], name: block.labels[1], body: block.body, file: file.path, line: block.line)
            }
        }
    }

    public var backend: Backend {
        for file in files {
            for settings in file.body.blocks("terraform") {
                if let cloud = settings.body.blocks("cloud").first {
                    return Backend(type: "cloud", body: cloud.body, file: file.path, line: cloud.line)
                }
                if let backend = settings.body.blocks("backend").first {
                    return Backend(type: backend.labels.first ?? "local", body: backend.body, file: file.path, line: backend.line)
                }
            }
        }
        // Report the implicit backend where a backend block would go, or at the top of the first file.
        for file in files {
            if let settings = file.body.blocks("terraform").first {
                return Backend(type: "local", body: nil, file: file.path, line: settings.line)
            }
        }
        return Backend(type: "local", body: nil, file: files.first?.path ?? "main.tf", line: 1)
    }

    /// Addresses that `removed { from = … }` or `moved { from = … }` blocks account for, so their
    /// absence from the configuration is intended.
    public var accountedForAddresses: Set<String> {
        var addresses: Set<String> = []
        for file in files {
            for block in file.body.blocks("removed") + file.body.blocks("moved") {
                if let from = block.body.attribute("from") { addresses.insert(from.source) }
            }
        }
        return addresses
    }

    /// The literal default of `variable "name"`, when it has one.
    public func variableDefault(_ name: String) -> PlanValue? {
        for file in files {
            for block in file.body.blocks("variable") where block.labels.first == name {
                return block.body.attribute("default")?.value.planValue
            }
        }
        return nil
    }

    /// The provider family most resources belong to (`aws`, `google`, `azurerm`), for fixes.
    public var mainProvider: String {
        var counts: [String: Int] = [:]
        for resource in resources {
            if let underscore = resource.type.firstIndex(of: "_") { counts[String(resource.type[..<underscore]), default: 0] += 1 }
        }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? "aws"
    }
}

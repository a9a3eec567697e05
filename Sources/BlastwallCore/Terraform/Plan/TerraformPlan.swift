/// A Terraform (or OpenTofu) plan as `terraform show -json` writes it, reduced to what the gate
/// judges. Every format version from 0.1 to 1.x is read by the keys it has, not by its number.
public struct TerraformPlan: Sendable {
    public var formatVersion: String
    public var terraformVersion: String?
    public var resourceChanges: [ResourceChange]
    /// Changes Terraform found made outside it since the last apply (`resource_drift`).
    public var resourceDrift: [ResourceChange]
    public var outputChanges: [OutputChange]
    /// Whether the plan carried a `prior_state` at all; Terraform leaves it out when the state
    /// is empty or missing.
    public var hasPriorState: Bool
    /// Managed resources in the prior state.
    public var priorStateResourceCount: Int
    /// `errored`, `applyable`, `complete` (nil when the format predates them).
    public var errored: Bool?
    public var applyable: Bool?
    public var complete: Bool?
    /// Entries of `deferred_changes`: changes Terraform could not plan yet.
    public var deferredChangeCount: Int
    /// Where `resource_changes` sits in the input, for plan-wide findings.
    public var resourceChangesSpan: SourceSpan
    /// Byte length of the input.
    public var size: Int

    /// The managed (non-data) changes.
    public var managedChanges: [ResourceChange] { resourceChanges.filter { $0.mode != "data" } }
}

/// One entry of `resource_changes` or `resource_drift`.
public struct ResourceChange: Sendable {
    public var address: String
    public var previousAddress: String?
    public var moduleAddress: String?
    public var mode: String
    public var type: String
    public var name: String
    public var providerName: String?
    /// Set when the change is to a deposed object (left over from a create-before-destroy).
    public var deposed: String?
    public var action: PlanAction
    /// `replace_because_cannot_update`, `delete_because_no_resource_config`, …
    public var actionReason: String?
    /// The attribute paths that forced a replacement.
    public var replacePaths: [String]
    /// Whether the change imports an existing object (`change.importing`).
    public var isImporting: Bool
    /// The protection attributes of this type (see `DataResources`), before and after.
    public var protectionsBefore: [String: PlanValue]
    public var protectionsAfter: [String: PlanValue]
    /// Protection attributes whose values are sensitive and must not be printed.
    public var sensitivePaths: Set<String>
    /// The entry's bytes in the input.
    public var span: SourceSpan

    public init(
        address: String, type: String, action: PlanAction, mode: String = "managed", name: String = "",
        span: SourceSpan = SourceSpan(0, 0)
    ) {
        self.address = address
        self.mode = mode
        self.type = type
        self.name = name
        self.action = action
        self.replacePaths = []
        self.isImporting = false
        self.protectionsBefore = [:]
        self.protectionsAfter = [:]
        self.sensitivePaths = []
        self.span = span
    }

    /// The address with its deposed key, when it has one.
    public var displayAddress: String {
        deposed.map { "\(address) (deposed object \($0))" } ?? address
    }
}

/// What a plan does to one resource, from its `actions` list.
public enum PlanAction: Sendable, Equatable, CustomStringConvertible {
    case noOp
    case create
    case read
    case update
    case delete
    /// `["delete","create"]`: the old object goes first, so there is a window with neither.
    case replaceDeletingFirst
    /// `["create","delete"]` (create_before_destroy).
    case replaceCreatingFirst
    /// Removed from the state, left running (`removed` block with `destroy = false`).
    case forget
    /// A new object is created and the old one forgotten (`["create","forget"]`/`["forget","create"]`).
    case forgetAndCreate
    /// Anything else: an action this version of Blastwall does not know.
    case unknown([String])

    public init(_ actions: [String]) {
        switch actions {
        case ["no-op"]: self = .noOp
        case ["create"]: self = .create
        case ["read"]: self = .read
        case ["update"]: self = .update
        case ["delete"]: self = .delete
        case ["delete", "create"]: self = .replaceDeletingFirst
        case ["create", "delete"]: self = .replaceCreatingFirst
        case ["forget"]: self = .forget
        case ["create", "forget"], ["forget", "create"]: self = .forgetAndCreate
        default: self = .unknown(actions)
        }
    }

    public var isReplace: Bool { self == .replaceDeletingFirst || self == .replaceCreatingFirst }
    /// Whether the existing object is destroyed (a delete or either replace).
    public var destroysObject: Bool { self == .delete || isReplace }

    public var description: String {
        switch self {
        case .noOp: "no-op"
        case .create: "create"
        case .read: "read"
        case .update: "update"
        case .delete: "delete"
        case .replaceDeletingFirst: "replace (delete, then create)"
        case .replaceCreatingFirst: "replace (create, then delete)"
        case .forget: "forget"
        case .forgetAndCreate: "create and forget the old object"
        case .unknown(let actions): "unknown action [\(actions.joined(separator: ", "))]"
        }
    }

    /// The short verb a summary table shows.
    public var verb: String {
        switch self {
        case .noOp: "no-op"
        case .create: "create"
        case .read: "read"
        case .update: "update"
        case .delete: "delete"
        case .replaceDeletingFirst, .replaceCreatingFirst: "replace"
        case .forget: "forget"
        case .forgetAndCreate: "forget+create"
        case .unknown: "unknown"
        }
    }
}

/// One entry of `output_changes`. Values are never kept: they may be sensitive.
public struct OutputChange: Sendable {
    public var name: String
    public var action: PlanAction
}

/// A plan that could not be read is input the gate cannot handle, as for a command: the same
/// error (`invalid-json`, `state-not-plan`, `not-a-plan`, `too-large`, `terraform-show-failed`, …),
/// which adapters turn into a deny.
public typealias PlanError = GateError

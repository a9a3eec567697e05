/// One thing a careful reviewer looks for in a plan. Like command rules, each carries examples
/// that the test suite runs: a small plan written one change per `;`-separated statement (see
/// `PlanExample` in the tests): `aws_db_instance.main delete`,
/// `aws_db_instance.main update deletion_protection=true>false`, `no-prior-state`.
public struct PlanRule: Sendable {
    public let id: String
    public let effectClass: EffectClass
    public let summary: String
    public let safer: String
    public let triggering: [String]
    public let nonTriggering: [String]
    let evaluate: @Sendable (TerraformPlan, PlanRule) -> [Effect]

    init(
        _ id: String, _ effectClass: EffectClass, summary: String, safer: String, triggering: [String], nonTriggering: [String],
        evaluate: @escaping @Sendable (TerraformPlan, PlanRule) -> [Effect]
    ) {
        self.id = id
        self.effectClass = effectClass
        self.summary = summary
        self.safer = safer
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.evaluate = evaluate
    }

    public func effects(in plan: TerraformPlan) -> [Effect] { evaluate(plan, self) }

    /// An effect of this rule about one resource change.
    func effect(_ change: ResourceChange, _ message: String, effectClass: EffectClass? = nil) -> Effect {
        Effect(
            ruleID: id, effectClass: effectClass ?? self.effectClass, tool: "terraform", message: message, safer: safer,
            span: change.span, resources: [change.address])
    }

    /// An effect of this rule about the plan as a whole, pointing at `resource_changes` unless
    /// told otherwise.
    func planEffect(_ plan: TerraformPlan, _ message: String, resources: [String] = [], span: SourceSpan? = nil) -> Effect {
        Effect(
            ruleID: id, effectClass: effectClass, tool: "terraform", message: message, safer: safer,
            span: span ?? plan.resourceChangesSpan, resources: resources)
    }

    /// Applies `body` to every managed change and keeps the effects it returns.
    static func perChange(
        _ body: @escaping @Sendable (ResourceChange, PlanRule) -> Effect?
    ) -> @Sendable (TerraformPlan, PlanRule) -> [Effect] {
        { plan, rule in plan.resourceChanges.compactMap { $0.mode == "data" ? nil : body($0, rule) } }
    }
}

public enum PlanRules {
    public static let all: [PlanRule] = [
        PlanRule(
            "terraform-plan.data-delete", .destroy,
            summary: "Deletes a resource that holds data: a database, snapshot, bucket, volume, key, secret, zone or log group",
            safer:
                "Keep the resource: put its block back, or stop managing it with a `removed` block and `lifecycle { destroy = false }`; if it must go, take a snapshot outside this state first and delete it with an approval",
            triggering: [
                "aws_db_instance.main delete", "aws_s3_bucket.backups delete reason=delete_because_no_resource_config",
                "module.db.aws_rds_cluster.this delete", "google_sql_database_instance.main delete", "azurerm_key_vault.kv delete",
            ],
            nonTriggering: ["aws_security_group.web delete", "aws_db_instance.main update", "aws_db_instance.main delete deposed=abc123"],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action == .delete, change.deposed == nil, let kind = DataResources.kind(of: change.type) else { return nil }
                return rule.effect(change, "Deletes \(change.address) (\(kind.rawValue)): \(kind.loss) is lost\(reasonText(change))")
            }),
        PlanRule(
            "terraform-plan.data-replace", .destroy,
            summary: "Replaces a resource that holds data: the new one starts empty",
            safer:
                "Find the attribute forcing the replacement (replace_paths) and change it back, or migrate the data to a new resource first; `lifecycle { prevent_destroy = true }` makes Terraform refuse such plans",
            triggering: [
                "aws_db_instance.main delete,create reason=replace_because_cannot_update replace=username",
                "aws_db_snapshot.daily create,delete", "aws_dynamodb_table.orders delete,create reason=replace_by_request",
            ],
            nonTriggering: ["aws_instance.web delete,create", "aws_db_instance.main update", "aws_db_instance.main create"],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action.isReplace, let kind = DataResources.kind(of: change.type) else { return nil }
                let order =
                    change.action == .replaceDeletingFirst ? "deleted before its replacement exists" : "deleted once its replacement exists"
                return rule.effect(
                    change,
                    "Replaces \(change.address) (\(kind.rawValue)): the old one is \(order), and \(kind.loss) goes with it\(reasonText(change))"
                )
            }),
        PlanRule(
            "terraform-plan.protection-downgrade", .destroy,
            summary: "Turns off a protection that keeps a delete recoverable (deletion protection, final snapshot, retention, versioning)",
            safer:
                "Leave the protection on; if a resource must really go, turn it off in its own reviewed change, approved separately from the delete",
            triggering: [
                "aws_db_instance.main update deletion_protection=true>false",
                "aws_db_instance.main update skip_final_snapshot=false>true",
                "aws_db_instance.main update backup_retention_period=7>0",
                "aws_db_instance.main update final_snapshot_identifier=final>null",
                "aws_db_instance.main update delete_automated_backups=false>true",
                "aws_s3_bucket.data update force_destroy=false>true",
                "aws_s3_bucket_versioning.data update versioning_configuration.0.status=Enabled>Suspended",
                "aws_dynamodb_table.t update deletion_protection_enabled=true>false",
                "aws_dynamodb_table.t update point_in_time_recovery.0.enabled=true>false",
                "aws_instance.bastion update disable_api_termination=true>false",
                "aws_lb.front update enable_deletion_protection=true>false",
                "google_sql_database_instance.main update deletion_protection=true>false",
            ],
            nonTriggering: [
                "aws_db_instance.main update deletion_protection=false>true",
                "aws_db_instance.main update backup_retention_period=7>14",
                "aws_db_instance.main update deletion_protection=true>unknown",
                "aws_db_instance.main create deletion_protection=null>false",
            ],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action == .update || change.action.isReplace || change.action == .noOp else { return nil }
                var downgrades: [String] = []
                for protection in DataResources.protections(of: change.type) {
                    let before = change.protectionsBefore[protection.path]
                    let after = change.protectionsAfter[protection.path]
                    guard protection.isSafe(before), !protection.isSafe(after), before != nil, before != .null || protection.absentIsSafe
                    else { continue }
                    if change.sensitivePaths.contains(protection.path) {
                        downgrades.append("\(protection.path) (sensitive) no longer keeps \(protection.safeDescription)")
                    } else {
                        downgrades.append("\(protection.path) \(before ?? .null) → \(after ?? .null)")
                    }
                }
                guard !downgrades.isEmpty else { return nil }
                let kind = DataResources.kind(of: change.type)
                return rule.effect(
                    change,
                    "Turns off protection on \(change.address): \(downgrades.joined(separator: ", ")); a later delete would lose \(kind?.loss ?? "the resource") for good"
                )
            }),
        PlanRule(
            "terraform-plan.destroy-all", .destroy,
            summary: "Destroys the whole environment: a destroy plan, or most of the resources in the state deleted",
            safer:
                "Destroy only what you mean to, by removing those resources from the configuration; a whole environment goes only with an approval, after a backup outside this state",
            triggering: [
                "aws_vpc.main delete; aws_s3_bucket.assets delete; aws_db_instance.main delete",
                "aws_instance.a delete; aws_instance.b delete; aws_instance.c delete; aws_instance.d no-op",
                "aws_security_group.only delete",
            ],
            nonTriggering: [
                "aws_instance.a delete; aws_instance.b no-op; aws_instance.c no-op",
                "aws_instance.a delete,create; aws_instance.b delete,create",
                "aws_instance.a create",
            ],
            evaluate: { plan, rule in
                let managed = plan.managedChanges
                let deletes = managed.filter { $0.action == .delete && $0.deposed == nil }
                let total = max(managed.filter { $0.action != .create && $0.action != .read }.count, plan.priorStateResourceCount)
                guard !deletes.isEmpty, deletes.count == total || (deletes.count >= 3 && deletes.count * 2 > total) else { return [] }
                let data = deletes.filter { DataResources.kind(of: $0.type) != nil }.count
                return [
                    rule.planEffect(
                        plan,
                        "Destroys \(deletes.count == total ? "every one" : "\(deletes.count)") of the \(total) resources in this environment\(data > 0 ? ", \(data) of them holding data" : "")",
                        resources: deletes.prefix(50).map(\.address))
                ]
            }),
        PlanRule(
            "terraform-plan.missing-state", .write,
            summary: "Creates every resource and carries no prior state: if the environment exists, the state is missing",
            safer:
                "Before applying, check that the backend and workspace are the right ones (terraform workspace show, terraform state list) and restore the state if it was lost; never apply a create-everything plan over a live environment",
            triggering: ["no-prior-state; aws_vpc.main create; aws_db_instance.main create", "no-prior-state; aws_s3_bucket.b create"],
            nonTriggering: [
                "aws_vpc.main no-op; aws_s3_bucket.b create", "no-prior-state; aws_s3_bucket.b create; aws_vpc.main update",
                "no-prior-state",
            ],
            evaluate: { plan, rule in
                let managed = plan.managedChanges
                let creates = managed.filter { $0.action == .create }
                guard plan.priorStateResourceCount == 0, !creates.isEmpty, creates.count == managed.count else { return [] }
                return [
                    rule.planEffect(
                        plan,
                        "Plans all \(creates.count) resources as new and has \(plan.hasPriorState ? "an empty" : "no") prior state: if this environment already exists, Terraform has lost track of it — applying creates duplicates, and restoring the old state later plans to destroy them",
                        resources: creates.prefix(50).map(\.address))
                ]
            }),
        PlanRule(
            "terraform-plan.delete", .write,
            summary: "Deletes a resource that an apply can recreate",
            safer: "Check nothing depends on it; Terraform can recreate it from the configuration",
            triggering: ["aws_security_group.web delete", "aws_iam_role.ci delete reason=delete_because_no_resource_config"],
            nonTriggering: ["aws_db_instance.main delete", "aws_security_group.web update", "aws_security_group.web delete deposed=1"],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action == .delete, change.deposed == nil, DataResources.kind(of: change.type) == nil else { return nil }
                return rule.effect(change, "Deletes \(change.address)\(reasonText(change))")
            }),
        PlanRule(
            "terraform-plan.replace", .write,
            summary: "Replaces a resource that holds no data: it is recreated, with a short outage if deleted first",
            safer: "Prefer create_before_destroy for resources in service",
            triggering: ["aws_instance.web delete,create reason=replace_because_tainted", "aws_launch_template.lt create,delete"],
            nonTriggering: ["aws_db_instance.main delete,create", "aws_instance.web update"],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action.isReplace, DataResources.kind(of: change.type) == nil else { return nil }
                return rule.effect(change, "Replaces \(change.address) (\(change.action))\(reasonText(change))")
            }),
        PlanRule(
            "terraform-plan.deposed-delete", .write,
            summary: "Deletes a deposed object: the old half of a create-before-destroy replacement that did not finish",
            safer: "Check the deposed object is really the stale copy (terraform state show) before it is deleted",
            triggering: ["aws_instance.web delete deposed=00000001", "aws_db_instance.main delete deposed=a1b2c3d4"],
            nonTriggering: ["aws_instance.web delete", "aws_instance.web no-op"],
            evaluate: PlanRule.perChange { change, rule in
                guard change.action == .delete, change.deposed != nil else { return nil }
                let kind = DataResources.kind(of: change.type)
                return rule.effect(
                    change,
                    "Deletes \(change.displayAddress), left from an unfinished replacement\(kind.map { "; it is a \($0.rawValue), so \($0.loss) in that copy is lost" } ?? "")",
                    effectClass: kind == nil ? .write : .destroy)
            }),
        PlanRule(
            "terraform-plan.forget", .write,
            summary: "Removes a resource from the state without destroying it: Terraform stops managing it",
            safer: "Make sure another configuration or a person takes over the resource; otherwise it is left unmanaged and unprotected",
            triggering: ["aws_s3_bucket.assets forget", "aws_instance.a create,forget", "aws_instance.a forget,create"],
            nonTriggering: ["aws_s3_bucket.assets delete", "aws_s3_bucket.assets no-op"],
            evaluate: PlanRule.perChange { change, rule in
                switch change.action {
                case .forget: rule.effect(change, "Stops managing \(change.address) (it keeps running, outside Terraform)")
                case .forgetAndCreate:
                    rule.effect(change, "Creates a new \(change.address) and leaves the old object running, unmanaged")
                default: nil
                }
            }),
        PlanRule(
            "terraform-plan.drift-deleted", .write,
            summary: "Drift shows a resource already deleted outside Terraform; the plan recreates it empty",
            safer: "Find out who deleted it and restore it from a backup before applying; an apply creates an empty one in its place",
            triggering: ["drift aws_db_instance.main delete; aws_db_instance.main create"],
            nonTriggering: ["drift aws_db_instance.main update; aws_db_instance.main update", "aws_db_instance.main create"],
            evaluate: { plan, rule in
                let created = Set(plan.resourceChanges.filter { $0.action == .create }.map(\.address))
                return plan.resourceDrift.filter { $0.action == .delete && $0.mode != "data" }.map { change in
                    let kind = DataResources.kind(of: change.type)
                    var message = "\(change.address) was deleted outside Terraform since the last apply"
                    if let kind { message += "; as a \(kind.rawValue), \(kind.loss) may already be gone" }
                    if created.contains(change.address) {
                        message += kind == nil ? ", and this plan recreates it" : ", and this plan creates a new, empty one"
                    }
                    return rule.effect(change, message)
                }
            }),
        PlanRule(
            "terraform-plan.unknown-action", .unknown,
            summary: "A change whose actions Blastwall does not know: never assumed safe",
            safer: "Upgrade Blastwall, or review this change by hand with terraform show",
            triggering: ["aws_instance.a teleport", "aws_instance.a delete,update"],
            nonTriggering: ["aws_instance.a update", "aws_instance.a forget"],
            evaluate: { plan, rule in
                (plan.resourceChanges + plan.resourceDrift).compactMap { change in
                    guard case .unknown(let actions) = change.action else { return nil }
                    return rule.effect(
                        change, "\(change.address) has actions [\(actions.joined(separator: ", "))], which Blastwall does not understand")
                }
            }),
        PlanRule(
            "terraform-plan.incomplete", .opaque,
            summary: "The plan errored, cannot be applied, is partial, or defers changes it could not plan yet",
            safer: "Fix what stopped the plan and plan again; review the complete plan",
            triggering: [
                "errored; aws_instance.a create", "not-applyable; aws_instance.a create", "incomplete; aws_instance.a create", "deferred",
            ],
            nonTriggering: ["aws_instance.a create", "applyable; complete", "not-applyable; aws_instance.a no-op"],
            evaluate: { plan, rule in
                var reasons: [String] = []
                if plan.errored == true { reasons.append("it errored") }
                // Terraform also marks a plan with no changes not applyable; that is no warning.
                if plan.applyable == false, plan.errored != true,
                    plan.resourceChanges.contains(where: { $0.action != .noOp && $0.action != .read })
                {
                    reasons.append("Terraform marks it not applyable")
                }
                if plan.complete == false { reasons.append("it is incomplete: another plan and apply must follow") }
                if plan.deferredChangeCount > 0 { reasons.append("\(plan.deferredChangeCount) changes are deferred and not shown") }
                guard !reasons.isEmpty else { return [] }
                return [rule.planEffect(plan, "The plan does not show everything that will happen: \(reasons.joined(separator: "; "))")]
            }),
        PlanRule(
            "terraform-plan.unknown-format", .unknown,
            summary: "A plan format newer than Blastwall reads: never assumed safe",
            safer: "Upgrade Blastwall; until then review the plan by hand",
            triggering: ["format=2.0", "format=banana"],
            nonTriggering: ["format=0.1", "format=1.2", "format=1.9"],
            evaluate: { plan, rule in
                let major = plan.formatVersion.split(separator: ".").first.map(String.init) ?? ""
                guard major != "0" && major != "1" else { return [] }
                return [
                    rule.planEffect(
                        plan,
                        "The plan's format_version is \(plan.formatVersion); Blastwall reads 0.x and 1.x and cannot vouch for the rest",
                        span: SourceSpan(0, 0))
                ]
            }),
        PlanRule(
            "terraform-plan.create", .write,
            summary: "Creates a resource",
            safer: "Review the new resource's settings",
            triggering: ["aws_s3_bucket.logs create"],
            nonTriggering: ["aws_s3_bucket.logs no-op", "aws_s3_bucket.logs read"],
            evaluate: PlanRule.perChange { change, rule in
                change.action == .create ? rule.effect(change, "Creates \(change.address)") : nil
            }),
        PlanRule(
            "terraform-plan.update", .write,
            summary: "Changes a resource in place",
            safer: "Review the changed attributes",
            triggering: ["aws_s3_bucket.logs update"],
            nonTriggering: ["aws_s3_bucket.logs no-op"],
            evaluate: PlanRule.perChange { change, rule in
                change.action == .update ? rule.effect(change, "Updates \(change.address) in place") : nil
            }),
        PlanRule(
            "terraform-plan.import", .write,
            summary: "Imports an existing object into the state",
            safer: "Check the imported object is the one meant: a wrong import puts a live resource under this configuration",
            triggering: ["aws_s3_bucket.legacy no-op importing", "aws_s3_bucket.legacy update importing"],
            nonTriggering: ["aws_s3_bucket.legacy no-op"],
            evaluate: PlanRule.perChange { change, rule in
                change.isImporting ? rule.effect(change, "Imports an existing object as \(change.address)") : nil
            }),
    ]

    /// Why Terraform chose the action, in words, when the plan says.
    static func reasonText(_ change: ResourceChange) -> String {
        var text = ""
        switch change.actionReason {
        case "delete_because_no_resource_config": text = ", because its block was removed from the configuration"
        case "delete_because_no_module": text = ", because its module was removed"
        case "delete_because_count_index", "delete_because_each_key", "delete_because_wrong_repetition":
            text = ", because its count or for_each key no longer exists"
        case "delete_because_no_move_target": text = ", because a moved block points to nothing"
        case "replace_because_cannot_update": text = ", because an attribute cannot change in place"
        case "replace_because_tainted": text = ", because it is tainted"
        case "replace_by_request": text = ", because -replace asked for it"
        case "replace_by_triggers": text = ", because replace_triggered_by fired"
        case .some(let reason): text = " (\(reason))"
        case .none: break
        }
        if !change.replacePaths.isEmpty { text += "; forced by \(change.replacePaths.joined(separator: ", "))" }
        if let previous = change.previousAddress { text += "; moved from \(previous)" }
        return text
    }
}

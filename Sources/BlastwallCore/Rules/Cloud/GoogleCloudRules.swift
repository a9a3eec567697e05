/// gcloud and gsutil: deleting projects, instances, databases, buckets and their protections.
public enum GoogleCloudRules {
    public static let family = ToolFamily(
        name: "gcloud", programs: ["gcloud", "gsutil"], isRemote: true,
        rules: [])
}

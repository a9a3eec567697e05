/// Raw HTTP calls: DELETE and other writes sent straight to an API.
public enum HTTPRules {
    public static let family = ToolFamily(
        name: "http", programs: ["curl", "wget"], isRemote: true,
        rules: [])
}

import ArgumentParser

public enum BlastwallMain {
    public static func run() {
        print("blastwall")
    }
}

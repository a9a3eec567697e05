/// Short options read the way getopt reads them: bundles (`-dmS name`), values attached or in
/// the next argument, whole words mapped to a letter (`--command`, screen's `-Logfile`).
struct ShortOptions {
    var options: [(letter: Character, value: Argument?)] = []
    var operands: [Argument] = []

    /// With `permute`, options may follow operands (GNU getopt); without, the first operand ends
    /// them. `attached` letters take only what follows them in the bundle, if anything (`sed -i.bak`).
    init(
        _ arguments: [Argument], values: Set<Character>, attached: Set<Character> = [], long: [String: Character] = [:],
        permute: Bool
    ) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard let text = argument.text, text.hasPrefix("-"), text.count > 1 else {
                operands.append(argument)
                if !permute {
                    operands += arguments.dropFirst(index)
                    return
                }
                continue
            }
            if text == "--" {
                operands += arguments.dropFirst(index)
                return
            }
            let name = String(text.prefix { $0 != "=" })
            if let letter = long[name] ?? (text.hasPrefix("--") ? "-" : nil) {
                var value: Argument?
                if text.contains("=") {
                    value = Argument(text: String(text.drop { $0 != "=" }.dropFirst()), span: argument.span)
                } else if values.contains(letter), index < arguments.count {
                    value = arguments[index]
                    index += 1
                }
                options.append((letter, value))
                continue
            }
            let letters = Array(text.dropFirst())
            for (position, letter) in letters.enumerated() {
                let rest = String(letters[(position + 1)...])
                if attached.contains(letter) {
                    options.append((letter, rest.isEmpty ? nil : Argument(text: rest, span: argument.span)))
                    break
                }
                guard values.contains(letter) else {
                    options.append((letter, nil))
                    continue
                }
                if !rest.isEmpty {
                    options.append((letter, Argument(text: rest, span: argument.span)))
                } else if index < arguments.count {
                    options.append((letter, arguments[index]))
                    index += 1
                } else {
                    options.append((letter, nil))
                }
                break
            }
        }
    }

    func has(_ letter: Character) -> Bool { options.contains { $0.letter == letter } }
    func last(_ letter: Character) -> Argument? { options.last { $0.letter == letter }?.value }
    func all(_ letter: Character) -> [Argument] { options.filter { $0.letter == letter }.compactMap(\.value) }
}

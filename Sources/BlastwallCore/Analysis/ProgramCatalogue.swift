/// Programs developers run every day whose effects stay on this machine: compilers, build systems,
/// test runners, formatters and linters, language tools and package managers' local verbs, editors,
/// archivers. Analysis grades them as local work instead of "a program Blastwall does not know".
///
/// Left out on purpose: programs a family covers (`Rules/`), the read-only programs
/// (`ReadOnlyPrograms`), wrappers, shells and interpreters analysis looks through (`Wrappers.swift`,
/// `InlineCode`), programs whose ordinary use reaches another system (ssh, scp, curl, kubectl,
/// twine, fastlane, goreleaser, ngrok, database migrators) or deletes (rm, shred, dd), and programs
/// that run a command given as their argument, unchecked (tmux, screen, parallel, entr, watchexec,
/// nodemon, hyperfine, strace, gdb, valgrind, ts-node, tsx).
public enum ProgramCatalogue {
    /// What kind of program `name` is, as a phrase that completes "… is …" ("a compiler"), or nil.
    public static func kind(of name: String) -> String? {
        switch name {
        case "gcc", "g++", "cc", "c++", "clang", "clang++", "clang-cl", "swiftc", "rustc", "javac", "kotlinc", "kotlinc-jvm",
            "scalac", "tsc", "go", "gccgo", "gfortran", "nvcc", "zig", "nim", "crystal", "dmd", "ldc2", "gdc", "fpc", "ghc",
            "erlc", "elixirc", "tcc", "icx", "emcc", "em++", "cython", "nasm", "yasm", "as":
            return "a compiler"
        case "make", "gmake", "bmake", "cmake", "ccmake", "ninja", "meson", "bazel", "bazelisk", "buck", "buck2", "pants",
            "gradle", "gradlew", "mvn", "mvnw", "ant", "sbt", "mill", "lein", "swift", "cargo", "xcodebuild", "scons", "waf",
            "premake5", "qmake", "autoconf", "automake", "autoreconf", "aclocal", "libtoolize", "msbuild", "nmake", "xmake",
            "cabal", "stack", "dune", "rebar3", "ccache", "sccache":
            return "a build system"
        case "just", "task", "mage", "gulp", "grunt", "foreman", "overmind": return "a task runner"
        case "webpack", "webpack-cli", "rollup", "vite", "parcel", "esbuild", "swc", "babel", "tsup", "turbo", "nx", "ng",
            "vue-cli-service", "next", "nuxt", "nuxi", "astro", "gatsby", "storybook":
            return "a JavaScript build tool"
        case "pytest", "py.test", "jest", "vitest", "mocha", "jasmine", "karma", "ava", "cypress", "playwright", "testcafe",
            "rspec", "cucumber", "behave", "phpunit", "pest", "ctest", "tox", "nox", "nosetests", "nose2", "bats", "gotestsum",
            "ginkgo", "prove":
            return "a test runner"
        case "coverage", "nyc", "c8", "gcov", "gcovr", "lcov", "genhtml", "llvm-cov", "grcov": return "a coverage tool"
        case "prettier", "eslint", "black", "ruff", "flake8", "pylint", "mypy", "pyright", "pyre", "isort", "autopep8", "yapf",
            "pycodestyle", "pydocstyle", "pyflakes", "autoflake", "pyupgrade", "docformatter", "rubocop", "standardrb", "reek",
            "gofmt", "goimports", "golint", "golangci-lint", "staticcheck", "revive", "rustfmt", "swiftformat", "swift-format",
            "swiftlint", "shellcheck", "shfmt", "clang-format", "clang-tidy", "cppcheck", "cpplint", "ktlint", "detekt",
            "hadolint", "tflint", "markdownlint", "markdownlint-cli2", "yamllint", "stylelint", "biome", "dprint", "oxlint",
            "standard", "xo", "jshint", "tslint", "htmlhint", "djlint", "sqlfluff", "protolint", "cmake-format", "taplo",
            "actionlint", "editorconfig-checker", "codespell", "typos", "vale", "commitlint", "lint-staged", "phpcs", "phpcbf",
            "php-cs-fixer", "phpstan", "psalm", "phpmd", "pint", "scalafmt", "scalafix", "google-java-format", "checkstyle",
            "pmd", "stylua", "luacheck", "selene", "ormolu", "hlint", "fourmolu", "nixfmt", "nixpkgs-fmt", "alejandra", "statix",
            "ocamlformat", "perltidy", "perlcritic", "elm-format", "mdformat", "ansible-lint", "kube-linter", "kubeconform",
            "kubeval", "yamlfmt", "jsonlint":
            return "a formatter or linter"
        case "semgrep", "bandit", "vulture", "tfsec", "checkov", "terrascan", "trivy", "grype", "syft", "gitleaks",
            "detect-secrets", "osv-scanner", "govulncheck":
            return "a static analysis or security scanner"
        case "gopls", "rust-analyzer", "clangd", "sourcekit-lsp": return "a language server"
        case "pip", "pip3", "pipx", "poetry", "uv", "pipenv", "pdm", "hatch", "rye", "conda", "mamba", "micromamba", "virtualenv",
            "pip-compile", "pip-sync", "gem", "bundle", "bundler", "composer", "brew", "apt", "apt-get", "dpkg", "dnf", "yum",
            "zypper", "pacman", "apk", "snap", "flatpak", "port", "nix", "nix-env", "emerge", "conan", "vcpkg", "opam", "cpan",
            "cpanm", "luarocks", "nimble", "dub", "shards", "bower", "carthage", "pod", "maturin":
            return "a package manager"
        case "rustup", "nvm", "fnm", "volta", "pyenv", "rbenv", "rvm", "jenv", "sdk", "asdf", "mise", "goenv", "nodenv", "tfenv",
            "tfswitch", "ghcup", "juliaup", "corepack", "xcode-select":
            return "a language version manager"
        case "java", "kotlin": return "a language runtime"
        case "dart", "flutter": return "a language toolchain"
        case "irb", "jupyter", "jupyter-lab", "jupyter-notebook": return "a REPL or notebook"
        case "cookiecutter", "copier", "yo", "tox-quickstart": return "a project scaffolding tool"
        case "protoc", "flatc", "thrift", "openapi-generator", "openapi-generator-cli", "swagger-codegen", "sqlc", "mockgen",
            "stringer", "wire", "swiftgen", "sourcery", "xcodegen", "tuist", "bison", "yacc", "flex", "lex", "gperf", "swig":
            return "a code generator"
        case "ld", "lld", "ld.lld", "ar", "ranlib", "strip", "objcopy", "objdump", "nm", "readelf", "size", "addr2line",
            "c++filt", "upx", "pkg-config", "codesign", "ldconfig":
            return "a binary or linker tool"
        case "doxygen", "javadoc", "rustdoc", "godoc", "sphinx-build", "sphinx-apidoc", "mkdocs", "pdoc", "typedoc", "jsdoc",
            "yard", "rdoc", "ri", "terraform-docs", "helm-docs":
            return "a documentation generator"
        case "hugo", "jekyll", "zola", "eleventy", "hexo": return "a static site generator"
        case "http-server", "live-server", "serve", "browser-sync", "json-server", "uvicorn", "gunicorn", "hypercorn", "rackup",
            "puma":
            return "a local web server"
        case "minikube", "kind", "k3d", "k3s", "microk8s", "colima", "limactl", "lima", "multipass", "crc", "localstack",
            "devcontainer":
            return "a local cluster or VM tool"
        case "tig", "lazygit", "gitui", "gitk", "pre-commit", "husky", "lefthook", "commitizen", "cz", "git-cliff", "delta",
            "diff-so-fancy", "meld", "kdiff3", "vimdiff":
            return "a version control helper"
        case "vim", "vi", "nvim", "view", "nano", "pico", "emacs", "emacsclient", "code", "code-insiders", "codium", "cursor",
            "subl", "mate", "micro", "helix", "hx", "kak", "joe", "ed", "ex", "jed", "ne", "gedit", "kate", "zed":
            return "an editor"
        case "tar", "gtar", "bsdtar", "zip", "unzip", "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "lzma", "unlzma",
            "zstd", "unzstd", "7z", "7za", "7zr", "rar", "unrar", "lz4", "unlz4", "lzip", "lzop", "brotli", "pigz", "pbzip2",
            "pixz", "cpio", "compress", "uncompress", "zipsplit", "jar", "pax", "xar", "mksquashfs", "unsquashfs", "dpkg-deb",
            "rpm2cpio", "ditto":
            return "an archiver or compressor"
        case "sponge", "csvcut", "csvgrep", "csvjson", "csvlook", "csvstat", "in2csv", "mlr", "xsv", "qsv", "dasel", "gron", "jo",
            "jless", "htmlq", "pup", "xmlstarlet", "xmllint", "iconv", "dos2unix", "unix2dos", "envsubst", "m4", "split",
            "csplit", "expand", "unexpand", "shuf", "numfmt", "tsort", "msgfmt", "xgettext", "patch", "sdiff", "diff3", "jsonnet",
            "jsonnetfmt", "cue", "dhall", "pkl", "kustomize", "kompose", "opa", "conftest", "fzf", "pv":
            return "a text or data tool"
        case "pandoc", "asciidoctor", "latex", "pdflatex", "xelatex", "lualatex", "latexmk", "bibtex", "biber", "tectonic",
            "typst", "wkhtmltopdf", "libreoffice", "soffice", "pdftk", "qpdf", "pdftotext", "pdfinfo", "gs", "ocrmypdf",
            "tesseract", "dot", "neato", "plantuml", "mmdc", "d2":
            return "a document tool"
        case "convert", "magick", "mogrify", "identify", "composite", "montage", "ffmpeg", "ffprobe", "ffplay", "sox", "lame",
            "flac", "gifsicle", "optipng", "pngquant", "jpegoptim", "cwebp", "dwebp", "svgo", "rsvg-convert", "inkscape",
            "exiftool", "vips", "avifenc", "heif-convert":
            return "an image or media tool"
        case "ssh-keygen", "ssh-add", "gpg", "gpg2", "age", "age-keygen", "openssl", "keytool", "htpasswd":
            return "a key or certificate tool"
        case "shasum", "md5", "sha224sum", "sha384sum": return "a checksum tool"
        case "btop", "glances", "nvtop", "btm", "iotop", "neofetch", "fastfetch", "tokei", "cloc", "scc":
            return "a system or code statistics viewer"
        case "react-native", "sdkmanager", "avdmanager", "emulator", "bundletool", "apksigner", "aapt", "aapt2", "plutil",
            "agvtool", "electron-builder":
            return "a mobile or desktop app toolchain"
        case "mkdir", "touch", "mktemp", "mkfifo": return "a tool that creates files or directories"
        case "unalias", "complete", "compgen", "compopt", "bind", "fg", "bg", "disown", "setopt", "unsetopt", "rehash", "whence",
            "autoload", "zmodload":
            return "a shell builtin"
        case "fusermount", "fusermount3": return "a FUSE mount tool"
        default:
            // `gcc-13`, `clang-format-17`: a versioned name is its program's.
            guard let dash = name.lastIndex(of: "-"), dash != name.startIndex else { return nil }
            let version = name[name.index(after: dash)...]
            guard !version.isEmpty, version.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            return kind(of: String(name[..<dash]))
        }
    }

    /// A few names of each kind, for the test suite.
    public static let examples: [String] = [
        "gcc", "make", "just", "webpack", "pytest", "coverage", "prettier", "semgrep", "gopls", "pip", "rustup", "java",
        "dart", "irb", "cookiecutter", "protoc", "ld", "doxygen", "hugo", "http-server", "minikube", "tig", "vim", "tar",
        "sponge", "pandoc", "convert", "ssh-keygen", "shasum", "btop", "react-native", "mkdir", "unalias", "fusermount",
    ]

    /// Words that send a catalogued program's work to a registry, account or site rather than
    /// keep it on this machine (`cargo publish`, `gem push`, `mvn deploy`, `mkdocs gh-deploy`).
    static let remoteWords: [String: Set<String>] = [
        "cargo": ["publish", "yank", "owner", "login", "logout"], "gem": ["push", "yank", "owner", "signin", "signout"],
        "poetry": ["publish"], "uv": ["publish"], "pdm": ["publish"], "hatch": ["publish"], "rye": ["publish"],
        "maturin": ["publish", "upload"], "mvn": ["deploy", "site-deploy", "release:perform"],
        "mvnw": ["deploy", "site-deploy", "release:perform"], "gradle": ["publish"], "gradlew": ["publish"],
        "sbt": ["publish", "publishSigned"], "lein": ["deploy"], "cabal": ["upload"], "stack": ["upload"], "opam": ["publish"],
        "nimble": ["publish"], "luarocks": ["upload"], "conan": ["upload"], "pod": ["trunk"], "dart": ["publish"],
        "flutter": ["publish"], "mkdocs": ["gh-deploy"], "hugo": ["deploy"], "hexo": ["deploy"], "ng": ["deploy"],
        "nx": ["release"], "semgrep": ["ci"], "brew": ["bump-formula-pr", "bump-cask-pr", "gist-logs"],
    ]

    /// The word among the first three positional words of a catalogued program's command line that
    /// makes it act remotely (`cargo publish` gives `publish`), or nil when it works on this machine.
    /// Analysis should check it before taking the program's kind.
    static func remoteWord(_ invocation: Invocation) -> Argument? {
        guard let words = remoteWords[invocation.program], !invocation.hasFlag("--dry-run", "--list") else { return nil }
        return invocation.positionals().prefix(3).first { words.contains($0.text ?? "") }
    }
}

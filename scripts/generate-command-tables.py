#!/usr/bin/env python3
"""Regenerate Sources/BlastwallCore/Rules/Generated/*CommandTable.swift from the tools' own
published command trees, as installed on this machine.

    python3 scripts/generate-command-tables.py            # rewrite every table whose source is here
    python3 scripts/generate-command-tables.py aws git    # only these tools
    python3 scripts/generate-command-tables.py --check    # build and compare, write nothing

Each table lists every command of one tool (groups included) with a coarse class:
r read, w write, d delete-verb, g group (an inner node that does nothing by itself).
The class comes from the leading verb of the command's last word; OVERRIDES below holds the
known exceptions. Output is deterministic: same installed tools, same bytes.

A tool whose source is missing is reported and its existing file is left untouched.
Stdlib only, apart from the tools it reads (awscli/botocore are imported in process).
See scripts/README-command-tables.md.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "Sources", "BlastwallCore", "Rules", "Generated")

# Keep the help-text tools quiet, offline and uncoloured.
HELP_ENV = dict(
    os.environ,
    LANG="C",
    LC_ALL="C",
    NO_COLOR="1",
    CLICOLOR="0",
    TERM="dumb",
    CHECKPOINT_DISABLE="1",  # terraform: no version check against checkpoint-api.hashicorp.com
    TF_IN_AUTOMATION="1",
    GH_NO_UPDATE_NOTIFIER="1",
    GH_PROMPT_DISABLED="1",
    GH_PAGER="cat",
    PAGER="cat",
    DOCKER_CLI_HINTS="false",
    COLUMNS="200",
)


class SourceMissing(Exception):
    """The tool (or its command tree) is not installed here."""


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------

# Leading verbs of a command's last word that only read (or evaluate, or download to the caller).
READ_VERBS = {
    "analyze", "browse", "calculate", "cat", "check", "checks", "compare", "contains", "count",
    "decode", "describe", "detect", "df", "diff", "discover", "display", "download", "du",
    "estimate", "evaluate", "events", "exists", "explain", "filter", "find", "get", "graph", "grep",
    "hash", "head", "help", "history", "images", "info", "inspect", "is", "lint", "list", "log",
    "logs", "lookup", "ls", "output", "plan", "port", "preview", "print", "ps", "query", "read",
    "render", "retrieve", "scan", "search", "select", "shortlog", "show", "simulate", "stats",
    "status", "tail", "test", "top", "tree", "validate", "verify", "version", "view", "wait",
    "watch", "whoami",
}
# Leading verbs that delete. (revoke, disable, reset and uninstall are writes, not deletes.)
DELETE_VERBS = {
    "clear", "delete", "deregister", "destroy", "drop", "erase", "expire", "flush", "forget",
    "prune", "purge", "rb", "remove", "rm", "rmi", "terminate", "wipe",
}
# "batch-get-x", "bulk-delete-x" and "admin-delete-user" take the class of their second word.
PREFIX_WORDS = {"admin", "batch", "bulk"}


def split_words(name):
    """'describe-instances' / 'DescribeInstances' / 'get_object' -> ['describe', 'instances']."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    return [w for w in re.split(r"[-_]", name.lower()) if w]


def verb_class(name):
    words = split_words(name)
    if not words:
        return "w"
    verb = words[0]
    if verb in PREFIX_WORDS and len(words) > 1:
        verb = words[1]
    if verb in READ_VERBS:
        return "r"
    if verb in DELETE_VERBS:
        return "d"
    return "w"


# Known exceptions to the verb rule: tool -> {path (words after the program) : class}.
OVERRIDES = {
    "aws": {
        "logs start-live-tail": "r",  # streams log events; starts nothing server-side
        "s3 ls": "r",  # list buckets/objects
        "s3 cp": "w",  # copies objects (uploads or downloads)
        "s3 mv": "w",  # moves: copies then deletes the source
        "s3 sync": "w",  # copies; with --delete it also deletes
        "s3 rm": "d",
        "s3 rb": "d",
        "s3 presign": "r",  # signs a URL locally
        "s3 mb": "w",  # make bucket
        "rds generate-db-auth-token": "r",  # signs a token locally, no API call
        "ecr get-login": "r",  # prints a docker login command
        "codecommit credential-helper erase": "r",  # a no-op in awscli
        "codecommit credential-helper store": "r",  # a no-op in awscli
        "configure": "w",  # an inner node that also runs: interactive credential setup
        "apigateway test-invoke-method": "w",  # really calls the integration behind the method
        "apigateway test-invoke-authorizer": "w",  # really calls the authorizer
        "elasticache test-failover": "w",  # triggers a real failover
        "elasticache test-migration": "w",  # starts a real migration test
        "iot test-invoke-authorizer": "w",  # really invokes the authorizer lambda
        "cloudformation test-type": "w",  # contract tests create and delete real resources
        "codecommit test-repository-triggers": "w",  # sends test events to the triggers' targets
        "lightsail test-alarm": "w",  # fires the alarm's notifications
        "iotwireless test-wireless-device": "w",  # sends an uplink message
        "stepfunctions test-state": "w",  # runs the state, task integrations included
    },
    "gcloud": {},  # see LAST_WORD_OVERRIDES
    "git": {  # interrogator categories are r; these are the others' exceptions
        "clean": "d",  # deletes untracked files
        "rerere": "w",  # an interrogator that records resolutions; `rerere forget/clear` delete
        "instaweb": "w",  # an interrogator that starts a web server
        "filter-branch": "w",  # rewrites history (the verb rule would read "filter")
        "read-tree": "w",  # writes the index (the verb rule would read "read")
        "hash-object": "w",  # writes the object with -w (the verb rule would read "hash")
        "range-diff": "r",
        "patch-id": "r",
        "stripspace": "r",  # filter stdin to stdout
        "column": "r",  # filter stdin to stdout
        "fmt-merge-msg": "r",
        "request-pull": "r",  # prints a summary
        "gitk": "r",  # a history viewer
    },
    "kubectl": {
        "cluster-info": "r",
        "cluster-info dump": "r",  # prints to stdout unless --output-directory
        "api-resources": "r",
        "api-versions": "r",
        "auth can-i": "r",
        "completion": "r",  # prints a shell script
        "kustomize": "r",  # builds locally and prints
        "config current-context": "r",
        "options": "r",
        "port-forward": "w",  # opens a tunnel (the verb rule would read "port")
    },
    "docker": {
        "stack services": "r",
        "stack config": "r",  # prints the merged compose file
        "swarm join-token": "r",  # prints the token (with --rotate it writes)
        "swarm unlock-key": "r",
        "completion": "r",
    },
    "terraform": {
        "console": "r",  # evaluates expressions, cannot change state
        "modules": "r",
        "providers": "r",
        "providers schema": "r",
        "state pull": "r",  # prints the state to stdout
        "workspace select": "w",  # switches the current workspace (the verb rule would read "select")
        "test": "w",  # creates real infrastructure, then destroys it
        "metadata functions": "r",
    },
    "gh": {
        "completion": "r",
        "actions": "r",  # help topics
        "environment": "r",
        "exit-codes": "r",
        "formatting": "r",
        "mintty": "r",
        "reference": "r",
        "api": "w",  # arbitrary HTTP request, POST when fields are given
        "codespace ports": "r",  # an inner node that also runs: lists ports
        "pr checks": "r",
        "auth token": "r",  # prints the stored token
    },
    "podman": {
        "system reset": "d",  # removes all pods, containers, images, volumes and networks
        "kube down": "d",  # removes the pods and containers `kube play` created
        "completion": "r",
    },
}
# Exceptions by a command's last word, wherever it occurs (gcloud repeats paths under alpha/beta).
LAST_WORD_OVERRIDES = {
    "gcloud": {
        "ssh": "w",  # opens a shell on the instance (and may push keys)
        "scp": "w",
        "get-credentials": "w",  # writes kubeconfig
    },
}
# Groups whose every command reads: tool -> path prefixes ("*" matches any one word). Every
# command strictly below such a prefix is r unless OVERRIDES says otherwise.
READ_SUBTREES = {
    "aws": [("*", "wait")],  # waiters only poll
    "gcloud": [("topic",), ("alpha", "topic"), ("beta", "topic")],  # help topics
    "gh": [("search",)],  # gh search code/commits/issues/prs/repos
    "kubectl": [("top",)],  # kubectl top node/pod
}


def classify(tool, words, is_group, runnable=False):
    """Class of one command: words is the path below the program."""
    path = " ".join(words)
    override = OVERRIDES.get(tool, {}).get(path)
    if override:
        return override
    if is_group and not runnable:
        return "g"
    override = LAST_WORD_OVERRIDES.get(tool, {}).get(words[-1])
    if override:
        return override
    for prefix in READ_SUBTREES.get(tool, []):
        if len(words) > len(prefix) and all(p in ("*", w) for p, w in zip(prefix, words)):
            return "r"
    return verb_class(words[-1])


class Tree:
    """The commands of one tool as a set of paths (tuples of words) with group/runnable flags."""

    def __init__(self):
        self.nodes = {}  # path tuple -> (is_group, runnable)

    def add(self, path, is_group=False, runnable=False):
        path = tuple(path)
        for word in path:
            if not word or re.search(r"[\s=\"\\]", word):
                raise ValueError("unusable command word %r in %r" % (word, path))
        old = self.nodes.get(path)
        if old:
            is_group = is_group or old[0]
            runnable = runnable or old[1]
        self.nodes[path] = (is_group, runnable)
        for i in range(1, len(path)):  # parents are groups
            parent = path[:i]
            if parent not in self.nodes:
                self.nodes[parent] = (True, False)
            elif not self.nodes[parent][0]:
                self.nodes[parent] = (True, True)  # had been a command; now also a group


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


def run(argv, timeout=60, stderr=True):
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT if stderr else subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL, env=HELP_ENV, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SourceMissing("%s: %s" % (" ".join(argv), error))
    return proc.stdout.decode("utf-8", "replace")


def need(program):
    path = shutil.which(program)
    if not path:
        raise SourceMissing("%s is not on PATH" % program)
    return path


def aws_source():
    try:
        import awscli
        import botocore
    except ImportError as error:
        raise SourceMissing("awscli/botocore not importable by %s: %s" % (sys.executable, error))
    tree = Tree()
    notes = []
    services = 0
    try:
        from awscli.clidriver import ServiceCommand, create_clidriver
        from awscli.customizations.commands import BasicCommand

        def subtable(command):
            if hasattr(command, "_get_command_table"):
                return command._get_command_table()
            return getattr(command, "subcommand_table", None) or {}

        # awscli's codedeploy customisation hooks "building-command-table.deploy", which fires for
        # every command named "deploy", so `cloudformation deploy` and `ecs deploy` get codedeploy's
        # register/push/... as a spurious subcommand table that their parsers never reach.
        spurious = {("cloudformation", "deploy"), ("ecs", "deploy")}

        def walk(command, path):
            table = {} if tuple(path) in spurious else subtable(command)
            if table:
                runnable = isinstance(command, BasicCommand) and tuple(path) == ("configure",)
                tree.add(path, is_group=True, runnable=runnable)
                for name in sorted(table):
                    walk(table[name], path + [name])
            else:
                tree.add(path)

        if os.environ.get("BLASTWALL_AWS_FROM_MODELS"):  # exercise the fallback
            raise RuntimeError("BLASTWALL_AWS_FROM_MODELS is set")
        driver = create_clidriver()
        table = driver._get_command_table()
        for name in sorted(table):
            if isinstance(table[name], ServiceCommand):
                services += 1
            try:
                walk(table[name], [name])
            except Exception as error:  # one service failing falls back to its model below
                notes.append("%s: CLI table failed (%s); using its botocore model" % (name, error))
                aws_from_models(tree, only=name)
        source = "awscli %s, botocore %s" % (awscli.__version__, botocore.__version__)
        detail = "%d services" % services
        where = os.path.dirname(awscli.__file__)
    except Exception as error:
        notes.append("awscli command table failed (%s); falling back to botocore models" % error)
        tree = Tree()
        read = aws_from_models(tree)
        source = "botocore %s" % botocore.__version__
        services = read
        detail = "%d service models" % read
        where = os.path.join(os.path.dirname(botocore.__file__), "data")
    models = count_models()
    notes.append("botocore service models on disk: %d services (%d service-2.json files)" % models)
    return tree, source, detail, where, notes


def count_models():
    import botocore
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    files = 0
    services = set()
    for service in os.listdir(data):
        folder = os.path.join(data, service)
        if not os.path.isdir(folder):
            continue
        for version in os.listdir(folder):
            for name in ("service-2.json", "service-2.json.gz"):
                if os.path.exists(os.path.join(folder, version, name)):
                    files += 1
                    services.add(service)
    return len(services), files


def aws_from_models(tree, only=None):
    """The fallback: every operation of every botocore service model, in CLI spelling."""
    import botocore.session
    from botocore import xform_name
    session = botocore.session.get_session()
    # The CLI renames a few services (awscli/utils.py and clidriver).
    cli_names = {"s3": "s3api", "config": "configservice", "codedeploy": "deploy"}
    read = 0
    for service in sorted(session.get_available_services()):
        cli = cli_names.get(service, service)
        if only and cli != only:
            continue
        model = session.get_service_model(service)
        read += 1
        tree.add([cli], is_group=True)
        for operation in model.operation_names:
            tree.add([cli, xform_name(operation, "-")])
    return read


def gcloud_source():
    root = os.environ.get("CLOUDSDK_ROOT_DIR")
    if not root:
        gcloud = shutil.which("gcloud")
        candidates = []
        if gcloud:
            candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(gcloud))))
        candidates += ["/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk",
                       "/opt/google-cloud-sdk"]
        root = next((c for c in candidates
                     if os.path.exists(os.path.join(c, "data", "cli", "gcloud_completions.py"))), None)
    if not root:
        raise SourceMissing("no Google Cloud SDK with data/cli/gcloud_completions.py")
    path = os.path.join(root, "data", "cli", "gcloud_completions.py")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    # The file is a Python module holding one literal; evaluate it without importing anything.
    import ast
    module = ast.parse(text, path)
    tree_literal = None
    for node in module.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "STATIC_COMPLETION_CLI_TREE" for t in node.targets):
            tree_literal = ast.literal_eval(node.value)
    if tree_literal is None:
        raise SourceMissing("%s holds no STATIC_COMPLETION_CLI_TREE" % path)
    version = "?"
    try:
        with open(os.path.join(root, "VERSION")) as handle:
            version = handle.read().strip()
    except OSError:
        pass
    tree = Tree()
    total = [0]

    def walk(node, words):
        total[0] += 1
        commands = node.get("commands") or {}
        if words:
            tree.add(words, is_group=bool(commands))
        for name in sorted(commands):
            walk(commands[name], words + [name])

    walk(tree_literal, [])
    notes = ["static completion tree: %d nodes including the root" % total[0]]
    return tree, "Google Cloud SDK %s" % version, "static completion tree", path, notes


GIT_CATEGORIES = [
    "mainporcelain", "ancillaryinterrogators", "ancillarymanipulators", "plumbinginterrogators",
    "plumbingmanipulators", "synchingrepositories", "synchelpers", "purehelpers",
    "foreignscminterface",
]


def git_source():
    git = need("git")
    version = run([git, "--version"]).strip().replace("git version ", "")
    tree = Tree()
    notes = []
    for category in GIT_CATEGORIES:
        out = run([git, "--list-cmds=list-" + category])
        names = [line.strip() for line in out.splitlines() if line.strip()]
        if not names or "unsupported" in out:
            notes.append("category %s: nothing listed" % category)
        for name in names:
            tree.add([name])
            if category.endswith("interrogators"):
                GIT_INTERROGATORS.add(name)
        notes.append("%s: %d" % (category, len(names)))
    if not tree.nodes:
        raise SourceMissing("git --list-cmds listed nothing")
    return tree, "git %s" % version, "%d categories" % len(GIT_CATEGORIES), git, notes


GIT_INTERROGATORS = set()


def parse_cobra_sections(text, header_pattern):
    """Names in the sections whose header matches, from lines like '  name   description'
    or '  name:   description' (gh)."""
    names = []
    inside = False
    for line in text.splitlines():
        if re.match(header_pattern, line):
            inside = True
            continue
        if inside:
            if not line.strip():
                # gh and docker end a section at a blank line; kubectl too.
                inside = False
                continue
            match = re.match(r"^\s{1,4}([A-Za-z0-9][\w.-]*)\*?:?(\s+|$)", line)
            if match:
                names.append(match.group(1))
            elif not line.startswith(" "):
                inside = False
    return names


def walk_help(program, help_argv, parse, path, tree, seen, depth=0, executor=None):
    """Recursively read '<program> <path> --help'. parse(text, path) -> (subcommands, group,
    runnable, aliases)."""
    text = run(help_argv(path))
    subcommands, is_group, runnable, aliases = parse(text, path)
    if path:
        tree.add(path, is_group=is_group, runnable=runnable)
        for alias in aliases:
            if alias != path[-1]:
                tree.add(path[:-1] + [alias], is_group=is_group, runnable=runnable)
    if depth > 6:
        return
    children = [path + [name] for name in subcommands if tuple(path + [name]) not in seen]
    for child in children:
        seen.add(tuple(child))
    if executor:
        list(executor.map(lambda c: walk_help(program, help_argv, parse, c, tree, seen,
                                              depth + 1), children))
    else:
        for child in children:
            walk_help(program, help_argv, parse, child, tree, seen, depth + 1)


def usage_lines(text, header):
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() == header or line.startswith(header + " "):
            if line.startswith(header + " "):
                out.append(line[len(header):].strip())
            for follow in lines[i + 1:]:
                if not follow.strip():
                    break
                out.append(follow.strip())
    return out


def kubectl_source():
    kubectl = need("kubectl")
    version = "?"
    try:
        info = json.loads(run([kubectl, "version", "--client", "-o", "json"], stderr=False))
        version = info["clientVersion"]["gitVersion"]
    except Exception:
        pass

    def parse(text, path):
        if not path:
            names = parse_cobra_sections(text, r"^[A-Z][\w ()-]*Commands[\w ()-]*:\s*$")
        else:
            names = parse_cobra_sections(text, r"^Available Commands:\s*$")
        # kubectl prints "[flags] [options]" on groups too; a group that also runs (apply,
        # create) is the one with options of its own.
        has_options = any(line.strip() == "Options:" for line in text.splitlines())
        return names, bool(names), bool(names) and has_options, []

    tree = Tree()
    with ThreadPoolExecutor(4) as executor:
        walk_help("kubectl", lambda p: [kubectl] + p + ["--help"], parse, [], tree, set(),
                  executor=executor)
    if not tree.nodes:
        raise SourceMissing("kubectl --help listed no commands")
    # Named in kubectl's help footer / cobra's built-in help command, not in the listing.
    tree.add(["options"])
    tree.add(["help"])
    return tree, "kubectl %s" % version, "--help tree", os.path.realpath(kubectl), []


def docker_source():
    docker = need("docker")
    version = run([docker, "--version"]).strip()
    version = re.sub(r"^Docker version\s*", "", version).split(",")[0]

    def parse(text, path):
        names = parse_cobra_sections(text, r"^([A-Z]\w*\s)*Commands:\s*$")
        usage = usage_lines(text, "Usage:")
        pure_group = bool(names) and all(u.endswith("COMMAND") for u in usage)
        aliases = []
        for line in usage_lines(text, "Aliases:"):
            for alias in line.split(","):
                words = alias.split()
                if words[1:-1] == path[:-1] and len(words) == len(path) + 1:
                    aliases.append(words[-1])
        return names, bool(names), bool(names) and not pure_group, aliases

    tree = Tree()
    with ThreadPoolExecutor(4) as executor:
        walk_help("docker", lambda p: [docker] + p + ["--help"], parse, [], tree, set(),
                  executor=executor)
    if not tree.nodes:
        raise SourceMissing("docker --help listed no commands")
    notes = []
    for plugin in ("compose", "buildx"):
        if (plugin,) not in tree.nodes:
            notes.append("docker %s plugin not installed: not covered" % plugin)
    return tree, "docker %s" % version, "--help tree", os.path.realpath(docker), notes


def terraform_source():
    terraform = need("terraform")
    try:
        version = json.loads(run([terraform, "version", "-json"], stderr=False))["terraform_version"]
    except Exception:
        version = "?"
    top = run([terraform, "-help"])
    names = parse_cobra_sections(top, r"^(Main commands|All other commands):\s*$")
    if not names:
        raise SourceMissing("terraform -help listed no commands")
    tree = Tree()
    for name in names:
        text = run([terraform, name, "-help"])
        subs = parse_cobra_sections(text, r"^Subcommands:\s*$")
        usage = " ".join(usage_lines(text, "Usage:"))
        after = usage.split(" " + name, 1)[1].strip() if (" " + name) in usage else ""
        pure_group = bool(subs) and (after == "" or after.startswith("<subcommand>"))
        tree.add([name], is_group=bool(subs), runnable=bool(subs) and not pure_group)
        for sub in subs:
            subtext = run([terraform, name, sub, "-help"])
            subsubs = parse_cobra_sections(subtext, r"^Subcommands:\s*$")
            tree.add([name, sub], is_group=bool(subsubs))
            for subsub in subsubs:
                tree.add([name, sub, subsub])
    return tree, "terraform %s" % version, "-help tree", os.path.realpath(terraform), []


def gh_source():
    gh = need("gh")
    version = run([gh, "--version"]).split("\n")[0].replace("gh version ", "").split(" ")[0]

    def parse(text, path):
        names = parse_cobra_sections(text, r"^[A-Z][A-Z ]*COMMANDS\s*$")
        if not path:
            names += parse_cobra_sections(text, r"^HELP TOPICS\s*$")
        usage = usage_lines(text, "USAGE")
        # "gh pr <command>" is a group; "gh codespace [flags]" without flags of its own too;
        # "gh codespace ports [flags]" with flags also runs.
        has_flags = any(line.strip() == "FLAGS" for line in text.splitlines())
        pure_group = bool(names) and (all("<command>" in u for u in usage) or not has_flags)
        aliases = []
        for line in usage_lines(text, "ALIASES"):
            for alias in line.split(","):
                words = alias.split()
                if words and words[0] == "gh":
                    words = words[1:]
                if len(words) == len(path) and words[:-1] == path[:-1]:
                    aliases.append(words[-1])
                elif len(words) == 1:
                    aliases.append(words[0])
        return names, bool(names), bool(names) and not pure_group, aliases

    tree = Tree()
    with ThreadPoolExecutor(4) as executor:
        walk_help("gh", lambda p: [gh] + p + ["--help"], parse, [], tree, set(),
                  executor=executor)
    if not tree.nodes:
        raise SourceMissing("gh --help listed no commands")
    return tree, "gh %s" % version, "--help tree", os.path.realpath(gh), []


def podman_source():
    podman = need("podman")
    version = run([podman, "--version"]).strip().replace("podman version ", "")

    def parse(text, path):
        names = parse_cobra_sections(text, r"^Available Commands:\s*$")
        usage = usage_lines(text, "Usage:")
        pure_group = bool(names) and all(u.endswith("[command]") for u in usage)
        aliases = []
        for line in usage_lines(text, "Aliases:"):
            aliases += [a.strip() for a in line.split(",") if a.strip()]
        return names, bool(names), bool(names) and not pure_group, aliases

    tree = Tree()
    with ThreadPoolExecutor(4) as executor:
        walk_help("podman", lambda p: [podman] + p + ["--help"], parse, [], tree, set(),
                  executor=executor)
    if not tree.nodes:
        raise SourceMissing("podman --help listed no commands")
    return tree, "podman %s" % version, "--help tree", os.path.realpath(podman), []


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

TOOLS = [
    # key, Swift enum, program, source function, doc line
    ("aws", "AWSCommandTable", aws_source,
     "Every operation of every service of the AWS CLI, with the class its verb gives it."),
    ("gcloud", "GCloudCommandTable", gcloud_source,
     "Every group and command of gcloud's static completion tree, with the class its verb gives it."),
    ("git", "GitCommandTable", git_source,
     "Every git command in git's command-list categories, with the class its verb or category gives it."),
    ("kubectl", "KubectlCommandTable", kubectl_source,
     "Every kubectl command and subcommand its --help lists, with the class its verb gives it."),
    ("docker", "DockerCommandTable", docker_source,
     "Every docker command and subcommand its --help lists (aliases included), with the class its verb gives it."),
    ("terraform", "TerraformCommandTable", terraform_source,
     "Every terraform command and subcommand its -help lists, with the class its verb gives it."),
    ("gh", "GHCommandTable", gh_source,
     "Every gh command and subcommand its --help lists, with the class its verb gives it."),
    ("podman", "PodmanCommandTable", podman_source,
     "Every podman command and subcommand its --help lists (aliases included), with the class its verb gives it."),
]


def classify_tree(tool, tree):
    """first word -> {rest path string: class}."""
    table = {}
    for path, (is_group, runnable) in tree.nodes.items():
        words = list(path)
        if tool == "git":
            cls = OVERRIDES["git"].get(path[0]) or (
                "r" if path[0] in GIT_INTERROGATORS else verb_class(path[0]))
        else:
            cls = classify(tool, words, is_group, runnable)
        table.setdefault(words[0], {})[" ".join(words[1:])] = cls
    return table


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(enum, doc, source, detail, table):
    commands = sum(1 for e in table.values() for c in e.values() if c != "g")
    groups = sum(1 for e in table.values() for c in e.values() if c == "g")
    lines = [
        "// swift-format-ignore-file",
        "// Generated by scripts/generate-command-tables.py from %s (%s, %d first words, %d commands, %d groups). Do not edit."
        % (source.replace(", ", " / "), detail, len(table), commands, groups),
        "",
        "/// " + doc,
        "enum %s {" % enum,
        "    static let source = %s" % swift_string(source),
        "    /// The entries whose class is not `g`: commands that run.",
        "    static let commandCount = %d" % commands,
        "    /// The commands under one first word, as \" path=c path=c … \" (a leading and a trailing space;",
        "    /// words of a path joined by a single space inside; c is the class letter), or nil when the",
        "    /// tool has no such first word. The empty path is the first word itself. Classes: r read,",
        "    /// w write, d delete-verb, g group (does nothing without a further word).",
        "    static func entries(_ first: String) -> String? {",
        "        switch first {",
    ]
    for first in sorted(table):
        body = " ".join("%s=%s" % (path, cls) for path, cls in sorted(table[first].items()))
        lines.append("        case %s: return %s" % (swift_string(first), swift_string(" " + body + " ")))
    lines += [
        "        default: return nil",
        "        }",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines), commands, groups


def main(argv):
    check = "--check" in argv
    wanted = [a for a in argv if not a.startswith("-")]
    os.makedirs(OUT_DIR, exist_ok=True)
    status = 0
    for key, enum, source_fn, doc in TOOLS:
        if wanted and key not in wanted:
            continue
        out_path = os.path.join(OUT_DIR, enum + ".swift")
        try:
            tree, source, detail, where, notes = source_fn()
        except SourceMissing as error:
            print("%-10s SKIPPED: %s (existing %s left untouched)"
                  % (key, error, os.path.relpath(out_path, REPO)))
            continue
        except Exception as error:  # a tree we cannot read is reported like a missing one
            print("%-10s FAILED: %s: %s (existing %s left untouched)"
                  % (key, type(error).__name__, error, os.path.relpath(out_path, REPO)))
            status = 1
            continue
        table = classify_tree(key, tree)
        if not table:
            print("%-10s SKIPPED: empty table (existing file left untouched)" % key)
            continue
        text, commands, groups = render(enum, doc, source, detail, table)
        counts = {}
        for entries in table.values():
            for cls in entries.values():
                counts[cls] = counts.get(cls, 0) + 1
        old = None
        if os.path.exists(out_path):
            with open(out_path, encoding="utf-8") as handle:
                old = handle.read()
        state = "unchanged" if old == text else ("differs" if check else "written")
        if not check and old != text:
            with open(out_path, "w", encoding="utf-8") as handle:
                handle.write(text)
        if check and old != text:
            status = 1
        print("%-10s %s from %s: %d first words, %d commands, %d groups (%s), %d bytes, %s [%s]"
              % (key, os.path.relpath(out_path, REPO), source, len(table), commands, groups,
                 " ".join("%s=%d" % kv for kv in sorted(counts.items())), len(text.encode()),
                 state, where))
        for note in notes:
            print("%-10s   %s" % ("", note))
    # Named in the design but without a source here; say so every run.
    for program, why in (("helm", "not packaged for Debian 12"),
                         ("az", "azure-cli; its tree would come from its command index")):
        state = "installed at %s but" % shutil.which(program) if shutil.which(program) else "not installed,"
        print("%-10s NOT COVERED: %s no source in this script (%s)" % (program, state, why))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

/// Programs that only read or print (with no option that makes them write). Their arguments are
/// data: `echo "terraform destroy"` and `grep -r "DROP TABLE" .` touch nothing.
enum ReadOnlyPrograms {
    static let names: Set<String> = [
        "echo", "printf", "cat", "less", "more", "head", "tail", "grep", "egrep", "fgrep", "rg", "ag", "ack",
        "ls", "ll", "tree", "pwd", "whoami", "id", "hostname", "uname", "date", "cal", "uptime", "which", "type",
        "whereis", "file", "stat", "wc", "du", "df", "free", "ps", "pgrep", "top", "htop", "env", "printenv",
        "diff", "cmp", "comm", "sort", "uniq", "cut", "tr", "column", "jq", "yq", "fx", "bat", "nl", "od", "xxd",
        "hexdump", "strings", "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum", "basename",
        "dirname", "realpath", "readlink", "true", "false", "test", "[", "sleep", "seq", "yes", "expr", "bc",
        "fd", "fdfind", "locate", "man", "info", "help", "history", "jobs", "wait", "clear", "tput", "stty",
        "lsof", "netstat", "ss", "dig", "nslookup", "host", "ping", "traceroute", "whois", "nproc", "lscpu",
        "lsblk", "blkid", "findmnt", "getent", "locale", "tty", "groups", "users", "w", "who", "last",
        "base64", "column", "fold", "fmt", "pr", "paste", "join", "look", "rev", "tac", "zcat", "zless",
        "zgrep", "cd", "pushd", "popd", "dirs", "set", "shopt", "unset", "trap", "return", "exit", "break",
        "continue", "shift", "getopts", "hash", "ulimit", "umask", "wait", "times", "let", ":", "rgrep", "cut", "lsattr", "tldr", "pstree",
        "vmstat",
        "iostat", "sar", "systemd-analyze", "alias", "export", "declare", "typeset", "local", "readonly", "read",
        "mapfile", "readarray",
    ]
}

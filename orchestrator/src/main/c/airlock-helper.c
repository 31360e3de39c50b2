/*
 * airlock-helper: what Airlock itself runs inside a sandbox, in one static binary that Airlock mounts
 * read-only at /run/airlock-helper, so that any image works: one with no cat, no sh and no socat too.
 *
 *   idle                       reads stdin until it ends: the container's idle process (Airlock holds that
 *                              stdin, so a dead Airlock ends it and the engine removes the container)
 *   run PROGRAM [ARG...]       runs PROGRAM found in PATH, as env(1): 127 when missing, 126 when not runnable
 *   relay SOCKET PROGRAM...    listens on 127.0.0.1:3128 before PROGRAM starts, relays each connection to the
 *                              egress proxy's socket /run/airlock/SOCKET, and ends with PROGRAM
 *   connect HOST PORT          a tunnel to HOST:PORT through the relay (HTTP CONNECT) on stdin and stdout,
 *                              for ssh's ProxyCommand
 *   kill                       kill(-1, SIGKILL): every process of the caller's user but itself, in one call
 *   oom                        prints the memory cgroup's oom_kill count (cgroup v2 or v1)
 *   mountinfo                  prints /proc/self/mountinfo
 *
 * Built statically (scripts: orchestrator/src/main/c/build-helper.sh) with no library calls that load
 * anything at run time (no NSS, no locale).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define EGRESS_DIR "/run/airlock/"
#define RELAY_PORT 3128

static void say(const char *a, const char *b, const char *c) {
    /* one write, so concurrent messages do not interleave */
    char line[1024];
    int n = snprintf(line, sizeof line, "airlock-helper: %s%s%s\n", a, b ? b : "", c ? c : "");
    if (n > 0) {
        ssize_t ignored = write(2, line, (size_t) (n < (int) sizeof line ? n : (int) sizeof line - 1));
        (void) ignored;
    }
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += n;
        len -= (size_t) n;
    }
    return 0;
}

static int copy_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        say("cannot open ", path, NULL);
        return 1;
    }
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return 1;
        if (n == 0) return 0;
        if (write_all(1, buf, (size_t) n) < 0) return 1;
    }
}

static int cmd_idle(void) {
    char buf[4096];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR)) return 0;
    }
}

/* execvp, and if it returns, the exit status env(1) and shells give: 127 not found, 126 found but not runnable */
static int run(char **argv) {
    execvp(argv[0], argv);
    int missing = errno == ENOENT || errno == ENOTDIR;
    say(argv[0], ": ", strerror(errno));
    return missing ? 127 : 126;
}

/* One direction of a pump: copies what is readable; at its end (or an error) passes a half-close on. */
static int step(int in, int out, int other_in, char *buf, size_t size) {
    ssize_t r = read(in, buf, size);
    if (r < 0 && errno == EINTR) return 1;
    if (r > 0 && write_all(out, buf, (size_t) r) == 0) return 1;
    if (shutdown(out, SHUT_WR) < 0 && out != other_in) close(out);
    return r < 0 ? -1 : 0;
}

/* Copies a->b and b->a until both directions ended; a half-close is passed on as one. */
static void pump(int a_in, int a_out, int b_in, int b_out) {
    char buf[65536];
    int open_ab = 1, open_ba = 1;
    while (open_ab || open_ba) {
        struct pollfd fds[2];
        int n = 0, ia = -1, ib = -1;
        if (open_ab) { ia = n; fds[n].fd = a_in; fds[n].events = POLLIN; n++; }
        if (open_ba) { ib = n; fds[n].fd = b_in; fds[n].events = POLLIN; n++; }
        if (poll(fds, (nfds_t) n, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (ia >= 0 && fds[ia].revents) {
            int r = step(a_in, b_out, a_in, buf, sizeof buf);
            if (r < 0) return;
            open_ab = r;
        }
        if (ib >= 0 && fds[ib].revents) {
            int r = step(b_in, a_out, b_in, buf, sizeof buf);
            if (r < 0) return;
            open_ba = r;
        }
    }
}

static int valid_socket_name(const char *name) {
    size_t len = strlen(name);
    if (len == 0 || len > 64) return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return 0;
    }
    return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static void serve(int listener, const char *socket_name) {
    struct sockaddr_un proxy = {.sun_family = AF_UNIX};
    snprintf(proxy.sun_path, sizeof proxy.sun_path, "%s%s", EGRESS_DIR, socket_name);
    signal(SIGCHLD, SIG_IGN); /* connection processes reap themselves */
    signal(SIGPIPE, SIG_IGN); /* a peer gone mid-write ends that connection, not the relay */
    for (;;) {
        int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            _exit(1);
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(listener);
            int up = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (up < 0 || connect(up, (struct sockaddr *) &proxy, sizeof proxy) < 0) _exit(1);
            pump(client, client, up, up);
            _exit(0);
        }
        close(client);
    }
}

static int cmd_relay(char *socket_name, char **argv) {
    if (!valid_socket_name(socket_name)) {
        say("not a socket name: ", socket_name, NULL);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(RELAY_PORT), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
            || bind(listener, (struct sockaddr *) &at, sizeof at) < 0 || listen(listener, 128) < 0) {
        say("cannot listen on 127.0.0.1:3128: ", strerror(errno), NULL);
        return 125;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        say("cannot start the relay: ", strerror(errno), NULL);
        return 125;
    }
    if (pid == 0) {
        /* the relay ends with the command (this process's parent once it has exec'd) and never holds its output */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(0);
        int null = open("/dev/null", O_RDWR);
        for (int fd = 0; fd < 3; fd++) {
            if (null >= 0) dup2(null, fd); else close(fd);
        }
        if (null > 2) close(null);
        serve(listener, socket_name);
        _exit(0);
    }
    close(listener); /* listening already: the command's first connection is queued, not refused */
    return run(argv);
}

/* HTTP CONNECT through the relay, then stdin/stdout are the tunnel. */
static int cmd_connect(const char *host, const char *port) {
    for (const char *p = host; *p; p++) {
        if (*p <= ' ' || *p == '/' || *p == '@' || *p == 0x7f) { say("not a host name: ", host, NULL); return 2; }
    }
    for (const char *p = port; *p; p++) {
        if (*p < '0' || *p > '9') { say("not a port: ", port, NULL); return 2; }
    }
    if (!*host || !*port || strlen(host) > 253 || strlen(port) > 5) { say("usage: connect HOST PORT", NULL, NULL); return 2; }
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(RELAY_PORT), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (s < 0 || connect(s, (struct sockaddr *) &at, sizeof at) < 0) {
        say("cannot reach the relay on 127.0.0.1:3128: ", strerror(errno), NULL);
        return 1;
    }
    const char *bracket_open = strchr(host, ':') ? "[" : "", *bracket_close = strchr(host, ':') ? "]" : "";
    char request[600];
    int n = snprintf(request, sizeof request, "CONNECT %s%s%s:%s HTTP/1.1\r\nHost: %s%s%s:%s\r\n\r\n",
                     bracket_open, host, bracket_close, port, bracket_open, host, bracket_close, port);
    if (write_all(s, request, (size_t) n) < 0) return 1;
    /* the reply head, a byte at a time so that nothing of the tunnel is read with it */
    char head[8192];
    size_t len = 0;
    while (len < sizeof head - 1) {
        ssize_t r = read(s, head + len, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len++;
        if (len >= 4 && memcmp(head + len - 4, "\r\n\r\n", 4) == 0) break;
    }
    head[len] = 0;
    if (len < 12 || strncmp(head, "HTTP/1.", 7) != 0 || strncmp(head + 8, " 200", 4) != 0) {
        char *eol = strchr(head, '\r');
        if (eol) *eol = 0;
        say("the proxy refused the tunnel: ", len ? head : "no answer", NULL);
        return 1;
    }
    pump(0, 1, s, s);
    return 0;
}

static int cmd_oom(void) {
    const char *files[] = {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        FILE *f = fopen(files[i], "re");
        if (!f) continue;
        char line[256];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "oom_kill ", 9) == 0) {
                fputs(line + 9, stdout);
                fclose(f);
                return 0;
            }
        }
        fclose(f);
    }
    return 1;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "idle") == 0 && argc == 2) return cmd_idle();
    if (strcmp(cmd, "run") == 0 && argc > 2) {
        signal(SIGPIPE, SIG_DFL); /* the command gets the disposition a shell would give it */
        return run(argv + 2);
    }
    if (strcmp(cmd, "relay") == 0 && argc > 3) {
        signal(SIGPIPE, SIG_DFL);
        return cmd_relay(argv[2], argv + 3);
    }
    if (strcmp(cmd, "connect") == 0 && argc == 4) return cmd_connect(argv[2], argv[3]);
    if (strcmp(cmd, "kill") == 0 && argc == 2) {
        kill(-1, SIGKILL);
        return 0;
    }
    if (strcmp(cmd, "oom") == 0 && argc == 2) return cmd_oom();
    if (strcmp(cmd, "mountinfo") == 0 && argc == 2) return copy_file("/proc/self/mountinfo");
    say("usage: airlock-helper idle | run PROGRAM... | relay SOCKET PROGRAM... | connect HOST PORT | kill | oom | mountinfo",
        NULL, NULL);
    return 2;
}

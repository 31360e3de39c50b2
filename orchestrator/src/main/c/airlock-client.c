/*
 * airlock-client: the fast path of the airlock command. It speaks the same protocol as the Java client
 * (dev.airlock.client.Client, the reference) to a running Airlock server: frames of [type][length][payload]
 * over the state folder's unix socket. It starts in a millisecond where a JVM takes tens; anything it does
 * not handle (no server yet, an in-process command, an unusual path) it hands to the Java client by exec,
 * with AIRLOCK_JAVA and AIRLOCK_CLIENT_CP from the launcher.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

enum {
    HELLO = 1, STDIN_DATA = 2, STDIN_EOF = 3, TTY_IN = 4, TTY_READY = 5, TTY_NONE = 6, CANCEL = 7,
    STDOUT_DATA = 11, STDERR_DATA = 12, TTY_OUT = 13, TTY_OPEN = 14, EXIT = 15, CREDIT = 16
};

extern char **environ;
static int sock = -1;
static int tty = -1;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
/* bytes of stdin the server will take now (it grants more as the command reads): past it we stop reading stdin */
static pthread_mutex_t credit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t credit_more = PTHREAD_COND_INITIALIZER;
static uint64_t credit;

static char **saved_argv;

/* Hands the whole invocation to the Java client: it knows how to start the server and run in-process. */
static void fall_back(void) {
    const char *java = getenv("AIRLOCK_JAVA");
    const char *cp = getenv("AIRLOCK_CLIENT_CP");
    if (!java || !cp) {
        fprintf(stderr, "airlock: no Airlock server answers, and AIRLOCK_JAVA/AIRLOCK_CLIENT_CP are not set to start one\n"
                        "  what to do: run scripts/airlock, which sets them\n");
        exit(125);
    }
    int n = 0;
    while (saved_argv[n]) n++;
    char **args = calloc(n + 8, sizeof(char *));
    int i = 0;
    args[i++] = (char *) java;
    args[i++] = "-XX:+UseSerialGC";
    args[i++] = "-XX:TieredStopAtLevel=1";
    args[i++] = "-Xshare:auto";
    args[i++] = "-cp";
    args[i++] = (char *) cp;
    args[i++] = "dev.airlock.client.Client";
    for (int k = 1; k < n; k++) args[i++] = saved_argv[k];
    args[i] = NULL;
    execv(java, args);
    fprintf(stderr, "airlock: cannot run %s: %s\n", java, strerror(errno));
    exit(125);
}

static int write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len) {
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static int send_frame(uint8_t type, const void *data, uint32_t len) {
    unsigned char header[5] = {type, (unsigned char) (len >> 24), (unsigned char) (len >> 16), (unsigned char) (len >> 8),
                               (unsigned char) len};
    pthread_mutex_lock(&write_lock);
    int rc = write_all(sock, header, 5) == 0 && (len == 0 || write_all(sock, data, len) == 0) ? 0 : -1;
    pthread_mutex_unlock(&write_lock);
    return rc;
}

/* A growing buffer for the hello's JSON. */
typedef struct { char *data; size_t len, cap; } buf_t;

static void put(buf_t *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

/* The length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when it is not one (RFC 3629: no overlong
   forms, no surrogates, nothing above U+10FFFF). */
static int utf8_length(const unsigned char *p) {
    if (p[0] < 0x80) return 1;
    int n = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3 : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    if (n == 0) return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (p[0] == 0xE0) lo = 0xA0;
    else if (p[0] == 0xED) hi = 0x9F;
    else if (p[0] == 0xF0) lo = 0x90;
    else if (p[0] == 0xF4) hi = 0x8F;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) return 0;
    }
    return n;
}

/* A JSON string: escapes what JSON requires, and a byte that is not UTF-8 (an environment may hold any bytes)
   becomes U+FFFD, as Java's own client decodes it, so the hello is always valid JSON in valid UTF-8. */
static void quote(buf_t *b, const char *s) {
    puts_(b, "\"");
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        if (*p >= 0x80) {
            int n = utf8_length(p);
            if (n == 0) {
                puts_(b, "\\ufffd");
            } else {
                put(b, (const char *) p, (size_t) n);
                p += n - 1;
            }
            continue;
        }
        char esc[8];
        switch (*p) {
            case '"': puts_(b, "\\\""); break;
            case '\\': puts_(b, "\\\\"); break;
            case '\n': puts_(b, "\\n"); break;
            case '\r': puts_(b, "\\r"); break;
            case '\t': puts_(b, "\\t"); break;
            default:
                if (*p < 0x20) {
                    snprintf(esc, sizeof esc, "\\u%04x", *p);
                    puts_(b, esc);
                } else {
                    put(b, (const char *) p, 1);
                }
        }
    }
    puts_(b, "\"");
}

static void *pump_stdin(void *unused) {
    (void) unused;
    char data[65536];
    for (;;) {
        pthread_mutex_lock(&credit_lock);
        while (credit == 0) pthread_cond_wait(&credit_more, &credit_lock);
        size_t room = credit < sizeof data ? (size_t) credit : sizeof data;
        pthread_mutex_unlock(&credit_lock);
        ssize_t n = read(0, data, room);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pthread_mutex_lock(&credit_lock);
        credit -= (uint64_t) n;
        pthread_mutex_unlock(&credit_lock);
        if (send_frame(STDIN_DATA, data, (uint32_t) n) < 0) return NULL;
    }
    send_frame(STDIN_EOF, NULL, 0);
    return NULL;
}

static void *pump_tty(void *unused) {
    (void) unused;
    char data[4096];
    for (;;) {
        ssize_t n = read(tty, data, sizeof data);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return NULL;
        if (send_frame(TTY_IN, data, (uint32_t) n) < 0) return NULL;
    }
}

/* Ctrl-C and friends arrive here, on a thread of their own, and become a cancel frame. */
static void *signals(void *set) {
    int sig;
    for (;;) {
        if (sigwait((sigset_t *) set, &sig) == 0) send_frame(CANCEL, NULL, 0);
    }
    return NULL;
}

static void fnv(uint32_t *h, const char *s) {
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) *h = (*h ^ *p) * 0x01000193u;
}

/* The context `docker context use` chose, as dev.airlock.client.ClientProtocol.currentContext reads it: the
   first "currentContext" key's string value in $DOCKER_CONFIG/config.json (else $HOME/.docker/config.json) when
   it is a name Docker allows, else none (out[0] == 0). Returns 0 when the file or name is too large for this
   scan: the Java client decides then. */
static int current_context(char out[256]) {
    out[0] = 0;
    char path[4096];
    const char *folder = getenv("DOCKER_CONFIG");
    const char *home = getenv("HOME");
    if (folder && *folder) snprintf(path, sizeof path, "%s/config.json", folder);
    else if (home && *home) snprintf(path, sizeof path, "%s/.docker/config.json", home);
    else return 1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    static char text[1 << 16];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof text - 1 && (r = read(fd, text + n, sizeof text - 1 - n)) > 0) n += (size_t) r;
    char extra;
    int more = n == sizeof text - 1 && read(fd, &extra, 1) > 0;
    close(fd);
    if (more) return 0;
    text[n] = 0;
    if (strlen(text) != n) return 0; /* a NUL byte: the Java scan reads past it, this one would not */
    const char *p = strstr(text, "\"currentContext\"");
    if (!p) return 1;
    p += strlen("\"currentContext\"");
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p++ != ':') return 1;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p++ != '"') return 1;
    const char *end = strchr(p, '"');
    if (!end || end == p) return 1;
    if (end - p >= 256) return 0; /* longer than this buffer: the Java client decides */
    for (const char *c = p; c < end; c++) {
        int alnum = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
        if (!alnum && (c == p || !strchr("_.+-", *c))) return 1;
    }
    if (end - p == 7 && strncmp(p, "default", 7) == 0) return 1;
    memcpy(out, p, (size_t) (end - p));
    out[end - p] = 0;
    return 1;
}

/* The caller's engine as a socket name's suffix, computed as dev.airlock.client.ClientProtocol.engineKey does
   (the reference): "" for the default engine, else "-" and the FNV-1a hash of NAME=value\n for each engine
   setting that is set. A server uses the engine it started with, so each engine gets its own. Returns 0 when a
   value is not plain ASCII: the Java client, which decodes the environment as the server will, decides then. */
static int engine_suffix(char out[16]) {
    static const char *names[] = {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG"};
    uint32_t h = 0x811c9dc5u;
    int any = 0;
    /* with neither DOCKER_HOST nor DOCKER_CONTEXT set, the context `docker context use` chose stands for DOCKER_CONTEXT */
    char context[256] = "";
    const char *host = getenv("DOCKER_HOST"), *named = getenv("DOCKER_CONTEXT");
    if ((!host || !*host) && (!named || !*named) && !current_context(context)) return 0;
    for (int i = 0; i < 5; i++) {
        const char *v = i == 1 && context[0] ? context : getenv(names[i]);
        if (!v || !*v || (i == 0 && strcmp(v, "unix:///var/run/docker.sock") == 0) || (i == 1 && strcmp(v, "default") == 0)) continue;
        for (const unsigned char *p = (const unsigned char *) v; *p; p++) {
            if (*p >= 0x80) return 0;
        }
        fnv(&h, names[i]);
        fnv(&h, "=");
        fnv(&h, v);
        fnv(&h, "\n");
        any = 1;
    }
    out[0] = 0;
    if (any) snprintf(out, 16, "-%08x", h);
    return 1;
}

int main(int argc, char **argv) {
    saved_argv = argv;
    const char *no_server = getenv("AIRLOCK_NO_SERVER");
    /* `mcp` goes to the server too: it answers initialize at once, where a fresh JVM takes seconds; `shell` owns the terminal */
    if (argc < 2 || (no_server && strcmp(no_server, "1") == 0) || strcmp(argv[1], "server") == 0
        || strcmp(argv[1], "shell") == 0) {
        fall_back();
    }
    char state[4096];
    const char *explicit = getenv("AIRLOCK_STATE_DIR");
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    if (explicit && *explicit && explicit[0] == '/') snprintf(state, sizeof state, "%s", explicit);
    else if (xdg && *xdg && xdg[0] == '/') snprintf(state, sizeof state, "%s/airlock", xdg);
    else if (home && *home && (!explicit || !*explicit) && (!xdg || !*xdg)) snprintf(state, sizeof state, "%s/.local/state/airlock", home);
    else fall_back();

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    char engine[16];
    if (!engine_suffix(engine)) fall_back();
    if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s/server%s.sock", state, engine) >= 100) fall_back();
    /* Only a folder of ours alone may hold the server's socket: one of another user is refused; a link, or
       one of ours open to others, goes to the Java client, which judges a link's target and tightens ours. */
    struct stat st;
    if (lstat(state, &st) < 0 || S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) fall_back();
    if (st.st_uid != geteuid()) {
        fprintf(stderr, "airlock: refused to use %s: it belongs to uid %u, not to you (uid %u); another local user may have\n"
                        "  made it to impersonate the Airlock server, and nothing was sent to it\n"
                        "  what to do: check who owns it (ls -ld %s), remove it or set AIRLOCK_STATE_DIR to a folder of your own\n",
                state, (unsigned) st.st_uid, (unsigned) geteuid(), state);
        return 125;
    }
    if (st.st_mode & 077) fall_back();
    sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *) &addr, sizeof addr) < 0) fall_back();
    /* who listens, from the kernel: ourselves or root, or nothing is sent (argv, cwd and environment would go) */
    struct ucred peer = {.pid = 0, .uid = (uid_t) -1, .gid = (gid_t) -1};
    socklen_t peer_len = sizeof peer;
    if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &peer, &peer_len) < 0 || (peer.uid != geteuid() && peer.uid != 0)) {
        fprintf(stderr, "airlock: refused to talk to %s: the process listening there runs as uid %d, not as you;\n"
                        "  it could be impersonating the Airlock server, and nothing was sent to it\n"
                        "  what to do: find out who runs it (ss -xlp | grep %s), stop it or remove the socket, and try again\n",
                addr.sun_path, (int) peer.uid, addr.sun_path);
        return 125;
    }

    buf_t hello = {0};
    puts_(&hello, "{\"argv\":[");
    for (int i = 1; i < argc; i++) {
        if (i > 1) puts_(&hello, ",");
        quote(&hello, argv[i]);
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
    puts_(&hello, "],\"cwd\":");
    quote(&hello, cwd);
    int stdin_tty = isatty(0);
    puts_(&hello, stdin_tty ? ",\"stdinTty\":true" : ",\"stdinTty\":false");
    puts_(&hello, isatty(2) ? ",\"stderrTty\":true" : ",\"stderrTty\":false");
    puts_(&hello, ",\"env\":{");
    int first = 1;
    for (char **e = environ; *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq) continue; /* an entry without '=' (execve allows it) names no variable */
        if (!first) puts_(&hello, ",");
        first = 0;
        *eq = 0;
        quote(&hello, *e);
        *eq = '=';
        puts_(&hello, ":");
        quote(&hello, eq + 1);
    }
    puts_(&hello, "}}");

    signal(SIGPIPE, SIG_IGN);
    static sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t t;
    pthread_create(&t, NULL, signals, &set);

    if (send_frame(HELLO, hello.data, (uint32_t) hello.len) < 0) fall_back();
    if (stdin_tty) {
        send_frame(STDIN_EOF, NULL, 0);
    } else {
        pthread_create(&t, NULL, pump_stdin, NULL);
    }

    static unsigned char payload[1 << 20];
    for (;;) {
        unsigned char header[5];
        if (read_all(sock, header, 5) < 0) break;
        uint32_t len = ((uint32_t) header[1] << 24) | ((uint32_t) header[2] << 16) | ((uint32_t) header[3] << 8) | header[4];
        if (len > sizeof payload || read_all(sock, payload, len) < 0) break;
        switch (header[0]) {
            case STDOUT_DATA:
                if (write_all(1, payload, len) < 0) {
                    send_frame(CANCEL, NULL, 0); /* our reader left: stop the command, as SIGPIPE would */
                    return 141;
                }
                break;
            case STDERR_DATA:
                write_all(2, payload, len);
                break;
            case TTY_OPEN:
                if (tty < 0) {
                    tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
                    if (tty >= 0) pthread_create(&t, NULL, pump_tty, NULL);
                }
                if (tty < 0) send_frame(TTY_NONE, "no terminal", 11);
                else send_frame(TTY_READY, NULL, 0);
                break;
            case TTY_OUT:
                if (tty >= 0) write_all(tty, payload, len);
                break;
            case CREDIT:
                if (len == 4) {
                    pthread_mutex_lock(&credit_lock);
                    credit += ((uint32_t) payload[0] << 24) | ((uint32_t) payload[1] << 16) | ((uint32_t) payload[2] << 8) | payload[3];
                    pthread_cond_signal(&credit_more);
                    pthread_mutex_unlock(&credit_lock);
                }
                break;
            case EXIT:
                if (len == 4) return (int) (((uint32_t) payload[0] << 24) | ((uint32_t) payload[1] << 16)
                                            | ((uint32_t) payload[2] << 8) | payload[3]) & 0xff;
                return 125;
            default:
                break;
        }
    }
    fprintf(stderr, "airlock: lost the connection to the Airlock server: it ended before the command did, so how the"
                    " command ended is unknown (a writable run can be undone: airlock rollback)\n"
                    "  what to do: run the command again (a new server starts); see the server's log (airlock doctor),"
                    " or run with AIRLOCK_NO_SERVER=1\n");
    return 125;
}

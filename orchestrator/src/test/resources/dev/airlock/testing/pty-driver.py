# Runs a command on a pseudo-terminal of its own, for tests that need to resize the window:
# stdin lines: "K <base64>" types those bytes, "R <rows> <cols>" resizes; the screen goes to stdout;
# the last line is "EXIT <status>".
import base64, fcntl, os, pty, select, struct, sys, termios

def size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

pid, master = pty.fork()
if pid == 0:
    size(0, 30, 100)
    os.execvp(sys.argv[1], sys.argv[1:])
pending = b""
alive = True
while alive:
    ready, _, _ = select.select([master, 0], [], [])
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            alive = False
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    if 0 in ready:
        chunk = os.read(0, 65536)
        if not chunk:
            continue
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if line.startswith(b"K "):
                os.write(master, base64.b64decode(line[2:]))
            elif line.startswith(b"R "):
                _, rows, cols = line.split()
                size(master, int(rows), int(cols))
_, status = os.waitpid(pid, 0)
sys.stdout.write("\nEXIT %d\n" % os.waitstatus_to_exitcode(status))
sys.stdout.flush()

package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mount table as the kernel writes it, and what of it proves a container is mounted as its spec asked. */
class MountCheckTest {

    static final String ROOT = "77 53 0:40 / / rw,relatime master:2 - overlay overlay rw,lowerdir=/l";
    static final String TMP = "101 77 0:52 / /tmp rw,nosuid,nodev,relatime - tmpfs tmpfs rw,size=65536k";
    static final String HOME = "102 77 0:53 / /home/airlock rw,nosuid,nodev,relatime - tmpfs tmpfs rw";
    static final String WORKSPACE = "94 77 254:0 /srv/ws /workspace rw,relatime - ext4 /dev/vda rw";
    static final String PASSWD = "95 77 254:0 /state/passwd /etc/passwd ro,relatime - ext4 /dev/vda rw";
    static final String HOOKS = "98 94 254:0 /srv/ws/sub/.git/hooks /workspace/sub/.git/hooks ro,relatime - ext4 /dev/vda rw";
    static final String MASK = "99 94 254:0 /state/empty /workspace/config/.env ro,relatime - ext4 /dev/vda rw";

    /** The spec as SpecFactory makes it for a workspace at /home/u/ws (the host path; the filesystem sees /srv/ws). */
    static ContainerSpec spec() {
        return new ContainerSpec("img", Optional.empty(), "1000:1000", "/workspace",
                List.of(new Mount(Path.of("/home/u/ws"), "/workspace", false),
                        new Mount(Path.of("/state/passwd"), "/etc/passwd", true),
                        new Mount(Path.of("/home/u/ws/sub/.git/hooks"), "/workspace/sub/.git/hooks", true),
                        new Mount(Path.of("/state/empty"), "/workspace/config/.env", true)),
                List.of(new Tmpfs("/tmp", 1 << 20, 0, 0, "1777"), new Tmpfs("/home/airlock", 1 << 20, 1000, 1000, "0700")),
                Map.of(), Network.NONE, List.of(), new Resources(1, 1 << 30, 100), Map.of(), List.of("cat"));
    }

    static String table(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("as asked", table(ROOT, TMP, HOME, WORKSPACE, PASSWD, HOOKS, MASK), List.of()),
                // the attack: sub was a link to a host folder when the engine resolved the source
                Arguments.of("a protected bind from a host folder", table(ROOT, TMP, HOME, WORKSPACE, PASSWD,
                        "98 94 254:0 /tmp/victim/.git/hooks /workspace/sub/.git/hooks ro,relatime - ext4 /dev/vda rw", MASK),
                        List.of("/workspace/sub/.git/hooks does not show the workspace's sub/.git/hooks")),
                Arguments.of("a protected bind from another filesystem at the same path", table(ROOT, TMP, HOME, WORKSPACE, PASSWD,
                        "98 94 254:16 /srv/ws/sub/.git/hooks /workspace/sub/.git/hooks ro,relatime - ext4 /dev/vdb rw", MASK),
                        List.of("/workspace/sub/.git/hooks does not show the workspace's sub/.git/hooks")),
                // ... and the target resolved through the same link, inside the container
                Arguments.of("a protected bind that landed elsewhere", table(ROOT, TMP, HOME, WORKSPACE, PASSWD,
                        "98 101 254:0 /tmp/victim/.git/hooks /tmp/victim/.git/hooks ro,relatime - ext4 /dev/vda rw", MASK),
                        List.of("nothing is mounted at /workspace/sub/.git/hooks")),
                Arguments.of("a mask resolved through a link", table(ROOT, TMP, HOME, WORKSPACE, PASSWD, HOOKS,
                        "99 94 254:0 /state/empty /workspace/elsewhere/.env ro,relatime - ext4 /dev/vda rw"),
                        List.of("nothing is mounted at /workspace/config/.env")),
                // the engine binds recursively: the host's own mounts below the workspace show up, and are no sign
                Arguments.of("a host mount below the workspace", table(ROOT, TMP, HOME, WORKSPACE, PASSWD, HOOKS, MASK,
                        "130 94 0:70 / /workspace/data rw,relatime - tmpfs tmpfs rw"), List.of()),
                Arguments.of("a protected path bound writable", table(ROOT, TMP, HOME, WORKSPACE, PASSWD,
                        "98 94 254:0 /srv/ws/sub/.git/hooks /workspace/sub/.git/hooks rw,relatime - ext4 /dev/vda rw", MASK),
                        List.of("/workspace/sub/.git/hooks is not read-only")),
                Arguments.of("a source deleted since", table(ROOT, TMP, HOME, WORKSPACE, PASSWD,
                        "98 94 254:0 /srv/ws/sub/.git/hooks//deleted /workspace/sub/.git/hooks ro,relatime - ext4 /dev/vda rw", MASK),
                        List.of("what is mounted at /workspace/sub/.git/hooks was deleted",
                                "/workspace/sub/.git/hooks does not show the workspace's sub/.git/hooks")),
                Arguments.of("an older kernel's spelling of deleted", table(ROOT, TMP, HOME, WORKSPACE, PASSWD, HOOKS,
                        "99 94 254:0 /state/empty\\040(deleted) /workspace/config/.env ro,relatime - ext4 /dev/vda rw"),
                        List.of("what is mounted at /workspace/config/.env was deleted")),
                Arguments.of("a later mount covering the protected one", table(ROOT, TMP, HOME, WORKSPACE, PASSWD, HOOKS, MASK,
                        "120 98 254:0 /srv/ws/other /workspace/sub/.git/hooks rw,relatime - ext4 /dev/vda rw"),
                        List.of("/workspace/sub/.git/hooks is not read-only",
                                "/workspace/sub/.git/hooks does not show the workspace's sub/.git/hooks")),
                Arguments.of("no tmpfs at /tmp", table(ROOT, HOME, WORKSPACE, PASSWD, HOOKS, MASK),
                        List.of("no tmpfs is mounted at /tmp")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void onlyAContainerMountedExactlyAsAskedPasses(String name, String mountinfo, List<String> problems) {
        assertThat(MountCheck.problems(spec(), MountTable.parse(mountinfo))).containsExactlyElementsOf(problems);
    }

    @Test
    void aWorkspaceAtTheFilesystemRootIsJoinedWithoutADoubleSlash() {
        String table = table(ROOT, TMP, HOME, "94 77 0:60 / /workspace rw - ext4 /dev/vdc rw", PASSWD,
                "98 94 0:60 /sub/.git/hooks /workspace/sub/.git/hooks ro - ext4 /dev/vdc rw", MASK);

        assertThat(MountCheck.problems(spec(), MountTable.parse(table))).isEmpty();
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of("/srv/my\\040ws", "/srv/my ws"),
                Arguments.of("/a\\011b\\012c", "/a\tb\nc"),
                Arguments.of("/back\\134slash", "/back\\slash"),
                Arguments.of("/not\\08", "/not\\08"),
                // a name's own UTF-8 bytes, read one char per byte
                Arguments.of(new String("/caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1), "/caf\u00e9"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("spellings")
    void escapedPathsReadAsTheNamesTheyAre(String written, String name) {
        assertThat(MountTable.unescape(written)).isEqualTo(name);
    }

    @Test
    void optionalFieldsAndTheSeparatorAreParsed() {
        var entry = MountTable.parse("36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n")
                .entries().getFirst();

        assertThat(entry).isEqualTo(new MountTable.Entry(36, 35, "98:0", "/mnt1", "/mnt/my disk", List.of("rw", "noatime"), "ext3"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "garbage", "1 2 3 4 5 6 7 8 9 10", "36 35 98:0 /a /b rw - ext4"})
    void aTableThatIsNotMountinfoIsRefused(String text) {
        assertThatThrownBy(() -> MountTable.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workspacePathsAreLookedUpWithoutFollowingLinks(@TempDir Path dir) throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path victim = Files.createDirectories(dir.resolve("victim/.git/hooks"));
        Files.createDirectories(ws.resolve("sub/.git/hooks"));
        Files.createDirectories(ws.resolve("config"));
        Files.writeString(ws.resolve("config/.env"), "S=1\n");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        var spec = new ContainerSpec("img", Optional.empty(), "1000:1000", "/workspace",
                List.of(new Mount(ws, "/workspace", false),
                        new Mount(ws.resolve("sub/.git/hooks"), "/workspace/sub/.git/hooks", true),
                        new Mount(empty, "/workspace/config/.env", true)),
                List.of(), Map.of(), Network.NONE, List.of(), new Resources(1, 1 << 30, 100), Map.of(), List.of("cat"));
        var seen = (MountSources.Result.Ok) MountSources.look(spec);
        assertThat(MountSources.changed(spec, seen.seen())).isEmpty();

        Files.move(ws.resolve("sub"), ws.resolve("sub.real"));
        Files.createSymbolicLink(ws.resolve("sub"), ws.relativize(victim.getParent().getParent()));
        assertThat(MountSources.look(spec)).isEqualTo(new MountSources.Result.Refused("sub is a symbolic link"));
        Files.delete(ws.resolve("sub"));
        Files.move(ws.resolve("sub.real"), ws.resolve("sub"));

        Files.move(ws.resolve("config/.env"), ws.resolve("config/.env.real"));
        Files.writeString(ws.resolve("config/.env"), "");
        assertThat(MountSources.changed(spec, seen.seen())).contains("config/.env is no longer the object the container was made over");
        Files.delete(ws.resolve("config/.env"));
        Files.createSymbolicLink(ws.resolve("config/.env"), Path.of(".env.real"));
        assertThat(MountSources.look(spec)).isEqualTo(new MountSources.Result.Refused("config/.env is a symbolic link"));
        Files.delete(ws.resolve("config/.env"));
        Files.createDirectories(ws.resolve("config/.env"));
        assertThat(MountSources.look(spec)).isEqualTo(new MountSources.Result.Refused("config/.env is a folder where the mount needs a file"));
    }
}

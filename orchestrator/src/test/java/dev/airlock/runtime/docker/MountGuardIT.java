package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Mount;
import dev.airlock.runtime.MountCheck;
import dev.airlock.runtime.MountGuard;
import dev.airlock.runtime.MountTable;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Resources;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.Tmpfs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount check against a real engine and kernel: a container the engine made through a link the sandbox
 * planted (bind source resolved on the host, mask target in the container) is recognised by its mount table,
 * whichever way the table is read, and is removed rather than used.
 */
class MountGuardIT {

    static final Map<String, String> LABELS = Map.of("dev.airlock.test", "MountGuardIT");
    static final DockerRuntime RUNTIME = DockerRuntime.connect();

    @TempDir
    Path dir;
    Path ws;
    Path victim;
    Path empty;
    final MountGuard guard = new MountGuard(RUNTIME);

    @BeforeEach
    void workspace() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve("sub/.git/hooks"));
        Files.writeString(ws.resolve("sub/.git/hooks/own"), "own hook\n");
        Files.createDirectories(ws.resolve("config"));
        Files.writeString(ws.resolve("config/.env"), "TOKEN=secret-4711\n");
        victim = Files.createDirectories(dir.resolve("victim/.git/hooks")).getParent().getParent();
        Files.writeString(victim.resolve(".git/hooks/marker"), "VICTIM\n");
        empty = Files.writeString(dir.resolve("empty"), "");
    }

    @AfterEach
    void removeWhatTheTestStarted() {
        RUNTIME.list(LABELS).forEach(RUNTIME::remove);
    }

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    ContainerSpec spec() {
        return new ContainerSpec("airlock/sandbox:latest", Optional.empty(), "0:0", "/workspace",
                List.of(new Mount(ws, "/workspace", false),
                        new Mount(ws.resolve("sub/.git/hooks"), "/workspace/sub/.git/hooks", true),
                        new Mount(empty, "/workspace/config/.env", true)),
                List.of(new Tmpfs("/tmp", 64 << 20, 0, 0, "1777")), Map.of("PATH", "/usr/bin:/bin"), Network.NONE, List.of(),
                new Resources(1, 256 << 20, 100), LABELS, List.of("cat"));
    }

    /** The sandbox's own swap: the folders become relative links that lead to the victim on the host and inside. */
    void swapToLinks() throws Exception {
        String link = "../".repeat(ws.getNameCount() + 1) + victim.toString().substring(1);
        Files.move(ws.resolve("sub"), ws.resolve("sub.real"));
        Files.createSymbolicLink(ws.resolve("sub"), Path.of(link));
        Files.move(ws.resolve("config"), ws.resolve("config.real"));
        Files.createSymbolicLink(ws.resolve("config"), Path.of(link));
    }

    void swapBack() throws Exception {
        Files.delete(ws.resolve("sub"));
        Files.delete(ws.resolve("config"));
        Files.move(ws.resolve("sub.real"), ws.resolve("sub"));
        Files.move(ws.resolve("config.real"), ws.resolve("config"));
    }

    String run(Sandbox sandbox, String script) {
        var out = new ByteArrayOutputStream();
        RUNTIME.exec(sandbox, new ExecSpec(List.of("sh", "-c", script), Map.of(), Duration.ofSeconds(20), 1 << 20),
                new ProcessIO(out, out, Optional.empty()));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aContainerMadeAsAskedMatchesItsSpecReadFromTheHostOrFromInside() {
        Sandbox sandbox = guard.start(spec(), 1).sandbox();

        MountTable fromHost = RUNTIME.mountTable(sandbox);
        MountTable fromInside = MountTable.parse(RUNTIME.readByExec(sandbox));

        assertThat(MountCheck.problems(spec(), fromHost)).isEmpty();
        assertThat(MountCheck.problems(spec(), fromInside)).isEmpty();
        assertThat(fromInside.entries().stream().map(MountTable.Entry::mountPoint).toList())
                .containsExactlyInAnyOrderElementsOf(fromHost.entries().stream().map(MountTable.Entry::mountPoint).toList());
        assertThat(run(sandbox, "cat sub/.git/hooks/own; wc -c < config/.env")).isEqualTo("own hook\n0\n");
    }

    @Test
    void aContainerTheEngineMadeThroughLinksIsRecognisedAndReplacedWhenTaken() throws Exception {
        MountGuard.Made made = guard.start(spec(), 1);
        RUNTIME.remove(made.sandbox());
        swapToLinks();
        // what the engine does when the look before it lost the race: the links are followed
        Sandbox followed = RUNTIME.start(spec());
        swapBack();
        assertThat(run(followed, "cat " + victim + "/.git/hooks/marker; cat config/.env")).contains("VICTIM").contains("secret-4711");

        List<String> problems = MountCheck.problems(spec(), RUNTIME.mountTable(followed));
        MountGuard.Made taken = guard.take(new MountGuard.Made(followed, spec(), made.seen()), spec());

        assertThat(problems).contains("nothing is mounted at /workspace/sub/.git/hooks", "nothing is mounted at /workspace/config/.env");
        assertThat(taken.sandbox()).isNotEqualTo(followed);
        assertThat(RUNTIME.list(LABELS)).extracting(Sandbox::id).doesNotContain(followed.id());
        assertThat(run(taken.sandbox(), "cat " + victim + "/.git/hooks/marker 2>&1; cat config/.env; cat sub/.git/hooks/own"))
                .doesNotContain("VICTIM").doesNotContain("secret-4711").contains("own hook");
    }

    @Test
    void aSourceFollowedOnTheHostIsRecognisedEvenWhenTheTargetWasNot() throws Exception {
        // the target resolves in the container, so a link there only the host sees: the bind's root gives it away
        MountGuard.Made made = guard.start(spec(), 1);
        Files.move(ws.resolve("sub"), ws.resolve("sub.real"));
        Files.createSymbolicLink(ws.resolve("sub"), Path.of("sub.elsewhere"));
        Files.createDirectories(ws.resolve("sub.elsewhere/.git/hooks"));
        Sandbox followed = RUNTIME.start(spec());
        Files.delete(ws.resolve("sub"));
        Files.move(ws.resolve("sub.real"), ws.resolve("sub"));

        assertThat(MountCheck.problems(spec(), RUNTIME.mountTable(followed))).isNotEmpty();
        assertThat(guard.problem(new MountGuard.Made(followed, spec(), made.seen()))).isPresent();
    }

    @Test
    void aWorkspaceThatStaysALinkIsRefusedWithWhatToDo() throws Exception {
        swapToLinks();

        assertThatThrownBy(() -> guard.start(spec(), 2))
                .isInstanceOf(AirlockException.class)
                .hasMessageContaining("config is a symbolic link")
                .satisfies(e -> assertThat(((AirlockException) e).hint()).contains("run this one again"));
        assertThat(RUNTIME.list(LABELS)).isEmpty();
    }

    static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}

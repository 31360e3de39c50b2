package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 3: Airlock's state folder on a small disk (a 4 MiB tmpfs the test mounts) and a workspace
 * whose checkpoint does not fit. The command is refused before it runs, says the disk is full and what to do,
 * leaves no half-written checkpoint filling the disk, keeps the audit log parseable and starts no container;
 * once the user makes room, the next command in the same workspace works.
 */
class FullDiskIT {

    @TempDir
    Path dir;
    Path state;
    Path workspace;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("mounting a tmpfs needs root").isZero();
        state = Files.createDirectories(dir.resolve("state"));
        assertThat(exec("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", state.toString())).isZero();
        workspace = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(workspace.resolve("a.txt"), "before\n");
        Random random = new Random(18);
        for (String name : List.of("big1.bin", "big2.bin")) {
            byte[] bytes = new byte[3 << 20]; // random: git cannot compress it below the disk's size
            random.nextBytes(bytes);
            Files.write(workspace.resolve(name), bytes);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (state != null) {
            exec("umount", "-l", state.toString());
        }
    }

    @Test
    void aCheckpointThatDoesNotFitRefusesTheCommandBeforeItRunsAndLeavesNothingHalfWritten() throws Exception {
        Cli cli = new Cli(state);
        var refused = cli.run(concat(List.of("run", "--workspace", workspace.toString(), "--"),
                Scripts.opaque("echo changed > a.txt")));

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(125);
        assertThat(refused.err()).contains("is full").contains("nothing ran").contains("AIRLOCK_STATE_DIR");
        assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("before\n");
        // what the checkpoint had written is gone: the disk has room again for the audit and the next try
        assertThat(Files.getFileStore(state).getUsableSpace()).isGreaterThan(3L << 20);
        assertAuditParses();
        String session = CheckpointIT.session(refused);
        assertThat(Engine.containersOf(session)).isEmpty();

        // the user makes room; the same workspace's next command checkpoints and runs
        Files.delete(workspace.resolve("big2.bin"));
        var ran = cli.run(concat(List.of("run", "--workspace", workspace.toString(), "--"), Scripts.opaque("echo changed > a.txt")));
        assertThat(ran.exit()).as(ran.toString()).isZero();
        assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("changed\n");
        assertAuditParses();
    }

    private void assertAuditParses() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> all = Files.walk(state)) {
            all.filter(p -> p.getFileName().toString().endsWith(".jsonl")).forEach(logs::add);
        }
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                assertThat(json.readTree(line).isObject()).as(log + ": " + line).isTrue();
            }
        }
    }

    static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static int exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}

package dev.airlock.runtime.docker;

import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Mount;
import dev.airlock.runtime.MountCheck;
import dev.airlock.runtime.MountGuard;
import dev.airlock.runtime.MountTable;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Resources;
import dev.airlock.runtime.Tmpfs;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What checking a kept container costs each time it is taken, against the exec it guards: prints a markdown
 * table. Not a test; run as {@code java -cp <test-classes>:<classes>:<deps> dev.airlock.runtime.docker.MountGuardBench [rounds] [masks]}.
 */
public final class MountGuardBench {

    private MountGuardBench() {
    }

    interface Step {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int masks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("airlock-bench");
        try (DockerRuntime runtime = DockerRuntime.connect()) {
            Path ws = Files.createDirectories(dir.resolve("ws"));
            Path empty = Files.writeString(dir.resolve("empty"), "");
            List<Mount> mounts = new ArrayList<>(List.of(new Mount(ws, "/workspace", false)));
            for (String p : List.of(".git/hooks", ".airlock")) {
                Files.createDirectories(ws.resolve(p));
                mounts.add(new Mount(ws.resolve(p), "/workspace/" + p, true));
            }
            Files.writeString(ws.resolve(".git/config"), "");
            mounts.add(new Mount(ws.resolve(".git/config"), "/workspace/.git/config", true));
            for (int i = 0; i < masks; i++) {
                Path env = ws.resolve("app" + i + "/config/.env");
                Files.createDirectories(env.getParent());
                Files.writeString(env, "S=" + i + "\n");
                mounts.add(new Mount(empty, "/workspace/app" + i + "/config/.env", true));
            }
            var spec = new ContainerSpec("airlock/sandbox:latest", Optional.empty(), "0:0", "/workspace", mounts,
                    List.of(new Tmpfs("/tmp", 64 << 20, 0, 0, "1777")), Map.of("PATH", "/usr/bin:/bin"), Network.NONE, List.of(),
                    new Resources(1, 256 << 20, 100), Map.of("dev.airlock.test", "MountGuardBench"), List.of("cat"));
            var guard = new MountGuard(runtime);
            MountGuard.Made made = guard.start(spec, 1);
            try {
                var exec = new ExecSpec(List.of("true"), Map.of(), Duration.ofSeconds(10), 1024);
                var io = new ProcessIO(OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Optional.empty());
                double execMs = median(rounds, () -> runtime.exec(made.sandbox(), exec, io));
                double take = median(rounds, () -> guard.problem(made).ifPresent(p -> {
                    throw new IllegalStateException(p);
                }));
                double table = median(rounds, () -> MountCheck.problems(spec, runtime.mountTable(made.sandbox())));
                double byExec = median(rounds, () -> {
                    if (!MountCheck.problems(spec, MountTable.parse(runtime.readByExec(made.sandbox()))).isEmpty()) {
                        throw new IllegalStateException("mismatch");
                    }
                });
                System.out.printf("| what (workspace with 3 protected paths and %d masks) | median | vs the exec |%n|---|---|---|%n", masks);
                System.out.printf("| exec of `true` into the container (the command itself) | %.1f ms | 1.00x |%n", execMs);
                System.out.printf("| check on take: workspace paths without links + mount table from the host `/proc/<pid>` | %.2f ms | %.2fx |%n", take, take / execMs);
                System.out.printf("| of which: mount table from the host + compare | %.2f ms | %.2fx |%n", table, table / execMs);
                System.out.printf("| mount table read by an exec inside instead (remote engine, gVisor) + compare | %.1f ms | %.2fx |%n", byExec, byExec / execMs);
            } finally {
                runtime.remove(made.sandbox());
            }
        }
    }

    static double median(int rounds, Step step) throws Exception {
        for (int i = 0; i < 10; i++) {
            step.run();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}

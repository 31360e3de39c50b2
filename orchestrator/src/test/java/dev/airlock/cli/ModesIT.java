package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mode runs with its base profile; a profile beyond what the mode reaches is refused. */
class ModesIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(state);
    }

    private Cli.Result probe(String... modeArgs) {
        var args = new java.util.ArrayList<>(java.util.List.of("run", "--workspace", workspace.toString()));
        args.addAll(java.util.List.of(modeArgs));
        args.add("--no-retry");
        args.add("--");
        args.addAll(dev.airlock.testing.Scripts.opaque("touch w 2>/dev/null && echo rw || echo ro; ls /sys/class/net | tr '\\n' ' '; rm -f w"));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void eachModeRunsWithItsBaseProfile() {
        assertThat(probe("--mode", "read-only").out()).isEqualTo("ro\nlo ");
        assertThat(probe("--mode", "default").out()).isEqualTo("rw\nlo ");
        assertThat(probe("--mode", "auto-review").out()).isEqualTo("rw\nlo ");
        // full-access has an interface on the engine's bridge; the test only looks, it never connects anywhere
        assertThat(probe("--mode", "full-access").out()).startsWith("rw\n").contains("eth0").contains("lo");
    }

    @Test
    void aProfileTheModeReachesCanBePickedAndOthersAreRefused() {
        assertThat(probe("--mode", "read-only", "--profile", "workspace-write").out()).isEqualTo("rw\nlo ");

        var refused = probe("--mode", "read-only", "--profile", "full-access");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("mode read-only cannot use profile full-access").contains("read-only, workspace-write");
    }

    @Test
    void aBroadWorkspaceIsRefusedWithWhy() {
        var result = cli.run("run", "--workspace", "/", "--", "true");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("refusing / as a workspace: it is the root of the filesystem")
                .contains("--allow-broad-workspace");
    }
}

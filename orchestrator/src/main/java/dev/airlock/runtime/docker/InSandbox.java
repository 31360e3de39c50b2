package dev.airlock.runtime.docker;

import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.Helper;
import dev.airlock.runtime.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Airlock runs inside a sandbox, as argv: through its own helper when the sandbox has it mounted
 * (every sandbox Airlock's sessions make), else through the image's own {@code env}, {@code sh} and
 * {@code cat} (containers of hand-made specs, as in tests).
 */
final class InSandbox {

    /** Set on a container whose spec mounts the helper. */
    static final String LABEL = "dev.airlock.helper";

    private InSandbox() {
    }

    static void label(ContainerSpec spec, Map<String, String> labels) {
        if (Helper.mountedIn(spec)) {
            labels.put(LABEL, Helper.PATH);
        }
    }

    private static boolean has(Sandbox sandbox) {
        return Helper.PATH.equals(sandbox.labels().get(LABEL));
    }

    /** A command, found in PATH; a missing program exits 127 and a non-executable one 126, as in a shell. */
    static String[] command(Sandbox sandbox, List<String> argv) {
        if (has(sandbox)) {
            return Helper.run(argv).toArray(String[]::new);
        }
        List<String> out = new ArrayList<>(List.of("/usr/bin/env", "--"));
        out.addAll(argv);
        return out.toArray(String[]::new);
    }

    static String[] killAll(Sandbox sandbox, String shellScript) {
        return has(sandbox) ? Helper.killAll().toArray(String[]::new) : new String[] {"/bin/sh", "-c", shellScript};
    }

    static String[] oomCount(Sandbox sandbox, String shellScript) {
        return has(sandbox) ? Helper.oomCount().toArray(String[]::new) : new String[] {"/bin/sh", "-c", shellScript};
    }

    static String[] mountInfo(Sandbox sandbox) {
        return has(sandbox) ? Helper.mountInfo().toArray(String[]::new) : new String[] {"/bin/cat", "/proc/self/mountinfo"};
    }
}

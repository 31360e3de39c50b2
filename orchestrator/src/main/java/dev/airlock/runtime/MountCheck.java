package dev.airlock.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what a container was created with against its mount table: pure, no I/O. Every mount the spec
 * asked for must sit exactly at its target (a mask resolved through a link sits elsewhere); a bind of a path
 * inside the workspace must show that path of the workspace's own filesystem (a source resolved through a
 * link shows another); a read-only one must be read-only. Other mounts inside the workspace are not refused:
 * the engine binds recursively, so the host's own mounts below the workspace appear there, and a mount that
 * landed in the wrong place is already missing from its target.
 */
public final class MountCheck {

    private MountCheck() {
    }

    /** What does not match, one sentence each naming the container path; empty when all does. */
    public static List<String> problems(ContainerSpec spec, MountTable table) {
        List<String> problems = new ArrayList<>();
        Map<String, Mount> wanted = new LinkedHashMap<>();
        spec.mounts().forEach(m -> wanted.put(m.containerPath(), m)); // a later mount at one target covers an earlier one
        Optional<Mount> workspace = workspaceMount(spec);
        Optional<MountTable.Entry> anchor = workspace.flatMap(w -> table.top(w.containerPath()));
        for (Mount m : wanted.values()) {
            String target = m.containerPath();
            Optional<MountTable.Entry> found = table.top(target);
            if (found.isEmpty()) {
                problems.add("nothing is mounted at " + target);
                continue;
            }
            MountTable.Entry e = found.get();
            if (e.deleted()) {
                problems.add("what is mounted at " + target + " was deleted");
            }
            if (m.readOnly() && !e.readOnly()) {
                problems.add(target + " is not read-only");
            }
            Optional<String> rel = workspace.filter(w -> !w.equals(m)).flatMap(w -> relative(w.hostPath(), m.hostPath()));
            if (rel.isPresent()) {
                if (anchor.isEmpty()) {
                    problems.add(target + " cannot be checked: the workspace is not mounted");
                } else if (!e.device().equals(anchor.get().device()) || !e.root().equals(join(anchor.get().root(), rel.get()))) {
                    problems.add(target + " does not show the workspace's " + rel.get());
                }
            }
        }
        for (Tmpfs t : spec.tmpfs()) {
            if (table.top(t.containerPath()).filter(e -> e.fsType().equals("tmpfs")).isEmpty()) {
                problems.add("no tmpfs is mounted at " + t.containerPath());
            }
        }
        return problems;
    }

    /** The bind of the workspace: the one mounted at the working directory. */
    static Optional<Mount> workspaceMount(ContainerSpec spec) {
        Mount found = null;
        for (Mount m : spec.mounts()) {
            if (m.containerPath().equals(spec.workdir())) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The path of {@code inner} below {@code outer}, {@code /}-separated; empty when it is not below. */
    static Optional<String> relative(Path outer, Path inner) {
        Path o = outer.normalize();
        Path i = inner.normalize();
        if (i.equals(o) || !i.startsWith(o)) {
            return Optional.empty();
        }
        return Optional.of(o.relativize(i).toString().replace('\\', '/'));
    }

    private static String join(String root, String rel) {
        return root.endsWith("/") ? root + rel : root + "/" + rel;
    }
}

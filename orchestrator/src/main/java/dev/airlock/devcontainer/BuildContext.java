package dev.airlock.devcontainer;

import dev.airlock.AirlockException;
import dev.airlock.scope.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build context as Airlock makes it, never as the engine would read it from a path: each entry opened
 * below the workspace root with no link followed in any component, folders and regular files with one link
 * only. Links, hard-linked files, FIFOs and devices are left out (and named); so is everything the workspace
 * masks, so a build cannot bake a secret the sandbox may not read into the image.
 *
 * @param tar   the context, with the Dockerfile at {@link #DOCKERFILE}
 * @param files regular files in it
 * @param bytes their total size
 * @param left  what was left out, workspace-relative
 * @param dockerfile the Dockerfile's text, to show a person
 */
public record BuildContext(byte[] tar, int files, long bytes, List<String> left, String dockerfile) {

    /** Where the Dockerfile sits in the tar, whatever its name in the workspace. */
    public static final String DOCKERFILE = ".airlock-devcontainer.Dockerfile";
    static final long MAX_BYTES = 64L << 20;
    static final int MAX_ENTRIES = 20_000;

    public BuildContext {
        left = List.copyOf(left);
    }

    /** @param masked the workspace-relative paths the sandbox sees masked (a folder ends with {@code /}) */
    public static BuildContext make(Path root, Definition.Build build, List<String> masked) {
        byte[] dockerfile = regular(root, build.dockerfile());
        Walk walk = new Walk(root, masked);
        try {
            if (!build.context().isEmpty() && !WorkspaceFiles.isFolder(root, build.context())) {
                throw AirlockException.failure("the build context " + build.context() + " is not a folder of the workspace",
                        "set build.context in the devcontainer.json to a folder of the workspace");
            }
            walk.folder(build.context(), "");
        } catch (WorkspaceFiles.Refused e) {
            throw AirlockException.failure("the build context's " + e.relative() + " " + e.getMessage(), "make it a plain folder");
        } catch (IOException e) {
            throw AirlockException.failure("cannot read the build context " + show(build.context()) + ": " + e.getMessage(), "check the folder");
        }
        walk.tar.file(DOCKERFILE, dockerfile, false);
        return new BuildContext(walk.tar.finish(), walk.files, walk.bytes, walk.left,
                new String(dockerfile, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One pass over the context; paths in the tar are relative to the context folder. */
    private static final class Walk {
        final Path root;
        final List<String> masked;
        final Tar tar = new Tar();
        final List<String> left = new ArrayList<>();
        int files;
        int entries;
        long bytes;

        Walk(Path root, List<String> masked) {
            this.root = root;
            this.masked = masked;
        }

        void folder(String relative, String inTar) throws IOException {
            for (String name : WorkspaceFiles.list(root, relative)) {
                String path = relative.isEmpty() ? name : relative + "/" + name;
                String entry = inTar.isEmpty() ? name : inTar + "/" + name;
                if (++entries > MAX_ENTRIES) {
                    throw AirlockException.failure("the build context holds more than " + MAX_ENTRIES + " entries",
                            "build from a smaller folder: set build.context to .devcontainer or a folder of its own");
                }
                if (isMasked(path) || entry.equals(DOCKERFILE)) {
                    left.add(path);
                    continue;
                }
                Optional<String> type;
                try {
                    type = WorkspaceFiles.type(root, path);
                } catch (WorkspaceFiles.Refused e) {
                    left.add(path); // a link (to anywhere) is not followed, and not sent
                    continue;
                }
                if (type.isEmpty()) {
                    continue; // gone since the listing
                }
                if (type.get().equals("a folder")) {
                    tar.folder(entry);
                    folder(path, entry);
                } else if (type.get().equals("a file")) {
                    file(path, entry);
                } else {
                    left.add(path); // a FIFO, a socket, a device: not sent
                }
            }
        }

        void file(String path, String entry) throws IOException {
            Optional<byte[]> content;
            try {
                content = WorkspaceFiles.read(root, path, (int) Math.min(Integer.MAX_VALUE - 16, MAX_BYTES - bytes));
            } catch (WorkspaceFiles.Refused e) {
                left.add(path); // a hard link (maybe to a file masked elsewhere), or swapped for a link just now
                return;
            }
            if (content.isEmpty()) {
                return;
            }
            bytes += content.get().length;
            files++;
            if (bytes > MAX_BYTES) {
                throw AirlockException.failure("the build context is larger than " + (MAX_BYTES >> 20) + " MiB",
                        "build from a smaller folder: set build.context to .devcontainer or a folder of its own");
            }
            // only the mode bit is looked up by name (no content): a race here changes a permission, nothing more
            boolean executable;
            try {
                executable = java.nio.file.Files.getPosixFilePermissions(root.resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
            } catch (IOException | UnsupportedOperationException e) {
                executable = false;
            }
            tar.file(entry, content.get(), executable);
        }

        boolean isMasked(String path) {
            for (String m : masked) {
                if (m.endsWith("/") ? (path + "/").startsWith(m) : path.equals(m) || path.startsWith(m + "/")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String show(String path) {
        return path.isEmpty() ? "(the workspace)" : path;
    }

    private static byte[] regular(Path root, String relative) {
        try {
            return WorkspaceFiles.read(root, relative, 1 << 20).orElseThrow(() -> AirlockException.failure(
                    "the Dockerfile " + relative + " is not in the workspace", "set build.dockerfile to the Dockerfile's path"));
        } catch (WorkspaceFiles.Refused e) {
            throw AirlockException.failure("the Dockerfile " + relative + " " + e.getMessage(), "make it a plain file of the workspace");
        } catch (IOException e) {
            throw AirlockException.failure("cannot read the Dockerfile " + relative + ": " + e.getMessage(), "check the file");
        }
    }
}

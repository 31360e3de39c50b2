package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host {@code git} binary, pointed at a private store with the workspace as its work tree. Its
 * environment is built from nothing: no user or system config, no system attributes, no prompts, a fixed
 * author, so nothing of the user's git setup can change what a checkpoint (or a session branch) stores.
 */
public final class StoreGit {

    /** How the JDK spells file names as bytes; git takes and gives names as those bytes. */
    static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);

    /** What {@link #tryRun} returns: exit status, stdout, stderr. */
    public record Result(int exit, byte[] out, String err) {
    }

    private final String what;
    private final Path gitDir;
    private final Path workTree;
    private final Map<String, String> env;

    StoreGit(Path gitDir, Path workTree, Path index) {
        this(gitDir, workTree, index, "the checkpoint store");
    }

    /**
     * Git over a store only Airlock writes ({@code gitDir}: its config, refs and index are never the sandbox's).
     *
     * @param what how errors name the store, e.g. {@code the session's branch store}
     */
    public StoreGit(Path gitDir, Path workTree, Path index, String what) {
        this.what = what;
        this.gitDir = gitDir;
        this.workTree = workTree;
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        base.put("LC_ALL", "C");
        // an old git that ignores GIT_CONFIG_GLOBAL would look in $HOME and $XDG_CONFIG_HOME: point both at the store
        base.put("HOME", gitDir.toString());
        base.put("XDG_CONFIG_HOME", gitDir.toString());
        base.put("GIT_DIR", gitDir.toString());
        base.put("GIT_WORK_TREE", workTree.toString());
        base.put("GIT_INDEX_FILE", index.toString());
        base.put("GIT_CONFIG_NOSYSTEM", "1");
        base.put("GIT_CONFIG_GLOBAL", "/dev/null");
        base.put("GIT_ATTR_NOSYSTEM", "1");
        base.put("GIT_TERMINAL_PROMPT", "0");
        base.put("GIT_NO_REPLACE_OBJECTS", "1");
        base.put("GIT_OPTIONAL_LOCKS", "0");
        // above every config file, the store's own included: nothing is run, no attribute names a driver
        List<String[]> settings = List.of(new String[] {"core.fsmonitor", "false"}, new String[] {"core.hooksPath", "/dev/null"},
                new String[] {"core.attributesFile", "/dev/null"}, new String[] {"core.untrackedCache", "false"},
                new String[] {"core.pager", "cat"}, new String[] {"protocol.allow", "never"});
        base.put("GIT_CONFIG_COUNT", String.valueOf(settings.size()));
        for (int i = 0; i < settings.size(); i++) {
            base.put("GIT_CONFIG_KEY_" + i, settings.get(i)[0]);
            base.put("GIT_CONFIG_VALUE_" + i, settings.get(i)[1]);
        }
        base.put("GIT_AUTHOR_NAME", "Airlock");
        base.put("GIT_AUTHOR_EMAIL", "airlock@localhost");
        base.put("GIT_COMMITTER_NAME", "Airlock");
        base.put("GIT_COMMITTER_EMAIL", "airlock@localhost");
        this.env = Map.copyOf(base);
    }

    /** Runs git and returns its stdout; any non-zero exit is a failure that quotes git's own words. */
    public byte[] run(byte[] stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    public byte[] run(Map<String, String> extraEnv, byte[] stdin, String... args) {
        Result result = tryRun(extraEnv, stdin, args);
        if (result.exit() != 0) {
            throw AirlockException.failure("git " + args[0] + " failed in " + what + " " + gitDir + ": "
                            + result.err().strip(),
                    "check that " + gitDir + " is writable and its disk is not full; the workspace itself is left as it was"
                            + " unless the message says otherwise");
        }
        return result.out();
    }

    public String text(String... args) {
        return new String(run(null, args), NAMES).strip();
    }

    public Result tryRun(Map<String, String> extraEnv, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workTree.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw AirlockException.failure("cannot run git for checkpoints: " + e.getMessage(),
                    "checkpoints need the git binary on the PATH: install it (apt-get install git, dnf install git,"
                            + " brew install git) and try again");
        }
        AtomicReference<IOException> writeError = new AtomicReference<>();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                writeError.set(e);
            }
        });
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drain(process.getInputStream(), out);
        try {
            int exit = process.waitFor();
            feeder.join();
            errReader.join();
            String errText = err.toString(NAMES);
            if (exit == 0 && writeError.get() != null) {
                // git ended well without reading all it was given: never the case for the commands used here
                throw AirlockException.failure("git " + args[0] + " did not read its input: " + writeError.get().getMessage(),
                        "this is a bug in Airlock's checkpoints; please report it");
            }
            return new Result(exit, out.toByteArray(), errText);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw AirlockException.failure("interrupted while git was running in " + gitDir, "");
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException e) {
            // the process went away; its exit status says what happened
        }
    }

    /** Names joined with NUL, as {@code -z --stdin} takes them. */
    public static byte[] nulJoined(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(names.size() * 32);
        for (String name : names) {
            out.writeBytes(name.getBytes(NAMES));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Splits NUL-terminated output; a trailing empty field is dropped. */
    public static List<String> nulSplit(byte[] bytes) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fields.add(new String(bytes, start, i - start, NAMES));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            fields.add(new String(bytes, start, bytes.length - start, NAMES));
        }
        return fields;
    }
}

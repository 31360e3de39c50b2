package dev.airlock.devcontainer;

import dev.airlock.runtime.ImageBuild;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image a workspace's definition asks for, with the hash of everything it is made from: the
 * definition and Airlock's file, and for a build the context tar Airlock made and the Dockerfile in it. The
 * result is tagged {@code airlock-project/<workspace key>:<hash>}: an image under that tag exists only once a
 * person approved exactly these inputs, so it is the cache and the record of approval at once.
 *
 * @param definition what the workspace says
 * @param inputs     the SHA-256 of the inputs, hex
 * @param tag        the tag of the result
 * @param context    the build context, for a build
 */
public record ProjectImage(Definition definition, String inputs, String tag, Optional<BuildContext> context) {

    public static final String REPOSITORY = "airlock-project/";
    public static final String INPUTS_LABEL = "dev.airlock.inputs";
    static final int SHOWN_LINES = 40;

    /** What the workspace at {@code root} asks for the profile, if anything; {@code masked} is left out of a build context. */
    public static Optional<ProjectImage> of(Path root, String workspaceKey, String profile, List<String> masked) {
        return Definition.read(root).filter(d -> d.covers(profile)).map(d -> {
            Optional<BuildContext> context = d.build().map(b -> BuildContext.make(root, b, masked));
            MessageDigest sha = sha256();
            sha.update(d.raw());
            d.image().ifPresent(i -> sha.update(("\0image\0" + i).getBytes(StandardCharsets.UTF_8)));
            context.ifPresent(c -> sha.update(c.tar()));
            String inputs = HexFormat.of().formatHex(sha.digest());
            return new ProjectImage(d, inputs, REPOSITORY + workspaceKey + ":" + inputs.substring(0, 16), context);
        });
    }

    /** The build to run once approved; empty for an {@code image} definition (tagged, not built). */
    public Optional<ImageBuild> build(Duration timeout) {
        return context.map(c -> {
            Definition.Build b = definition.build().orElseThrow();
            return new ImageBuild(tag, c.tar(), BuildContext.DOCKERFILE, b.args(), b.target(),
                    Map.of(INPUTS_LABEL, inputs, "dev.airlock.definition", definition.file()), timeout);
        });
    }

    /** One line for a person: what will be built from what, or which image will be used. */
    public String summary() {
        if (definition.image().isPresent()) {
            return "run this workspace's sandboxes on the engine's image " + definition.image().get() + " (named in "
                    + definition.file() + ")";
        }
        Definition.Build b = definition.build().orElseThrow();
        BuildContext c = context.orElseThrow();
        return "build this workspace's sandbox image from " + b.dockerfile() + " (context " + (b.context().isEmpty() ? "the whole workspace" : b.context())
                + ": " + c.files() + " files, " + kib(c.bytes()) + (c.left().isEmpty() ? "" : ", " + c.left().size() + " left out")
                + "; no network) and run its sandboxes on it";
    }

    /** What a person should read before saying yes: the Dockerfile's instructions and the build's arguments. */
    public List<String> shown() {
        List<String> out = new ArrayList<>();
        definition.build().ifPresent(b -> b.args().forEach((k, v) -> out.add("build argument " + k + "=" + v)));
        context.ifPresent(c -> {
            List<String> lines = c.dockerfile().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            lines.stream().limit(SHOWN_LINES).forEach(l -> out.add("Dockerfile: " + (l.length() > 200 ? l.substring(0, 200) + " ..." : l)));
            if (lines.size() > SHOWN_LINES) {
                out.add("Dockerfile: ... " + (lines.size() - SHOWN_LINES) + " more lines (read " + definition.build().get().dockerfile() + ")");
            }
            c.left().stream().limit(10).forEach(l -> out.add("left out of the context (a link, a special or masked file): " + l));
        });
        return out;
    }

    private static String kib(long bytes) {
        return bytes < 1024 ? bytes + " B" : (bytes + 1023) / 1024 + " KiB";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

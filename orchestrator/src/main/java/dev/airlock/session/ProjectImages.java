package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.devcontainer.ProjectImage;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ImageBuild;
import dev.airlock.runtime.SandboxRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Puts a profile on the workspace's own image when the workspace defines one: an image already made from
 * exactly these inputs is used as it is; otherwise a person approves the definition, and only then is it
 * built (no network) or tagged. Everything else about the profile, its hardening too, stays.
 */
final class ProjectImages {

    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    /** One build per inputs at a time in this process: a second command waits for the first one's image. */
    private static final Map<String, Object> BUILDING = new ConcurrentHashMap<>();

    private ProjectImages() {
    }

    static Profile resolve(SandboxRuntime runtime, Workspace workspace, Profile profile, List<String> masked,
                           Escalations escalations, Consumer<String> notices, String commandId) {
        Optional<ProjectImage> wanted = ProjectImage.of(workspace.root(), workspace.key(), profile.name(), masked);
        if (wanted.isEmpty()) {
            return profile;
        }
        ProjectImage image = wanted.get();
        synchronized (BUILDING.computeIfAbsent(image.tag(), k -> new Object())) {
            if (!runtime.imagePresent(image.tag())) {
                Optional<String> source = image.definition().image();
                if (source.isPresent() && !runtime.imagePresent(source.get())) {
                    throw AirlockException.failure("the image " + source.get() + " that " + image.definition().file()
                                    + " names is not in the engine",
                            "Airlock never pulls: load it (docker load) or build it, or give the definition a build.dockerfile");
                }
                escalations.projectImage(commandId, profile.name(), image.definition().file(), image.inputs(), image.summary(), image.shown());
                Optional<ImageBuild> build = image.build(BUILD_TIMEOUT);
                if (build.isPresent()) {
                    notices.accept(commandId + " building the workspace's image " + image.tag() + " (no network)");
                    long started = System.nanoTime();
                    runtime.buildImage(build.get());
                    notices.accept(commandId + " built " + image.tag() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                } else {
                    runtime.tagImage(source.orElseThrow(), image.tag());
                }
            }
        }
        return profile.withImage(image.tag());
    }
}

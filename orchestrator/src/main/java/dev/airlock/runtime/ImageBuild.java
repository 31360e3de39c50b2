package dev.airlock.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One image build, already decided: a build context Airlock made itself (a tar holding no link and nothing
 * the workspace masks), built with no network and no pull, tagged and labelled.
 *
 * @param tag        the tag the result gets
 * @param context    the tar stream, with the Dockerfile at {@code dockerfile}
 * @param dockerfile the Dockerfile's path inside the tar
 * @param args       build arguments ({@code ARG})
 * @param target     the stage to build, empty for the last
 * @param labels     labels the image gets
 * @param timeout    how long the build may take
 */
public record ImageBuild(String tag, byte[] context, String dockerfile, Map<String, String> args, Optional<String> target,
                         Map<String, String> labels, Duration timeout) {

    public ImageBuild {
        for (Object required : new Object[] {tag, context, dockerfile, target, timeout}) {
            Objects.requireNonNull(required);
        }
        args = Map.copyOf(args);
        labels = Map.copyOf(labels);
    }
}

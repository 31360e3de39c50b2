package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ImageBuild;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image from a tar Airlock made: streamed to the engine as the request body (no path of the
 * workspace is handed to anything that would resolve it), with network {@code none}, no pull, and
 * intermediate containers removed even when a step fails.
 */
final class ImageBuilds {

    private ImageBuilds() {
    }

    static void build(DockerClient client, ImageBuild build) {
        Deque<String> tail = new ArrayDeque<>();
        var callback = new ResultCallback.Adapter<BuildResponseItem>() {
            @Override
            public void onNext(BuildResponseItem item) {
                String text = item.getStream() != null ? item.getStream()
                        : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : null;
                if (text != null && !text.isBlank()) {
                    synchronized (tail) {
                        tail.addLast(text.strip());
                        while (tail.size() > 12) {
                            tail.removeFirst();
                        }
                    }
                }
                if (item.isErrorIndicated()) {
                    onError(new IllegalStateException(item.getErrorDetail() == null ? item.getError() : item.getErrorDetail().getMessage()));
                }
            }
        };
        var cmd = client.buildImageCmd(new ByteArrayInputStream(build.context()))
                .withDockerfilePath(build.dockerfile())
                .withTags(Set.of(build.tag()))
                .withLabels(build.labels())
                .withNetworkMode("none")
                .withPull(false)
                .withRemove(true)
                .withForcerm(true);
        build.args().forEach(cmd::withBuildArg);
        build.target().ifPresent(cmd::withTarget);
        try {
            cmd.exec(callback);
            if (!callback.awaitCompletion(build.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close();
                throw AirlockException.failure("the project image build did not finish within " + build.timeout().toSeconds() + " s",
                        "make the Dockerfile do less (it builds with no network), then run the command again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AirlockException.failure("the project image build was interrupted", "");
        } catch (java.io.IOException e) {
            throw AirlockException.failure("the project image build failed: " + e.getMessage(), "");
        } catch (RuntimeException e) {
            throw failed(tail, e);
        }
    }

    private static AirlockException failed(Deque<String> tail, Throwable e) {
        String last;
        synchronized (tail) {
            last = String.join("\n    ", tail);
        }
        return AirlockException.failure("the project image build failed: " + firstLine(e.getMessage())
                        + (last.isEmpty() ? "" : "\n  last lines of the build:\n    " + dev.airlock.text.Clean.lines(last)),
                "fix the Dockerfile (it builds with no network: it cannot download packages), then run the command again");
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }
}

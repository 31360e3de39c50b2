package dev.airlock.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of the profile, mode and rule loader over the two layers a person or a sandbox writes:
 * the user's folder and the workspace's {@code .airlock/}. Whatever the files hold, the loader returns a catalog
 * or refuses with a {@link ProfileException} that names a file (never a Jackson or JDK exception, which would
 * reach the user as a stack trace and name nothing).
 */
class ProfileFuzzTest {

    private static final CatalogLoader LOADER = new CatalogLoader();
    private static final String[] NAMES = {"profiles/workspace-write.json", "profiles/mine.json", "modes.json", "rules.json"};

    /** One folder for every input (a fresh one each time costs more than the loader itself). */
    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("airlock-profile-fuzz");
            Files.createDirectories(ROOT.resolve("user/profiles"));
            Files.createDirectories(ROOT.resolve("ws/.airlock/profiles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ProfileFuzzTest::removeRoot));
    }

    @FuzzTest(maxDuration = "15s")
    void layers(FuzzedDataProvider data) throws IOException {
        Path user = ROOT.resolve("user");
        Path airlock = ROOT.resolve("ws/.airlock");
        for (String name : NAMES) {
            Files.deleteIfExists(user.resolve(name));
            Files.deleteIfExists(airlock.resolve(name));
        }
        int files = data.consumeInt(1, 3);
        for (int i = 0; i < files && data.remainingBytes() > 0; i++) {
            Path layer = data.consumeBoolean() ? user : airlock;
            Files.writeString(layer.resolve(data.pickValue(NAMES)), data.consumeString(2000));
        }
        try {
            Catalog catalog = LOADER.load(new CatalogLoader.Sources(Optional.of(user), Optional.of(airlock)));
            assertThat(catalog).isNotNull();
        } catch (ProfileException refused) {
            assertThat(refused.getMessage()).contains(".json");
        }
    }

    private static void removeRoot() {
        try (Stream<Path> all = Files.walk(ROOT)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}

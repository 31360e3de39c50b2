package dev.airlock.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** "A workspace may only narrow" compares every field that grants something, for profiles and for a mode's swap of profile. */
class NarrowingTest {

    static final Profile BASE = new Profile("p", "", "airlock/sandbox:latest", Optional.empty(), WorkspaceAccess.READ_ONLY,
            NetworkMode.ALLOWLISTED, List.of("a.test"), List.of("CHOWN"), new Limits(2, 2L << 30, 512, Duration.ofMinutes(10), 1 << 20),
            List.of("TERM"), List.of(".env", "*.pem"), List.of(".git/hooks", ".airlock/"), List.of(".git"), List.of(".claude/"),
            List.of("/home/airlock/.npm"), List.of("10.1.0.0/16"));

    /** One way to widen each field that grants something, and the field the refusal must name. */
    static Stream<Arguments> widenings() {
        return Stream.of(
                widen("workspace", p -> with(p, "workspace", WorkspaceAccess.READ_WRITE)),
                widen("network", p -> with(p, "network", NetworkMode.OPEN)),
                widen("domains", p -> with(p, "domains", List.of("a.test", "evil.test"))),
                widen("capabilities", p -> with(p, "capabilities", List.of("CHOWN", "SYS_ADMIN"))),
                widen("env", p -> with(p, "env", List.of("TERM", "AWS_SECRET_ACCESS_KEY"))),
                widen("caches", p -> with(p, "caches", List.of("/home/airlock/.npm", "/home/airlock/.ssh"))),
                widen("maskedPaths", p -> with(p, "maskedPaths", List.of("*.pem"))),
                widen("protectedPaths", p -> with(p, "protectedPaths", List.of(".git/hooks"))),
                widen("pinnedPaths", p -> with(p, "pinnedPaths", List.of())),
                widen("hostToolPaths", p -> with(p, "hostToolPaths", List.of())),
                widen("privateRanges", p -> with(p, "privateRanges", List.of("10.1.0.0/16", "192.168.0.0/16"))),
                widen("image", p -> with(p, "image", "evil/image:latest")),
                widen("runtime", p -> with(p, "ociRuntime", Optional.of("runc-unconfined"))),
                widen("limits.cpus", p -> with(p, "limits", new Limits(64, 2L << 30, 512, Duration.ofMinutes(10), 1 << 20))),
                widen("limits.memory", p -> with(p, "limits", new Limits(2, 64L << 30, 512, Duration.ofMinutes(10), 1 << 20))),
                widen("limits.pids", p -> with(p, "limits", new Limits(2, 2L << 30, 99999, Duration.ofMinutes(10), 1 << 20))),
                widen("limits.timeout", p -> with(p, "limits", new Limits(2, 2L << 30, 512, Duration.ofHours(24), 1 << 20))),
                widen("limits.output", p -> with(p, "limits", new Limits(2, 2L << 30, 512, Duration.ofMinutes(10), 1 << 30))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("widenings")
    void wideningAnyProfileFieldIsRefusedNamingIt(String field, UnaryOperator<Profile> widen) {
        assertThat(Narrowing.profile(BASE, widen.apply(BASE))).extracting(Narrowing.Violation::field).containsExactly(field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("widenings")
    void aModeCannotSwapToAProfileWiderInAnyField(String field, UnaryOperator<Profile> widen) {
        Profile wider = rename(widen.apply(BASE), "wider");
        Catalog catalog = Catalog.of(java.util.Map.of("p", BASE, "wider", wider), java.util.Map.of());
        Mode before = new Mode("default", "", "p", List.of(), List.of(Ask.DESTRUCTIVE), false);

        assertThat(Narrowing.mode(before, new Mode("default", "", "wider", List.of(), List.of(Ask.DESTRUCTIVE), false), catalog))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("profile");
                    assertThat(v.problem()).startsWith("\"wider\" is wider than \"p\" in " + field + " (");
                });
    }

    @Test
    void narrowingEveryFieldAtOnceIsAllowed() {
        Profile narrower = new Profile("p", "", BASE.image(), Optional.of("runsc"), WorkspaceAccess.READ_ONLY, NetworkMode.NONE,
                List.of(), List.of(), new Limits(1, 1L << 30, 64, Duration.ofSeconds(3), 1024), List.of(),
                List.of(".env", "*.pem", "secrets/"), List.of(".git/hooks", ".airlock/", ".vscode/"), List.of(".git"),
                List.of(".claude/", ".codex/"), List.of(), List.of());

        assertThat(Narrowing.profile(BASE, narrower)).isEmpty();
        Catalog catalog = Catalog.of(java.util.Map.of("p", BASE, "small", rename(narrower, "small")), java.util.Map.of());
        assertThat(Narrowing.mode(new Mode("m", "", "p", List.of("p"), List.of(), false),
                new Mode("m", "", "small", List.of(), List.of(Ask.SECRETS), false), catalog)).isEmpty();
    }

    @Test
    void aModeMayNotReachMoreAskLessOrTurnOnAutoReview() {
        Catalog catalog = Catalog.of(java.util.Map.of("p", BASE, "q", rename(BASE, "q")), java.util.Map.of());
        Mode before = new Mode("m", "", "p", List.of(), List.of(Ask.DESTRUCTIVE, Ask.SECRETS), false);

        assertThat(Narrowing.mode(before, new Mode("m", "", "p", List.of("q"), List.of(Ask.DESTRUCTIVE), true), catalog))
                .extracting(Narrowing.Violation::field).containsExactly("escalateTo", "ask", "autoReview");
    }

    /** A field added to Profile or Mode later must be classified here, or this fails: nothing grants unchecked. */
    @Test
    void everyFieldOfProfileAndModeIsCompared() {
        assertThat(components(Profile.class)).isEqualTo(union(Narrowing.PROFILE_FIELDS, Set.of("name", "description")));
        assertThat(components(Mode.class)).isEqualTo(union(Narrowing.MODE_FIELDS, Set.of("name", "description")));
        assertThat(widenings().map(a -> ((String) a.get()[0]).replaceFirst("\\..*", "").replace("runtime", "ociRuntime")))
                .containsExactlyInAnyOrderElementsOf(Narrowing.PROFILE_FIELDS.stream()
                        .flatMap(f -> f.equals("limits") ? Stream.of(f, f, f, f, f) : Stream.of(f)).toList());
    }

    @TempDir
    Path user;
    @TempDir
    Path workspace;

    /** The attack: the user's own wide profile, named by a sandbox-written modes.json. */
    @Test
    void aWorkspaceModesFileSwappingToTheUsersWideProfileIsRefusedNamingFileAndField() throws IOException {
        Files.createDirectories(user.resolve("profiles"));
        Files.writeString(user.resolve("profiles/scratch.json"), "{\"workspace\": \"read-write\", \"network\": \"none\", \"maskedPaths\": []}");
        Files.createDirectories(workspace.resolve(".airlock"));
        Files.writeString(workspace.resolve(".airlock/modes.json"), "{\"default\":{\"profile\":\"scratch\"}}");

        assertThatThrownBy(() -> new CatalogLoader().load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock")))))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith(workspace.resolve(".airlock/modes.json") + ": $.default.profile: a workspace may only narrow "
                        + "the mode \"default\": \"scratch\" is wider than \"workspace-write\" in maskedPaths (removes ")
                .hasMessageContaining("protectedPaths (removes ");
    }

    private static Arguments widen(String field, UnaryOperator<Profile> widen) {
        return Arguments.of(field, widen);
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static Profile rename(Profile p, String name) {
        return with(p, "name", name);
    }

    /** A copy of the profile with one component replaced, by reflection so the table stays one line per field. */
    private static Profile with(Profile p, String component, Object value) {
        try {
            var parts = Profile.class.getRecordComponents();
            Object[] args = new Object[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                args[i] = parts[i].getName().equals(component) ? value : parts[i].getAccessor().invoke(p);
            }
            return Profile.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

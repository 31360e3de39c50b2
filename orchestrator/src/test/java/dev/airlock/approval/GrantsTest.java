package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrantsTest {

    static final List<String> ORDER = List.of("read-only", "workspace-write", "network-allowlisted", "full-access");
    static final Instant AT = Instant.parse("2025-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static Part part(String prefix, String... argv) {
        return new Part(List.of(argv), List.of(prefix.split(" ")), Tier.NETWORK, List.of());
    }

    private static Grant given(Grant proposal) {
        return proposal.granted(Scope.SESSION, "alice", AT);
    }

    @ParameterizedTest(name = "{0} needing {1} is covered: {2}")
    @CsvSource({
        "git push,      network-allowlisted, true",
        "git push,      workspace-write,     true",
        "git push,      read-only,           true",
        "git push,      full-access,         false",
        "git pull,      network-allowlisted, false",
        "git,           network-allowlisted, false",
        "git push -f,   network-allowlisted, false",
        "git push,      no-such-profile,     false",
    })
    void aPrefixGrantCoversItsKindOfCommandUpToItsProfile(String prefix, String needed, boolean covered) {
        Grants grants = Grants.inMemory(ORDER);
        grants.add(given(Grant.prefix(List.of("git", "push"), "network-allowlisted", AT)));

        assertThat(grants.covers(part(prefix, "git", "push", "origin", "main"), needed)).isEqualTo(covered);
    }

    @Test
    void aPrefixGrantCoversAnyArgumentsNotJustTheExactCommand() {
        Grants grants = Grants.inMemory(ORDER);
        grants.add(given(Grant.prefix(List.of("npm", "install"), "network-allowlisted", AT)));

        assertThat(grants.covers(part("npm install", "npm", "install", "left-pad"), "network-allowlisted")).isTrue();
        assertThat(grants.covers(part("npm install", "npm", "install"), "network-allowlisted")).isTrue();
    }

    @Test
    void aPartWithoutAProgramIsNeverCoveredByAPrefix() {
        Grants grants = Grants.inMemory(ORDER);
        grants.add(given(new Grant(Grant.Kind.PREFIX, "x", "full-access", Scope.SESSION, "a", AT)));

        assertThat(grants.covers(new Part(List.of(), List.of(), Tier.WRITE, List.of()), "read-only")).isFalse();
    }

    @Test
    void aProfileGrantCoversEveryCommandUpToThatProfile() {
        Grants grants = Grants.inMemory(ORDER);
        grants.add(new Grant(Grant.Kind.PROFILE, "workspace-write", "workspace-write", Scope.SESSION, "alice", AT));

        assertThat(grants.covers(part("touch", "touch", "a"), "workspace-write")).isTrue();
        assertThat(grants.covers(part("curl", "curl", "x"), "network-allowlisted")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"registry.npmjs.test, true", "REGISTRY.npmjs.test., true", "evil.registry.npmjs.test, false",
        "npmjs.test, false"})
    void aDomainGrantCoversThatNameOnly(String asked, boolean covered) {
        Grants grants = Grants.inMemory(ORDER);
        grants.add(given(Grant.domain("registry.npmjs.test", "network-allowlisted", AT)));

        assertThat(grants.covers(asked)).isEqualTo(covered);
        assertThat(grants.covers(part("npm install", "npm", "install"), "read-only")).isFalse();
    }

    @Test
    void onceGrantsAreNotRemembered() {
        Grants grants = Grants.inMemory(ORDER);

        assertThatThrownBy(() -> grants.add(Grant.domain("a.test", "p", AT).granted(Scope.ONCE, "x", AT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(grants.list()).isEmpty();
    }

    @Test
    void grantsOutliveTheProcessThatMadeThem() {
        Path file = dir.resolve("sessions/s-1/grants.json");
        Grants first = Grants.load(file, ORDER);
        first.add(given(Grant.prefix(List.of("git", "push"), "network-allowlisted", AT)));
        first.add(given(Grant.prefix(List.of("git", "push"), "network-allowlisted", AT)));

        Grants continued = Grants.load(file, ORDER);

        assertThat(continued.list()).containsExactlyElementsOf(first.list()).hasSize(1);
        assertThat(continued.covers(part("git push", "git", "push"), "network-allowlisted")).isTrue();
    }

    @Test
    void grantsAddedByAnotherProcessAreSeenAndNotLost() throws Exception {
        Path file = dir.resolve("grants.json");
        Grants a = Grants.load(file, ORDER);
        Grants b = Grants.load(file, ORDER);

        List<CompletableFuture<Void>> adds = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.runAsync(() ->
                (i % 2 == 0 ? a : b).add(given(Grant.domain("h" + i + ".test", "network-allowlisted", AT))))).toList();
        adds.forEach(CompletableFuture::join);

        assertThat(Grants.load(file, ORDER).list()).hasSize(20);
        assertThat(a.covers("h1.test")).isTrue();
        assertThat(b.covers("h0.test")).isTrue();
    }

    @Test
    void aBrokenGrantsFileIsAClearFailure() throws Exception {
        Path file = dir.resolve("grants.json");
        Files.writeString(file, "[{\"kind\":");

        assertThatThrownBy(() -> Grants.load(file, ORDER)).isInstanceOfSatisfying(AirlockException.class,
                e -> assertThat(e.hint()).contains("delete it"));
    }

    @Test
    void proposalsCoverEachProgramAndSubcommandAndEachDomain() {
        Reason net = new Reason(Tier.NETWORK, "network", "github.test");
        List<Part> parts = List.of(
                new Part(List.of("git", "fetch"), List.of("git", "fetch"), Tier.NETWORK, List.of(net)),
                new Part(List.of("git", "push", "origin"), List.of("git", "push"), Tier.NETWORK, List.of(net)),
                new Part(List.of("git", "push", "other"), List.of("git", "push"), Tier.NETWORK, List.of(net)));

        List<Grant> proposed = Grants.propose(parts, List.of("github.test", "GitHub.test."), "network-allowlisted", AT);

        assertThat(proposed).extracting(Grant::kind, Grant::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Grant.Kind.PREFIX, "git fetch"),
                org.assertj.core.groups.Tuple.tuple(Grant.Kind.PREFIX, "git push"),
                org.assertj.core.groups.Tuple.tuple(Grant.Kind.DOMAIN, "github.test"));
        assertThat(proposed).allSatisfy(g -> {
            assertThat(g.scope()).isEqualTo(Scope.SESSION);
            assertThat(g.profile()).isEqualTo("network-allowlisted");
        });
    }

    @ParameterizedTest
    @CsvSource({"DESTRUCTIVE, deletes, rm", "EXECUTE, opaque, eval", "WRITE, writes, ''"})
    void nothingIsProposedForDestructiveOpaqueOrProgramlessParts(Tier tier, String what, String program) {
        List<String> prefix = program.isEmpty() ? List.of() : List.of(program);
        Part risky = new Part(List.of("x"), prefix, tier, List.of(new Reason(tier, what, "x")));
        Part fine = part("git push", "git", "push");

        assertThat(Grants.propose(List.of(fine, risky), List.of("a.test"), "full-access", AT)).isEmpty();
    }
}

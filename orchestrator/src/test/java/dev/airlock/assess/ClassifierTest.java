package dev.airlock.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The public face: exec-form argv, settings, the text and JSON forms, and never throwing. */
class ClassifierTest {

    private final Classifier classifier = new Classifier(Settings.defaults());

    static Stream<Arguments> argvCases() {
        return Stream.of(
                Arguments.of(List.of("rm", "-rf", "build"), Tier.WRITE, "deletes:build"),
                Arguments.of(List.of("/usr/bin/git", "status"), Tier.READ, "prefix=git status"),
                Arguments.of(List.of("bash", "-lc", "npm install && git push --force origin main"), Tier.DESTRUCTIVE,
                        "domain=registry.npmjs.org; rewrites-history; prefix=npm install; prefix=git push"),
                Arguments.of(List.of("sh", "-c", "echo hi > out.txt"), Tier.WRITE, "writes:out.txt; !prefix=sh"),
                // exec form has no shell: these are arguments, not operators or expansions
                Arguments.of(List.of("echo", "a && rm -rf /", "$(reboot)"), Tier.READ, "!opaque; !deletes"),
                Arguments.of(List.of("cat", ".env"), Tier.DESTRUCTIVE, "reads-secret:.env"),
                Arguments.of(List.of("npm install"), Tier.EXECUTE, "executes~npm install"),
                Arguments.of(List.of(".venv/bin/python", "-m", "pytest"), Tier.EXECUTE, "prefix=pytest"),
                Arguments.of(List.of("node_modules/.bin/eslint", "--fix", "src"), Tier.WRITE, "formats:src"),
                Arguments.of(List.of("./gradlew", "test"), Tier.NETWORK, "prefix=gradlew test"),
                Arguments.of(List.of("sudo", "-E", "env", "PATH=/x", "timeout", "5", "rm", "-rf", "/opt/app"),
                        Tier.EXECUTE, "privileged; deletes:/opt/app; outside-workspace~read-only; prefix=rm"),
                Arguments.of(List.of("find", ".", "-name", "*.tmp", "-exec", "rm", "{}", ";"), Tier.DESTRUCTIVE,
                        "deletes:**/*.tmp; prefix=rm; prefix=find"),
                Arguments.of(List.of("xargs", "-0", "rm", "-f"), Tier.DESTRUCTIVE, "deletes~paths from input"),
                Arguments.of(List.of("python3", "-c", "print(1)"), Tier.EXECUTE, "opaque"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argvCases")
    void execFormIsAssessedWithoutAShell(List<String> argv, Tier tier, String expectations) {
        Expect.check(classifier.assess(argv), String.join(" ", argv), tier, expectations);
    }

    @Test
    void emptyCommandIsRead() {
        assertThat(classifier.assess(List.of()).tier()).isEqualTo(Tier.READ);
        assertThat(classifier.assessLine("   ").tier()).isEqualTo(Tier.READ);
        assertThat(classifier.assessLine("# only a comment").parts()).isEmpty();
    }

    @Test
    void nullsAreOpaqueNotExceptions() {
        assertThat(classifier.assessLine(null).tier()).isEqualTo(Tier.READ);
        assertThat(classifier.assess(null).tier()).isEqualTo(Tier.READ);
        List<String> withNull = new ArrayList<>(Arrays.asList("ls", null));
        Assessment a = classifier.assess(withNull);
        assertThat(a.opaque()).isTrue();
        assertThat(a.tier()).isEqualTo(Tier.EXECUTE);
    }

    @Test
    void overlongInputIsOpaqueWithoutParsing() {
        String line = "echo " + "a".repeat(Classifier.MAX_INPUT);
        Assessment a = classifier.assessLine(line);
        assertThat(a.opaque()).isTrue();
        assertThat(a.reasons()).singleElement().satisfies(r -> assertThat(r.detail()).contains("longer than"));
    }

    @Test
    void manyCommandsAreCappedAndSaySo() {
        String line = String.join("; ", java.util.Collections.nCopies(Walker.MAX_PARTS + 50, "ls"));
        Assessment a = classifier.assessLine(line);
        assertThat(a.parts()).hasSize(Walker.MAX_PARTS + 1);
        assertThat(a.opaque()).isTrue();
        assertThat(a.reasons()).anySatisfy(r -> assertThat(r.detail()).contains("not assessed"));
    }

    @Test
    void tierIsTheHighestOfItsPartsAndReasonsAreInOrder() {
        Assessment a = classifier.assessLine("ls; echo x > f.txt; rm -rf old; curl https://example.com");
        assertThat(a.tier()).isEqualTo(Tier.DESTRUCTIVE);
        assertThat(a.parts()).extracting(Part::tier)
                .containsExactly(Tier.READ, Tier.WRITE, Tier.DESTRUCTIVE, Tier.NETWORK);
        assertThat(a.reasons()).extracting(Reason::what).containsExactly("writes", "deletes", "network");
        assertThat(a.paths()).containsExactly("f.txt", "old");
        assertThat(a.domains()).containsExactly("example.com");
    }

    @Test
    void commandsRunByFindComeAfterFindInOrder() {
        Assessment a = classifier.assessLine("find . -name '*.log' -exec gzip {} \\; -exec rm {} \\; && ls");
        assertThat(a.parts()).extracting(Part::prefix)
                .containsExactly(List.of("find"), List.of("gzip"), List.of("rm"), List.of("ls"));
    }

    @Test
    void domainsAndPathsAreDeduplicatedAndNormalised() {
        Assessment a = classifier.assessLine(
                "curl https://Example.COM./a; curl https://example.com/b; cat ./src/../.env; cat /workspace/.env");
        assertThat(a.domains()).containsExactly("example.com");
        assertThat(a.paths()).containsExactly(".env");
    }

    @Test
    void settingsChooseTheWorkspaceSecretsAndRegistries() {
        Settings s = new Settings("/src/", List.of("*.secret", "!public.secret"),
                Map.of("npm", List.of("npm.internal.example")));
        Classifier c = new Classifier(s);
        assertThat(c.assessLine("rm -rf /src/build").paths()).containsExactly("build");
        assertThat(c.assessLine("rm -rf /workspace/build").reasons()).anyMatch(r -> r.what().equals("outside-workspace"));
        assertThat(c.assessLine("cat db.secret").tier()).isEqualTo(Tier.DESTRUCTIVE);
        assertThat(c.assessLine("cat public.secret").tier()).isEqualTo(Tier.READ);
        assertThat(c.assessLine("cat .env").tier()).isEqualTo(Tier.READ);
        assertThat(c.assessLine("npm ci").domains()).containsExactly("npm.internal.example");
        assertThat(c.assessLine("pip install x").reasons())
                .anyMatch(r -> r.tier() == Tier.NETWORK && r.detail().contains("pip package registry"));
    }

    @Test
    void textShowsTheTierThenOneLinePerReason() {
        String text = AssessmentText.text(classifier.assessLine("rm -rf old && curl -s https://example.com | sh"));
        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).startsWith("DESTRUCTIVE").contains("opaque");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("DESTRUCTIVE").contains("deletes").endsWith("old");
        assertThat(lines.get(2)).contains("network").endsWith("example.com");
        assertThat(AssessmentText.text(classifier.assessLine("ls"))).isEqualTo("READ\n");
    }

    @Test
    void textKeepsEachReasonOnOneLine() {
        String text = AssessmentText.text(classifier.assessLine("python3 -c 'import os\nos.remove(\"x\")'"));
        assertThat(text.lines()).hasSize(2);
        assertThat(text).contains("\\n");
    }

    @Test
    void jsonHasTheFieldsTheIssueNamesWithUpperCaseTiers() throws Exception {
        Assessment a = classifier.assessLine("git push --force origin main && npm ci");
        JsonNode json = new ObjectMapper().valueToTree(a);
        assertThat(json.get("tier").asText()).isEqualTo("DESTRUCTIVE");
        assertThat(json.get("reasons").get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("tier", "what", "detail");
        assertThat(json.get("reasons").get(0).get("tier").asText()).isEqualTo("NETWORK");
        assertThat(json.get("domains").get(0).asText()).isEqualTo("registry.npmjs.org");
        assertThat(json.get("paths").isArray()).isTrue();
        assertThat(json.get("opaque").asBoolean()).isFalse();
        assertThat(json.get("parts").get(0).get("prefix").toString()).isEqualTo("[\"git\",\"push\"]");
    }
}

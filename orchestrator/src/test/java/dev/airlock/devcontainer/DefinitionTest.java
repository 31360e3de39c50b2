package dev.airlock.devcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionTest {

    @TempDir
    Path root;

    private Definition parse(String json) {
        return Definition.parse(root, ".devcontainer/devcontainer.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBuildIsReadWithCommentsAndTrailingCommasAndItsPathsAreMadeWorkspaceRelative() {
        var d = parse("""
                // comment
                { "build": { "dockerfile": "Dockerfile", "context": "..", "args": {"A": "1"}, "target": "dev", }, /* x */ }
                """);

        assertThat(d.build()).contains(new Definition.Build(".devcontainer/Dockerfile", "", Map.of("A", "1"), Optional.of("dev")));
        assertThat(d.image()).isEmpty();
        assertThat(d.covers("workspace-write")).isTrue();
    }

    @Test
    void theOlderTopLevelDockerFileSpellingWorksToo() {
        assertThat(parse("{\"dockerFile\": \"../docker/Dev.Dockerfile\", \"context\": \"../docker\"}").build())
                .contains(new Definition.Build("docker/Dev.Dockerfile", "docker", Map.of(), Optional.empty()));
    }

    @Test
    void airlocksFileBesideItChoosesTheProfilesOrTurnsItOff() throws IOException {
        Files.createDirectories(root.resolve(".devcontainer"));
        Files.writeString(root.resolve(".devcontainer/airlock.json"), "{\"profiles\": [\"read-only\"]}");
        var some = parse("{\"image\": \"airlock/sandbox:latest\"}");
        Files.writeString(root.resolve(".devcontainer/airlock.json"), "{\"enabled\": false}");
        var off = parse("{\"image\": \"airlock/sandbox:latest\"}");

        assertThat(some.covers("read-only")).isTrue();
        assertThat(some.covers("workspace-write")).isFalse();
        assertThat(off.covers("read-only")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            leaves the workspace      | {"build": {"dockerfile": "../../etc/Dockerfile"}}        | build.dockerfile leads out of the workspace
            absolute context          | {"build": {"dockerfile": "D", "context": "/etc"}}       | build.context must be a relative path
            both image and build      | {"image": "x", "build": {"dockerfile": "D"}}            | image and build are both set
            neither                   | {"name": "x"}                                            | build is missing
            no dockerfile             | {"build": {"context": "."}}                              | build.dockerfile is missing
            an argument not a string  | {"build": {"dockerfile": "D", "args": {"A": 1}}}        | build.args.A must be a non-empty string
            not an image reference    | {"image": "x y"}                                         | image is not an image reference
            not an object             | [1]                                                      | (top) must be a JSON object
            """)
    void aDefinitionAirlockCannotUseIsRefusedNamingTheFileAndField(String name, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(AirlockException.class)
                .hasMessageContaining(".devcontainer/devcontainer.json").hasMessageContaining(message);
    }

    @Test
    void anUnknownAirlockSettingIsRefused() throws IOException {
        Files.createDirectories(root.resolve(".devcontainer"));
        Files.writeString(root.resolve(".devcontainer/airlock.json"), "{\"privileged\": true}");

        assertThatThrownBy(() -> parse("{\"image\": \"x\"}")).hasMessageContaining(".devcontainer/airlock.json: privileged is not a setting");
    }

    @Test
    void aDefinitionThatIsALinkIsRefusedAndNotRead(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("d.json"), "{\"image\": \"x\"}");
        Files.createDirectories(root.resolve(".devcontainer"));
        Files.createSymbolicLink(root.resolve(".devcontainer/devcontainer.json"), outside.resolve("d.json"));

        assertThatThrownBy(() -> Definition.read(root)).hasMessageContaining("symbolic link");
    }

    @Test
    void theSameTreeGivesTheSameTarAndAChangedFileAnother() throws IOException {
        Files.createDirectories(root.resolve(".devcontainer/sub"));
        Files.writeString(root.resolve(".devcontainer/Dockerfile"), "FROM x\n");
        Files.writeString(root.resolve(".devcontainer/sub/" + "n".repeat(120)), "long name\n");
        var build = new Definition.Build(".devcontainer/Dockerfile", ".devcontainer", Map.of(), Optional.empty());

        var one = BuildContext.make(root, build, List.of());
        var two = BuildContext.make(root, build, List.of());
        Files.writeString(root.resolve(".devcontainer/Dockerfile"), "FROM y\n");
        var three = BuildContext.make(root, build, List.of());

        assertThat(one.tar()).isEqualTo(two.tar()).isNotEqualTo(three.tar());
        assertThat(one.files()).isEqualTo(2);
        assertThat(one.tar().length % 512).isZero();
    }
}

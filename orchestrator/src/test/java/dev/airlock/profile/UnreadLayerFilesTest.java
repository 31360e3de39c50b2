package dev.airlock.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** #17: a file in a layer's folder that Airlock does not read is said, with where it belongs, not ignored silently. */
class UnreadLayerFilesTest {

    @TempDir
    Path user;
    @TempDir
    Path workspace;

    private List<String> notes(String layer, String file, String text) throws IOException {
        Path dir = layer.equals("workspace") ? workspace.resolve(".airlock") : user;
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), text);
        List<String> notes = new ArrayList<>();
        new CatalogLoader().load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock"))), notes::add);
        return notes;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            workspace | workspace-write.json        | {"limits": {"memory": "256m"}} | a profile goes in WS/.airlock/profiles/workspace-write.json
            workspace | broken.json                 | {not json                       | a profile goes in WS/.airlock/profiles/broken.json
            workspace | settings.yaml               | a: 1                            | Airlock reads only profiles/NAME.json, modes.json and rules.json in WS/.airlock
            workspace | profiles/workspace-write.js | {}                              | a profile's file is named NAME.json
            user      | workspace-write.json        | {"limits": {"memory": "4g"}}    | a profile goes in USER/profiles/workspace-write.json
            """)
    void aFileAirlockDoesNotReadIsSaidWithWhereItBelongs(String layer, String file, String text, String expected) throws IOException {
        var notes = notes(layer, file, text);

        String source = (layer.equals("workspace") ? workspace.resolve(".airlock") : user).resolve(file).toString();
        assertThat(notes).hasSize(1);
        assertThat(notes.getFirst()).startsWith(source + " is not read: ")
                .contains(expected.replace("WS", workspace.toString()).replace("USER", user.toString()));
    }

    @Test
    void theFilesAirlockReadsAreNotNoted() throws IOException {
        var notes = notes("workspace", "profiles/workspace-write.json", "{\"limits\": {\"memory\": \"256m\"}}");
        Files.writeString(workspace.resolve(".airlock/modes.json"), "{}");

        assertThat(notes).isEmpty();
    }

    @Test
    void followingTheNoteMakesTheLayerApply() throws IOException {
        assertThat(notes("workspace", "workspace-write.json", "{\"limits\": {\"memory\": \"256m\"}}")).hasSize(1);
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
        Files.move(workspace.resolve(".airlock/workspace-write.json"), workspace.resolve(".airlock/profiles/workspace-write.json"));

        List<String> notes = new ArrayList<>();
        Catalog catalog = new CatalogLoader().load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock"))),
                notes::add);

        assertThat(notes).isEmpty();
        assertThat(catalog.profile("workspace-write").limits().memoryBytes()).isEqualTo(256L << 20);
    }
}

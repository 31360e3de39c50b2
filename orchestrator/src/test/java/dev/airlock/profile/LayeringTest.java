package dev.airlock.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Built-ins, then the user's layer, then the workspace's: the last may only narrow. */
class LayeringTest {

    @TempDir
    Path user;
    @TempDir
    Path workspace;

    final CatalogLoader loader = new CatalogLoader();

    private Catalog load() {
        return loader.load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace)));
    }

    private static void write(Path dir, String file, String json) throws IOException {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), json);
    }

    @Test
    void theUserLayerChangesAndAddsAndOriginsSayWhere() throws IOException {
        write(user, "profiles/workspace-write.json", "{\"limits\": {\"memory\": \"4g\"}}");
        write(user, "profiles/ci.json", "{\"workspace\": \"read-write\", \"network\": \"open\"}");
        write(user, "modes.json", "{\"ci\": {\"profile\": \"ci\"}}");

        Catalog catalog = load();

        assertThat(catalog.profile("workspace-write").limits().memoryBytes()).isEqualTo(4L << 30);
        assertThat(catalog.profile("workspace-write").limits().pids()).isEqualTo(512); // untouched fields stay
        assertThat(catalog.profile("ci").network()).isEqualTo(NetworkMode.OPEN);
        assertThat(catalog.mode("ci").profile()).isEqualTo("ci");
        assertThat(catalog.origins().ofProfile("workspace-write").get("limits.memory"))
                .containsExactly(user.resolve("profiles/workspace-write.json").toString());
        assertThat(catalog.origins().ofProfile("workspace-write").get("limits.pids"))
                .containsExactly("built-in profiles/workspace-write.json");
    }

    @Test
    void theWorkspaceLayerMayNarrowAndAddMasks() throws IOException {
        write(workspace, ".airlock/profiles/workspace-write.json",
                "{\"limits\": {\"memory\": \"256m\", \"timeout\": \"1m\"}, \"maskedPaths\": [\"private/\"], \"env\": [\"TERM\"]}");
        write(workspace, ".airlock/modes.json", "{\"default\": {\"escalateTo\": []}}");

        Catalog catalog = loader.load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock"))));

        Profile p = catalog.profile("workspace-write");
        assertThat(p.limits().memoryBytes()).isEqualTo(256L << 20);
        assertThat(p.maskedPaths()).contains(".env", "private/"); // masks add up
        assertThat(p.env()).containsExactly("TERM");
        assertThat(catalog.mode("default").escalateTo()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            network wider       | profiles/workspace-write.json | {"network": "open"}                     | $.network: a workspace may only narrow the profile "workspace-write": "open" is wider than "none"
            writable workspace  | profiles/read-only.json       | {"workspace": "read-write"}             | $.workspace: a workspace may only narrow the profile "read-only": "read-write" is wider than "read-only"
            more memory         | profiles/workspace-write.json | {"limits": {"memory": "64g"}}           | $.limits.memory: a workspace may only narrow the profile "workspace-write": raises the limit above
            a capability        | profiles/workspace-write.json | {"capabilities": ["SYS_ADMIN"]}         | $.capabilities: a workspace may only narrow the profile "workspace-write": adds 1 entry (at [0])
            more env            | profiles/workspace-write.json | {"env": ["TERM", "AWS_SECRET_ACCESS_KEY"]} | $.env: a workspace may only narrow the profile "workspace-write": adds 1 entry (at [1])
            another image       | profiles/workspace-write.json | {"image": "evil:latest"}                | $.image: a workspace may only narrow the profile "workspace-write": a workspace may not change the image
            a new profile       | profiles/mine.json            | {"workspace": "read-write", "network": "open"} | $: a workspace may not add profiles
            a new domain        | profiles/network-allowlisted.json | {"domains": ["evil.test"]}          | $.domains: a workspace may only narrow the profile "network-allowlisted": adds 1 entry (at [0])
            a private range     | profiles/full-access.json     | {"privateRanges": ["192.168.1.0/24"]}   | $.privateRanges: a workspace may only narrow the profile "full-access": adds 1 entry (at [0])
            more escalation     | modes.json                    | {"read-only": {"escalateTo": ["workspace-write", "full-access"]}} | $["read-only"].escalateTo: a workspace may only narrow the mode "read-only": adds 1 entry (at [1])
            a wider base        | modes.json                    | {"read-only": {"profile": "full-access"}} | $["read-only"].profile: a workspace may only narrow the mode "read-only": "full-access" is wider than "read-only"
            a new mode          | modes.json                    | {"yolo": {"profile": "full-access"}}    | $.yolo: a workspace may not add modes
            """)
    void theWorkspaceLayerCannotWiden(String name, String file, String json, String message) throws IOException {
        write(workspace, ".airlock/" + file, json);

        assertThatThrownBy(() -> loader.load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock")))))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith(workspace.resolve(".airlock/" + file) + ": " + message);
    }

    @Test
    void aBadValueInALayerNamesThatLayersFile() throws IOException {
        write(user, "profiles/workspace-write.json", "{\"limits\": {\"pids\": \"many\"}}");

        assertThatThrownBy(this::load).hasMessageStartingWith(
                user.resolve("profiles/workspace-write.json") + ": $.limits.pids: expected a whole number");
    }

    @Test
    void aModeNamingAMissingProfileNamesTheModesFile() throws IOException {
        write(user, "modes.json", "{\"default\": {\"escalateTo\": [\"root\"]}}");

        assertThatThrownBy(this::load).hasMessageStartingWith(
                user.resolve("modes.json") + ": $.default.escalateTo[0]: no such profile; allowed:");
    }

    @TempDir
    Path host;

    @Test
    void aWorkspaceLayerFileLinkedToAHostFileIsRefusedWithoutQuotingIt() throws IOException {
        Files.writeString(host.resolve("token"), "ghp_S3CRET\n");
        Files.createDirectories(workspace.resolve(".airlock"));
        Files.createSymbolicLink(workspace.resolve(".airlock/modes.json"), host.resolve("token"));

        assertThatThrownBy(() -> loader.load(new CatalogLoader.Sources(Optional.of(user), Optional.of(workspace.resolve(".airlock")))))
                .isInstanceOf(ProfileException.class)
                .hasMessage(workspace.resolve(".airlock/modes.json") + ": $: refused: is a symbolic link; Airlock follows no link in the "
                        + "workspace (a workspace's .airlock/ holds plain folders and regular files only)")
                .satisfies(e -> assertThat(((ProfileException) e).hint()).doesNotContain("S3CRET"));
    }
}

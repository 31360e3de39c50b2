package dev.airlock.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogLoaderTest {

    final CatalogLoader loader = new CatalogLoader();

    private Profile load(String json) {
        return loader.profile("p", new ConfigReader("profiles/p.json"), loader.parse("profiles/p.json", json));
    }

    @Test
    void builtInProfilesAndModesLoad() {
        Catalog catalog = loader.builtIn();

        assertThat(catalog.profile("read-only").workspace()).isEqualTo(WorkspaceAccess.READ_ONLY);
        assertThat(catalog.profile("workspace-write").workspace()).isEqualTo(WorkspaceAccess.READ_WRITE);
        assertThat(catalog.mode("default").profile()).isEqualTo("workspace-write");
        assertThat(catalog.mode("read-only").profile()).isEqualTo("read-only");
        assertThat(catalog.profile("network-allowlisted").network()).isEqualTo(NetworkMode.ALLOWLISTED);
        assertThat(catalog.profile("full-access").network()).isEqualTo(NetworkMode.OPEN);
        assertThat(catalog.modes().keySet()).containsExactly("auto-review", "default", "full-access", "read-only");
        assertThat(catalog.profiles().values()).allSatisfy(p -> {
            assertThat(p.capabilities()).isEmpty();
            assertThat(p.maskedPaths()).contains(".env", ".env.*", "*.pem", "*.key", "id_rsa*", ".npmrc", ".pypirc",
                    ".netrc", ".aws/", ".ssh/", ".docker/config.json");
            assertThat(p.protectedPaths()).contains(".git/hooks", ".git/config", ".airlock/");
        });
    }

    @Test
    void aFullProfileIsRead() {
        Profile p = load("""
                {"description": "d", "image": "img:1", "runtime": "runsc", "workspace": "read-write", "network": "open",
                 "domains": ["example.test"], "capabilities": ["NET_BIND_SERVICE"],
                 "limits": {"cpus": 0.5, "memory": "512m", "pids": 64, "timeout": "30s", "output": "64k"},
                 "env": ["TERM"], "maskedPaths": [".env"], "protectedPaths": [".git/hooks"]}""");

        assertThat(p.ociRuntime()).contains("runsc");
        assertThat(p.limits()).isEqualTo(new Limits(0.5, 512L << 20, 64, Duration.ofSeconds(30), 64L << 10));
        assertThat(p.capabilities()).containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void everyWritableBuiltInProfilePinsGitAndProtectsWhatHostProgramsRun() {
        Catalog catalog = loader.builtIn();
        for (String name : List.of("workspace-write", "network-allowlisted", "full-access")) {
            Profile p = catalog.profile(name);
            assertThat(p.pinnedPaths()).as(name).containsExactly(".git");
            assertThat(p.protectedPaths()).as(name).contains(".git/hooks", ".git/config", ".git/HEAD", ".git/info/",
                    ".git/commondir", ".git/objects/info/alternates", ".git/modules/**/config", ".git/modules/**/hooks");
            assertThat(p.hostToolPaths()).as(name).contains(".claude/", ".codex/", ".mcp.json", ".vscode/", ".envrc",
                    ".idea/", ".cursor/", ".gemini/", ".continue/", ".husky/");
            assertThat(p.readOnlyPaths()).as(name).containsAll(p.hostToolPaths());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field          | {"workspace": "read-only", "network": "none", "netwrok": "open"}  | profiles/p.json: $.netwrok: unknown field; allowed fields: caches, capabilities, description
            bad enum value         | {"workspace": "rw", "network": "none"}                             | profiles/p.json: $.workspace: "rw" is not allowed; allowed: read-only, read-write
            missing workspace      | {"network": "none"}                                                | profiles/p.json: $.workspace: missing; allowed: read-only, read-write
            bad network            | {"workspace": "read-only", "network": "host"}                      | profiles/p.json: $.network: "host" is not allowed; allowed: none, allowlisted, open
            bad size               | {"workspace": "read-only", "network": "none", "limits": {"memory": "lots"}} | profiles/p.json: $.limits.memory: "lots" is not a size
            bad duration           | {"workspace": "read-only", "network": "none", "limits": {"timeout": "soon"}} | profiles/p.json: $.limits.timeout: "soon" is not a duration
            unknown limit          | {"workspace": "read-only", "network": "none", "limits": {"disk": "1g"}} | profiles/p.json: $.limits.disk: unknown field; allowed fields: cpus, memory, output, pids, timeout
            pids out of range      | {"workspace": "read-only", "network": "none", "limits": {"pids": 0}} | profiles/p.json: $.limits.pids: expected a whole number from 8 to
            bad capability         | {"workspace": "read-only", "network": "none", "capabilities": ["CAP_SYS_ADMIN"]} | profiles/p.json: $.capabilities[0]: "CAP_SYS_ADMIN" is not a Linux capability name
            bad env name           | {"workspace": "read-only", "network": "none", "env": ["A-B"]}      | profiles/p.json: $.env[0]: "A-B" is not an environment variable name
            list of non-strings    | {"workspace": "read-only", "network": "none", "maskedPaths": [1]}  | profiles/p.json: $.maskedPaths[0]: expected a non-empty string, found 1
            pinned path leaves     | {"workspace": "read-write", "network": "none", "pinnedPaths": ["../x"]} | profiles/p.json: $.pinnedPaths[0]: "../x" is not allowed; allowed: a path inside the workspace
            host tool path empty   | {"workspace": "read-write", "network": "none", "hostToolPaths": ["/"]} | profiles/p.json: $.hostToolPaths[0]: "/" is not allowed
            not an object          | []                                                                 | profiles/p.json: $: expected a JSON object, found a list
            broken JSON            | {"workspace": "read-only",                                         | profiles/p.json: $: not valid JSON at line 1
            duplicate key          | {"workspace": "read-only", "workspace": "read-write", "network": "none"} | profiles/p.json: $: not valid JSON at line 1
            """)
    void badProfilesAreRefusedNamingFileFieldAndWhatIsAllowed(String name, String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(ProfileException.class).hasMessageStartingWith(message);
    }


    @ParameterizedTest
    @CsvSource({"512, 512", "1k, 1024", "2m, 2097152", "1g, 1073741824", "1G, 1073741824", "3MiB, 3145728"})
    void sizesParse(String text, long bytes) {
        assertThat(ConfigReader.parseSize(text)).contains(bytes);
    }

    @ParameterizedTest
    @CsvSource({"'', ", "0, ", "-1m, ", "1x, ", "m, "})
    void badSizesDoNotParse(String text, String ignored) {
        assertThat(ConfigReader.parseSize(text)).isEmpty();
    }
}

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
                 "env": ["TERM"], "maskedPaths": [".env"], "protectedPaths": [".git/hooks"], "privateRanges": ["10.1.0.0/16"]}""");

        assertThat(p.ociRuntime()).contains("runsc");
        assertThat(p.limits()).isEqualTo(new Limits(0.5, 512L << 20, 64, Duration.ofSeconds(30), 64L << 10));
        assertThat(p.capabilities()).containsExactly("NET_BIND_SERVICE");
        assertThat(p.privateRanges()).containsExactly("10.1.0.0/16");
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
            bad enum value         | {"workspace": "rw", "network": "none"}                             | profiles/p.json: $.workspace: not allowed; allowed: read-only, read-write
            missing workspace      | {"network": "none"}                                                | profiles/p.json: $.workspace: missing; allowed: read-only, read-write
            bad network            | {"workspace": "read-only", "network": "host"}                      | profiles/p.json: $.network: not allowed; allowed: none, allowlisted, open
            bad size               | {"workspace": "read-only", "network": "none", "limits": {"memory": "lots"}} | profiles/p.json: $.limits.memory: found a string that is not a size
            bad duration           | {"workspace": "read-only", "network": "none", "limits": {"timeout": "soon"}} | profiles/p.json: $.limits.timeout: not a duration
            unknown limit          | {"workspace": "read-only", "network": "none", "limits": {"disk": "1g"}} | profiles/p.json: $.limits.disk: unknown field; allowed fields: cpus, memory, output, pids, timeout
            pids out of range      | {"workspace": "read-only", "network": "none", "limits": {"pids": 0}} | profiles/p.json: $.limits.pids: expected a whole number from 8 to
            bad capability         | {"workspace": "read-only", "network": "none", "capabilities": ["CAP_SYS_ADMIN"]} | profiles/p.json: $.capabilities[0]: not a Linux capability name
            bad env name           | {"workspace": "read-only", "network": "none", "env": ["A-B"]}      | profiles/p.json: $.env[0]: not an environment variable name
            list of non-strings    | {"workspace": "read-only", "network": "none", "maskedPaths": [1]}  | profiles/p.json: $.maskedPaths[0]: expected a non-empty string, found a number
            pinned path leaves     | {"workspace": "read-write", "network": "none", "pinnedPaths": ["../x"]} | profiles/p.json: $.pinnedPaths[0]: not allowed; allowed: a path inside the workspace
            host tool path empty   | {"workspace": "read-write", "network": "none", "hostToolPaths": ["/"]} | profiles/p.json: $.hostToolPaths[0]: not allowed
            not an object          | []                                                                 | profiles/p.json: $: expected a JSON object, found a list
            broken JSON            | {"workspace": "read-only",                                         | profiles/p.json: $: not valid JSON at line 1
            duplicate key          | {"workspace": "read-only", "workspace": "read-write", "network": "none"} | profiles/p.json: $: a field appears twice at line 1
            range not CIDR         | {"workspace": "read-only", "network": "open", "privateRanges": ["10.0.0.0"]} | profiles/p.json: $.privateRanges[0]: not allowed; allowed: an IPv4 range in CIDR form
            range octet too big    | {"workspace": "read-only", "network": "open", "privateRanges": ["10.0.0.256/32"]} | profiles/p.json: $.privateRanges[0]: not allowed
            range prefix too long  | {"workspace": "read-only", "network": "open", "privateRanges": ["10.0.0.0/33"]} | profiles/p.json: $.privateRanges[0]: not allowed
            range is IPv6          | {"workspace": "read-only", "network": "open", "privateRanges": ["fd00::/8"]} | profiles/p.json: $.privateRanges[0]: not allowed
            range bits past prefix | {"workspace": "read-only", "network": "open", "privateRanges": ["10.1.2.3/16"]} | profiles/p.json: $.privateRanges[0]: has bits set past its prefix; write the range's first address
            """)
    void badProfilesAreRefusedNamingFileFieldAndWhatIsAllowed(String name, String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(ProfileException.class).hasMessageStartingWith(message);
    }

    /** A file may hold anything (a token, a password line): a refusal says where and what is allowed, never what it found. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bare token             | ghp_S3CRETtoken0123456789
            shadow line            | root:$6$S3CRETsalt$hash:19000:0:99999:7:::
            token after a field    | {"workspace": "read-only", S3CRETtoken
            token as a value       | {"workspace": "S3CRETtoken", "network": "none"}
            token as a size        | {"workspace": "read-only", "network": "none", "limits": {"memory": "S3CRETtoken"}}
            token as a capability  | {"workspace": "read-only", "network": "none", "capabilities": ["S3CRETtoken"]}
            token as an env name   | {"workspace": "read-only", "network": "none", "env": ["S3CRET-token"]}
            """)
    void aRefusalNeverQuotesWhatTheFileHolds(String name, String json) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(ProfileException.class)
                .satisfies(e -> assertThat(e.getMessage() + ((ProfileException) e).hint()).doesNotContain("S3CRET").contains("profiles/p.json"));
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

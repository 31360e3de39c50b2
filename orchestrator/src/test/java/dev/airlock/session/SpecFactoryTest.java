package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.profile.CatalogLoader;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.Mount;
import dev.airlock.runtime.Network;
import dev.airlock.scope.WorkspaceScan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecFactoryTest {

    final dev.airlock.profile.Catalog catalog = new CatalogLoader().builtIn();
    final Workspace workspace = new Workspace(Path.of("/home/u/task"));
    final StateDir.RunFiles files = new StateDir.RunFiles(Path.of("/s/passwd"), Path.of("/s/group"), Path.of("/s/empty"), Path.of("/s/empty.d"),
            Path.of("/s/airlock-helper-0123"));
    WorkspaceScan scan = new WorkspaceScan(0, 0, List.of(), List.of(), List.of());

    private ContainerSpec spec(String profile, Map<String, String> hostEnv) {
        return spec(profile, hostEnv, List.of());
    }

    private ContainerSpec spec(String profile, Map<String, String> hostEnv, List<String> passEnv) {
        return SpecFactory.spec(catalog.profile(profile), workspace, scan, new Identity(1000, 1001), files, hostEnv, passEnv,
                new SessionId("s-abcdefgh12"));
    }

    @Test
    void maskedPathsAreCoveredByEmptyFilesAndFoldersAndProtectedPathsStayReadOnly() {
        scan = new WorkspaceScan(3, 10, List.of(".env", "sub/.ssh/"), List.of(".git/config", ".git/hooks/"), List.of());

        assertThat(spec("workspace-write", Map.of()).mounts()).containsSubsequence(
                new Mount(Path.of("/home/u/task"), "/workspace", false),
                new Mount(Path.of("/home/u/task/.git/config"), "/workspace/.git/config", true),
                new Mount(Path.of("/home/u/task/.git/hooks"), "/workspace/.git/hooks", true),
                new Mount(Path.of("/s/empty"), "/workspace/.env", true),
                new Mount(Path.of("/s/empty.d"), "/workspace/sub/.ssh", true));
        // a read-only workspace needs no protection mounts, but its secrets are still masked
        assertThat(spec("read-only", Map.of()).mounts()).hasSize(6);
    }

    @Test
    void pinnedPathsAreBoundOntoThemselvesWritableBeforeTheirProtectedInsides() {
        scan = new WorkspaceScan(3, 10, List.of(), List.of(".git/config"), List.of(), List.of(".git/", "sub/.git"),
                dev.airlock.scope.Watched.none());

        assertThat(spec("workspace-write", Map.of()).mounts()).containsSubsequence(
                new Mount(Path.of("/home/u/task"), "/workspace", false),
                new Mount(Path.of("/home/u/task/.git"), "/workspace/.git", false),
                new Mount(Path.of("/home/u/task/sub/.git"), "/workspace/sub/.git", false),
                new Mount(Path.of("/home/u/task/.git/config"), "/workspace/.git/config", true));
        assertThat(spec("read-only", Map.of()).mounts()).noneMatch(m -> m.containerPath().endsWith(".git"));
    }

    @Test
    void namesPassedWithEnvAreTheOnlyAdditions() {
        var env = SpecFactory.execEnv(catalog.profile("workspace-write"), new Identity(1000, 1001),
                Map.of("GITHUB_TOKEN", "ghp_x", "OTHER", "o"), List.of("GITHUB_TOKEN"));

        assertThat(env).containsEntry("GITHUB_TOKEN", "ghp_x").doesNotContainKey("OTHER");
    }

    @Test
    void theWorkspaceIsTheOnlyHostFolderAndItsAccessFollowsTheProfile() {
        assertThat(spec("read-only", Map.of()).mounts()).containsExactly(
                new Mount(Path.of("/home/u/task"), "/workspace", true),
                new Mount(Path.of("/s/passwd"), "/etc/passwd", true),
                new Mount(Path.of("/s/group"), "/etc/group", true),
                new Mount(Path.of("/s/airlock-helper-0123"), "/run/airlock-helper", true));
        assertThat(spec("workspace-write", Map.of()).mounts().getFirst().readOnly()).isFalse();
    }

    @Test
    void onlyTheEnvironmentNamesTheProfileListsPass() {
        var hostEnv = Map.of("TERM", "xterm", "GITHUB_TOKEN", "ghp_x", "AWS_SECRET_ACCESS_KEY", "k", "PATH", "/host/bin", "HOME", "/root");
        var env = SpecFactory.execEnv(catalog.profile("workspace-write"), new Identity(1000, 1001), hostEnv, List.of());
        // the container's own environment holds nothing of the host at all
        assertThat(spec("workspace-write", hostEnv).env()).containsOnlyKeys("PATH", "HOME", "LANG");

        assertThat(env).containsEntry("TERM", "xterm").containsEntry("HOME", "/home/airlock")
                .doesNotContainKeys("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY");
        assertThat(env.get("PATH")).doesNotContain("/host/bin");
    }

    @Test
    void theUserNetworkAndLabelsAreSet() {
        ContainerSpec spec = spec("workspace-write", Map.of());

        assertThat(spec.user()).isEqualTo("1000:1001");
        assertThat(spec.network()).isEqualTo(Network.NONE);
        assertThat(spec.capAdd()).isEmpty();
        assertThat(spec.labels()).containsEntry("dev.airlock.session", "s-abcdefgh12").containsEntry("dev.airlock.profile", "workspace-write");
        assertThat(spec.tmpfs()).extracting(t -> t.containerPath()).containsExactly("/tmp", "/home/airlock", "/dev/shm");
        assertThat(spec.tmpfs().get(1).uid()).isEqualTo(1000);
    }

    @Test
    void sharedMemoryIsSmallWhenTheWorkspaceIsReadOnlyAndNeverExecutable() {
        var readOnly = spec("read-only", Map.of()).tmpfs().get(2);
        var writable = spec("workspace-write", Map.of()).tmpfs().get(2);

        assertThat(readOnly.sizeBytes()).isEqualTo(1L << 20);
        assertThat(writable.sizeBytes()).isEqualTo(64L << 20);
        assertThat(writable.options()).startsWith("rw,noexec,nosuid,nodev,");
    }

    @Test
    void anOpenProfileGetsTheFencedNetworkWithItsPrivateRanges() {
        assertThat(spec("full-access", Map.of()).network()).isEqualTo(new Network.Open(List.of()));
    }

    @Test
    void theIdleProcessIsAloneAndAnAllowlistedCommandBringsItsOwnRelay() {
        var spec = SpecFactory.spec(catalog.profile("network-allowlisted"), workspace, scan, new Identity(1000, 1001), files,
                Map.of(), List.of(), new SessionId("s-abcdefgh12"), java.util.Optional.of(Path.of("/s/egress")), Map.of());
        var argv = SpecFactory.relayed("abc.sock", List.of("curl", "-s", "x"));

        // Airlock's own static helper idles and relays: nothing of the image (cat, sh, socat) is needed
        assertThat(spec.init()).containsExactly("/run/airlock-helper", "idle");
        assertThat(spec.mounts()).contains(new Mount(Path.of("/s/egress"), "/run/airlock", true),
                new Mount(Path.of("/s/airlock-helper-0123"), "/run/airlock-helper", true));
        assertThat(argv).containsExactly("/run/airlock-helper", "relay", "abc.sock", "curl", "-s", "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecFactory.relayed("../x y", List.of("true")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.PackageIndex;
import dev.airlock.testing.PackageServers;
import dev.airlock.testing.Scripts;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's Python proof: a real project whose {@code pip install -r requirements.txt} goes through Airlock's
 * egress proxy (an allowlisted profile, one host allowed) to a package index the test serves, then
 * {@code python3 -m pytest} passes inside the sandbox; a host not on the list gets nothing.
 */
class PythonProjectIT {

    @AutoClose
    static PackageIndex index;

    @TempDir
    Path root;
    Path workspace;
    PackageServers.Folders folders;

    @BeforeEach
    void folders() throws Exception {
        folders = PackageServers.Folders.under(root);
        workspace = folders.workspace();
    }

    @BeforeAll
    static void startIndex() throws Exception {
        PackageServers.assumeSandboxHas("pip3");
        index = PackageIndex.serving("airlockdemo", "1.0", "def greet(name):\n    return 'hello ' + name\n");
    }

    @Test
    void pipInstallsThroughTheProxyAndPytestPasses() throws Exception {
        String url = "http://pypi.test:" + index.port() + "/simple/";
        PackageIndex.write(workspace.resolve("requirements.txt"), "airlockdemo==1.0\n");
        long before = index.wheelDownloads();
        PackageIndex.write(workspace.resolve("test_app.py"),
                "import airlockdemo\n\ndef test_greet():\n    assert airlockdemo.greet('you') == 'hello you'\n");

        var result = folders.cli().run("run", "--workspace", workspace.toString(), "--approver", "deny",
                "--profile", "network-allowlisted", "--allow-domain", "pypi.test:" + index.port(),
                "--resolve", "pypi.test=127.0.0.1", "--",
                "sh", "-c", "python3 -m venv --system-site-packages .venv && .venv/bin/pip install -q "
                        + "--disable-pip-version-check -i " + url + " --trusted-host pypi.test -r requirements.txt && .venv/bin/python -m pytest -q -p no:cacheprovider");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("1 passed");
        assertThat(index.wheelDownloads()).isEqualTo(before + 1);
        assertThat(workspace.resolve(".venv/lib/python3.11/site-packages/airlockdemo/__init__.py")).exists();
    }

    @Test
    void aHostNotOnTheListGetsNothingAndTheRunSaysSo() throws Exception {
        long before = index.wheelDownloads();
        PackageIndex.write(workspace.resolve("requirements.txt"), "airlockdemo==1.0\n");

        var args = new java.util.ArrayList<>(List.of("run", "--workspace", workspace.toString(), "--approver", "deny", "--no-retry",
                "--profile", "network-allowlisted", "--allow-domain", "pypi.test:" + index.port(),
                "--resolve", "pypi.test=127.0.0.1", "--resolve", "elsewhere.test=127.0.0.1", "--"));
        args.addAll(
                // hidden from the assessment, so only the proxy stands in the way
                Scripts.opaque("python3 -m venv .venv && .venv/bin/pip install --retries 0 --timeout 5 "
                        + "--disable-pip-version-check -i http://elsewhere.test:" + index.port() + "/simple/ "
                        + "--trusted-host elsewhere.test -r requirements.txt"));
        var result = folders.cli().run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.toString()).isNotZero();
        assertThat(result.err()).contains("elsewhere.test");
        assertThat(index.wheelDownloads()).isEqualTo(before);
    }
}

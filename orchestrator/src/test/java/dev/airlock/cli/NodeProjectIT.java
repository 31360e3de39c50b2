package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.NpmRegistry;
import dev.airlock.testing.PackageIndex;
import dev.airlock.testing.PackageServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's Node proof: a real project whose {@code npm ci} goes through Airlock's egress proxy (an
 * allowlisted profile, one host allowed) to a verdaccio registry the test runs, then {@code npm test} passes
 * inside the sandbox.
 */
class NodeProjectIT {

    @AutoClose
    static NpmRegistry registry;
    static NpmRegistry.Published demo;
    @TempDir
    static Path scratch;

    @BeforeAll
    static void startRegistry() throws Exception {
        PackageServers.assumeSandboxHas("node", "npm");
        registry = NpmRegistry.start();
        Path pkg = scratch.resolve("airlock-demo");
        PackageIndex.write(pkg.resolve("package.json"), "{\"name\":\"airlock-demo\",\"version\":\"1.0.0\",\"main\":\"index.js\"}\n");
        PackageIndex.write(pkg.resolve("index.js"), "exports.greet = (name) => 'hello ' + name;\n");
        demo = registry.publish("airlock-demo", "1.0.0", pkg, scratch);
    }

    @Test
    void npmCiInstallsThroughTheProxyAndNpmTestPasses(@TempDir Path root) throws Exception {
        var folders = PackageServers.Folders.under(root);
        Path workspace = folders.workspace();
        String base = "http://npm.test:" + registry.port() + "/";
        PackageIndex.write(workspace.resolve("package.json"), """
                {"name":"app","version":"1.0.0","private":true,
                 "dependencies":{"airlock-demo":"1.0.0"},
                 "scripts":{"test":"node test.js"}}
                """);
        PackageIndex.write(workspace.resolve("package-lock.json"), """
                {"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,
                 "packages":{"":{"name":"app","version":"1.0.0","dependencies":{"airlock-demo":"1.0.0"}},
                  "node_modules/airlock-demo":{"version":"1.0.0","resolved":"%sairlock-demo/-/airlock-demo-1.0.0.tgz","integrity":"%s"}}}
                """.formatted(base, demo.integrity()));
        PackageIndex.write(workspace.resolve("test.js"), """
                const assert = require('node:assert');
                assert.strictEqual(require('airlock-demo').greet('you'), 'hello you');
                console.log('1 passed, 0 failed');
                """);

        var result = folders.cli().run("run", "--workspace", workspace.toString(), "--approver", "deny",
                "--profile", "network-allowlisted", "--allow-domain", "npm.test:" + registry.port(),
                "--resolve", "npm.test=127.0.0.1", "--",
                "sh", "-c", "npm ci --registry " + base + " --no-audit --no-fund && npm test");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("1 passed, 0 failed");
        assertThat(workspace.resolve("node_modules/airlock-demo/index.js")).exists();
    }
}

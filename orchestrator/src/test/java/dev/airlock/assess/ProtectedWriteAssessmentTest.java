package dev.airlock.assess;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writing a path the sandbox keeps read-only is destructive, so a person is asked, and says which path. */
class ProtectedWriteAssessmentTest {

    static final Classifier CLASSIFIER = new Classifier(Settings.defaults().withProtected(List.of(
            ".git/hooks", ".git/config", ".airlock/", ".claude/", ".codex/", ".mcp.json", ".vscode/", ".envrc")));

    static Stream<Arguments> cases() {
        return Expect.table("""
                DESTRUCTIVE :: writes-protected:.claude/settings.json :: echo '{}' > .claude/settings.json
                DESTRUCTIVE :: writes-protected:.mcp.json :: printf x > .mcp.json
                DESTRUCTIVE :: writes-protected:.envrc :: echo 'export A=1' >> .envrc
                DESTRUCTIVE :: writes-protected:.codex/config.toml :: cp /tmp/c.toml .codex/config.toml
                DESTRUCTIVE :: writes-protected:.vscode/tasks.json :: mv tasks.json .vscode/tasks.json
                DESTRUCTIVE :: writes-protected:app/.vscode/tasks.json :: touch app/.vscode/tasks.json
                DESTRUCTIVE :: writes-protected:.claude :: rm -rf .claude
                DESTRUCTIVE :: writes-protected:.git/hooks/pre-commit :: echo x > .git/hooks/pre-commit
                WRITE :: !writes-protected :: echo x > claude.txt
                WRITE :: !writes-protected :: echo x > src/.claudeish
                """);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void writingAProtectedPathIsAskedAbout(String command, Tier tier, String expectations) {
        Expect.check(CLASSIFIER.assessLine(command), command, tier, expectations);
    }
}

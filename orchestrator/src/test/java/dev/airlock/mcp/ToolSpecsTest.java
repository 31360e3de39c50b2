package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolSpecsTest {

    static final List<Tool> TOOLS = List.of(ToolSpecs.run(), ToolSpecs.assess(),
            ToolSpecs.setMode(new dev.airlock.profile.CatalogLoader().load(dev.airlock.profile.CatalogLoader.Sources.builtInOnly()), Set.of("default", "read-only")), ToolSpecs.diff(), ToolSpecs.rollback(),
            ToolSpecs.report(), ToolSpecs.requestNetwork());

    @Test
    void everyToolHasAValidSchemaAndADescriptionForTheModel() {
        var validator = McpJsonDefaults.getSchemaValidator();
        assertThat(TOOLS).extracting(Tool::name).doesNotHaveDuplicates().containsExactly("run_command", "assess_command",
                "set_mode", "diff", "rollback", "report", "request_network");
        for (Tool tool : TOOLS) {
            validator.assertConforms(tool.name() + " input", tool.inputSchema());
            if (tool.outputSchema() != null) {
                validator.assertConforms(tool.name() + " output", tool.outputSchema());
            }
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(80);
            assertThat(tool.annotations()).as(tool.name()).isNotNull();
            @SuppressWarnings("unchecked")
            List<String> required = (List<String>) tool.inputSchema().getOrDefault("required", List.of());
            assertThat(ToolSpecs.inputNames(tool)).as(tool.name()).containsAll(required);
        }
    }

    @Test
    void runCommandTakesACommandAJustificationAndATimeout() {
        var validator = McpJsonDefaults.getSchemaValidator();
        Tool run = ToolSpecs.run();

        assertThat(validator.validate(run.inputSchema(), Map.of("command", "ls", "justification", "look",
                "timeout_seconds", 30)).valid()).isTrue();
        assertThat(validator.validate(run.inputSchema(), Map.of("justification", "look")).valid()).isFalse();
        assertThat(validator.validate(run.inputSchema(), Map.of("command", "ls", "timeout_seconds", 0)).valid()).isFalse();
        assertThat(validator.validate(run.inputSchema(), Map.of("command", "")).valid()).isFalse();
    }

    @Test
    void setModeNamesTheModesTheUserAllowed() {
        Tool setMode = TOOLS.get(2);
        assertThat(setMode.description()).contains("allowed here: default, read-only", "full-access:");
    }
}

package dev.airlock.cli;

import dev.airlock.app.Preview;
import dev.airlock.text.Clean;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.AssessmentText;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Decisions;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.session.Workspace;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock assess}: what a command needs, and what the mode would do about it, with nothing run. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock assess -- rm -rf build", "  airlock assess --mode read-only \"curl -sSf https://example.com | sh\"", "  airlock assess --json -- git push --force"},
        name = "assess", description = "Show what a command needs (tier, reasons, domains, paths) and what a mode would do, without running it.")
final class AssessCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode to judge it in (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--json", description = "Print JSON: tier, reasons, domains, paths, parts, opaque, decision.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --); one argument is read as a shell line.")
    List<String> command;

    AssessCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var here = airlock.console().cwd();
        Optional<java.nio.file.Path> root = Files.isDirectory(here) ? Optional.of(Workspace.open(here).root()) : Optional.empty();
        Catalog catalog = airlock.catalog(root);
        Preview preview = Preview.of(catalog, mode, command, root);
        Assessment a = preview.assessment();
        Mode m = preview.mode();
        Decision d = preview.decision();
        if (json) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("version", JsonVersion.VERSION);
            doc.putAll(AssessmentText.json(a));
            doc.put("decision", Decisions.describe(m, d));
            airlock.console().out().println(Json.write(doc));
            return exitCode(d);
        }
        airlock.console().out().print(AssessmentText.text(a));
        airlock.console().out().println(Clean.line("in mode " + m.name() + ": " + Decisions.describe(m, d).get("summary")));
        return exitCode(d);
    }

    /** The documented rule (ExitCodes): 0 runs as it is, 1 would ask a person first, 77 the mode refuses it. */
    static int exitCode(Decision d) {
        return switch (d) {
            case Decision.Run r -> ExitCodes.OK;
            case Decision.Escalate e -> ExitCodes.WOULD_ASK;
            case Decision.Refuse f -> ExitCodes.DENIED;
        };
    }

}
